import { and, asc, eq, ne, sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { qualified } from "#app/utils/sql";
import type { DbOrTx } from "#db/client";
import type { Country, TimeZone } from "#db/schema/enums";
import {
  grantInstitutions,
  grants,
  housingUnits,
  institutions,
  municipalities,
  plans,
  residents,
  staffMembers,
  userInstitutions,
  type Institution,
  type Municipality,
} from "#db/schema";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { scopeFilter } from "#app/utils/scope.server";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor, denyAccess } from "#app/modules/audit/service.server";
import type { InstitutionInput, InstitutionUpdateInput, MunicipalityInput, MunicipalityUpdateInput } from "./schemas";

const columns = {
  id: institutions.id,
  name: institutions.name,
  kind: institutions.kind,
  country: institutions.country,
  address: institutions.address,
  places: institutions.places,
  timeZone: institutions.timeZone,
  municipalityId: institutions.municipalityId,
  municipalityName: municipalities.name,
  version: institutions.version,
};

/** Institutions the user may see (of one plan area, if given): the scope filter is part of the query, not an afterthought. */
export function listInstitutions(ctx: ServiceContext, filter: { municipalityId?: number } = {}) {
  return ctx.db
    .select({
      ...columns,
      staffUsers: sql<number>`(select count(*) from ${userInstitutions} where ${userInstitutions.institutionId} = ${qualified(institutions.id)})`,
    })
    .from(institutions)
    .innerJoin(municipalities, eq(municipalities.id, institutions.municipalityId))
    .where(
      and(
        scopeFilter(ctx.scope, institutions.id),
        filter.municipalityId === undefined ? undefined : eq(institutions.municipalityId, filter.municipalityId),
      ),
    )
    .orderBy(asc(institutions.name))
    .all();
}

/** For choosing institutions in forms and list filters: the scope's institutions by name. */
export function listAllInstitutionsForAdmin(ctx: ServiceContext) {
  return ctx.db
    .select({ id: institutions.id, name: institutions.name, country: institutions.country })
    .from(institutions)
    .where(scopeFilter(ctx.scope, institutions.id))
    .orderBy(asc(institutions.name))
    .all();
}

/**
 * One institution, if the user may see it. Outside the scope the answer is the same 404 as for
 * a record that does not exist (nothing is revealed), and the attempt is audited.
 */
export function getInstitution(ctx: ServiceContext, id: number) {
  const row = ctx.db
    .select(columns)
    .from(institutions)
    .innerJoin(municipalities, eq(municipalities.id, institutions.municipalityId))
    .where(and(eq(institutions.id, id), scopeFilter(ctx.scope, institutions.id)))
    .get();
  if (!row) denyAccess(ctx, "institution", id);
  return row;
}

/**
 * The time zone of a page that is not about one institution: that of the first institution the
 * user may see (Europe/Warsaw when none). Pages about one institution use that institution's
 * zone; a page in this zone states it (`<TimesIn>`).
 */
export function userTimeZone(ctx: ServiceContext): TimeZone {
  const first = ctx.db
    .select({ timeZone: institutions.timeZone })
    .from(institutions)
    .where(scopeFilter(ctx.scope, institutions.id))
    .orderBy(asc(institutions.id))
    .limit(1)
    .get();
  return first?.timeZone ?? "Europe/Warsaw";
}

/** The countries of the institutions the user may see (a catalogue page offers their types only). */
export function countriesInScope(ctx: ServiceContext): Country[] {
  return ctx.db
    .selectDistinct({ country: institutions.country })
    .from(institutions)
    .where(scopeFilter(ctx.scope, institutions.id))
    .orderBy(asc(institutions.country))
    .all()
    .map((r) => r.country);
}

/** "Today" for a user whose page is not about one institution: the day in `userTimeZone`. */
export function userToday(ctx: ServiceContext): string {
  return localDate(ctx.now, userTimeZone(ctx));
}

/** Institutions of a plan area. */
export function institutionsOfMunicipality(db: DbOrTx, municipalityId: number): number[] {
  return db
    .select({ id: institutions.id })
    .from(institutions)
    .where(eq(institutions.municipalityId, municipalityId))
    .all()
    .map((r) => r.id);
}

// ---------- set-up by the administrator (decision 016) ----------

/** Whether any row of `table` matches `where` (one indexed lookup). */
function exists(db: DbOrTx, table: SQLiteTable, where: SQL): boolean {
  return !!db
    .select({ one: sql`1` })
    .from(table)
    .where(where)
    .limit(1)
    .get();
}

/** The fields of a change that differ, as the audit log keeps them: before and after. */
function changes<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const keys = (Object.keys(after) as (keyof T)[]).filter((k) => before[k] !== after[k]);
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  };
}

/** Plan areas, each with the number of its institutions (the administrator's list). */
export function listMunicipalities(ctx: ServiceContext) {
  return ctx.db
    .select({
      id: municipalities.id,
      country: municipalities.country,
      name: municipalities.name,
      kind: municipalities.kind,
      region: municipalities.region,
      version: municipalities.version,
      institutionCount: sql<number>`(select count(*) from ${institutions} where ${institutions.municipalityId} = ${qualified(municipalities.id)})`,
    })
    .from(municipalities)
    .orderBy(asc(municipalities.country), asc(municipalities.name), asc(municipalities.id))
    .all();
}

/** For choosing a plan area in the institution form. */
export function municipalityChoices(ctx: ServiceContext) {
  return ctx.db
    .select({ id: municipalities.id, name: municipalities.name, country: municipalities.country })
    .from(municipalities)
    .orderBy(asc(municipalities.name), asc(municipalities.id))
    .all();
}

export function getMunicipality(ctx: ServiceContext, id: number): Municipality {
  const row = ctx.db.select().from(municipalities).where(eq(municipalities.id, id)).get();
  if (!row) throw new AppError("not_found", "errors.notFound.body");
  return row;
}

/** Names compared as people read them: Unicode case and composition ignored (SQLite's lower() knows ASCII only). */
const sameName = (a: string, b: string) =>
  a.normalize("NFC").toLocaleLowerCase() === b.normalize("NFC").toLocaleLowerCase();

/** One plan area per name in a country: a second "Gmina Wieliczka" is a double submit or a typo. */
function assertMunicipalityNameFree(db: DbOrTx, input: MunicipalityInput, exceptId?: number) {
  const names = db
    .select({ name: municipalities.name })
    .from(municipalities)
    .where(
      and(
        eq(municipalities.country, input.country),
        exceptId === undefined ? undefined : ne(municipalities.id, exceptId),
      ),
    )
    .all();
  if (names.some((r) => sameName(r.name, input.name)))
    throw new AppError("validation", "municipalities.errors.nameTaken");
}

function municipalityValues(input: MunicipalityInput) {
  return {
    country: input.country,
    name: input.name,
    kind: input.kind,
    region: input.region,
  } satisfies Partial<Municipality>;
}

export function createMunicipality(ctx: ServiceContext, input: MunicipalityInput): number {
  return ctx.db.transaction(
    (tx) => {
      assertMunicipalityNameFree(tx, input);
      const values = municipalityValues(input);
      const id = tx.insert(municipalities).values(values).returning({ id: municipalities.id }).get().id;
      auditByActor(tx, ctx, {
        action: "municipality.created",
        entityType: "municipality",
        entityId: id,
        after: values,
      });
      return id;
    },
    { behavior: "immediate" },
  );
}

/**
 * Edits a plan area (optimistic concurrency). Its country stays once institutions, plans or
 * grants belong to it: their dates, catalogues and plan areas follow the country.
 */
export function updateMunicipality(ctx: ServiceContext, id: number, input: MunicipalityUpdateInput): void {
  ctx.db.transaction(
    (tx) => {
      const before = tx.select().from(municipalities).where(eq(municipalities.id, id)).get();
      if (!before) throw new AppError("not_found", "errors.notFound.body");
      if (
        input.country !== before.country &&
        (exists(tx, institutions, eq(institutions.municipalityId, id)) ||
          exists(tx, plans, eq(plans.municipalityId, id)) ||
          exists(tx, grants, eq(grants.municipalityId, id)))
      ) {
        throw new AppError("validation", "municipalities.errors.countryInUse");
      }
      assertMunicipalityNameFree(tx, input, id);
      const values = municipalityValues(input);
      updateVersioned(tx, municipalities, id, input.version, values);
      auditByActor(tx, ctx, {
        action: "municipality.updated",
        entityType: "municipality",
        entityId: id,
        ...changes(before, values),
      });
    },
    { behavior: "immediate" },
  );
}

/** The chosen plan area exists and is in the institution's country. */
function assertMunicipalityOfCountry(db: DbOrTx, input: InstitutionInput) {
  const m = db
    .select({ country: municipalities.country })
    .from(municipalities)
    .where(eq(municipalities.id, input.municipalityId))
    .get();
  if (!m) throw new AppError("validation", "institutions.errors.unknownMunicipality");
  if (m.country !== input.country) throw new AppError("validation", "institutions.errors.municipalityWrongCountry");
}

/** One institution per name in a plan area (a double submit otherwise makes two). */
function assertInstitutionNameFree(db: DbOrTx, input: InstitutionInput, exceptId?: number) {
  const names = db
    .select({ name: institutions.name })
    .from(institutions)
    .where(
      and(
        eq(institutions.municipalityId, input.municipalityId),
        exceptId === undefined ? undefined : ne(institutions.id, exceptId),
      ),
    )
    .all();
  if (names.some((r) => sameName(r.name, input.name)))
    throw new AppError("validation", "institutions.errors.nameTaken");
}

function institutionValues(input: InstitutionInput) {
  return {
    name: input.name,
    country: input.country,
    kind: input.kind,
    municipalityId: input.municipalityId,
    timeZone: input.timeZone,
    address: input.address,
    places: input.places,
  } satisfies Partial<Institution>;
}

/**
 * A new institution. Administrators see every institution (decision 005), so its creator can use
 * it at once; other users get it when an administrator grants it to them (Users).
 */
export function createInstitution(ctx: ServiceContext, input: InstitutionInput): number {
  return ctx.db.transaction(
    (tx) => {
      assertMunicipalityOfCountry(tx, input);
      assertInstitutionNameFree(tx, input);
      const values = institutionValues(input);
      const id = tx.insert(institutions).values(values).returning({ id: institutions.id }).get().id;
      auditByActor(tx, ctx, {
        action: "institution.created",
        entityType: "institution",
        entityId: id,
        institutionId: id,
        after: values,
      });
      return id;
    },
    { behavior: "immediate" },
  );
}

/** Records whose dates and catalogues follow the institution's country (and so its zone). */
function hasCountryBoundRecords(db: DbOrTx, id: number): boolean {
  return (
    exists(db, residents, eq(residents.institutionId, id)) ||
    exists(db, housingUnits, eq(housingUnits.institutionId, id)) ||
    exists(db, staffMembers, eq(staffMembers.institutionId, id)) ||
    exists(db, grantInstitutions, eq(grantInstitutions.institutionId, id))
  );
}

/**
 * Edits an institution (optimistic concurrency: a stale version is told, nothing is written).
 * Its country and time zone stay once it has residents, housing, staff or grants.
 */
export function updateInstitution(ctx: ServiceContext, id: number, input: InstitutionUpdateInput): void {
  getInstitution(ctx, id); // out of scope: audited 404 (outside the transaction, so the audit stays)
  ctx.db.transaction(
    (tx) => {
      const before = tx
        .select()
        .from(institutions)
        .where(and(eq(institutions.id, id), scopeFilter(ctx.scope, institutions.id)))
        .get();
      if (!before) throw new AppError("not_found", "errors.notFound.body");
      assertMunicipalityOfCountry(tx, input);
      if ((input.country !== before.country || input.timeZone !== before.timeZone) && hasCountryBoundRecords(tx, id)) {
        throw new AppError("validation", "institutions.errors.countryInUse");
      }
      assertInstitutionNameFree(tx, input, id);
      const values = institutionValues(input);
      updateVersioned(tx, institutions, id, input.version, values);
      auditByActor(tx, ctx, {
        action: "institution.updated",
        entityType: "institution",
        entityId: id,
        institutionId: id,
        ...changes(before, values),
      });
    },
    { behavior: "immediate" },
  );
}
