import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { qualified } from "#app/utils/sql";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "#db/client";
import { housingUnits, institutions, placements, residents, transitions, type HousingUnit } from "#db/schema";
import type { Country } from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { roleHasPermission } from "#app/utils/permissions";
import { institutionInScope, scopeFilter, scopeIncludes } from "#app/utils/scope.server";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor, denyAccess } from "#app/modules/audit/service.server";
import { findEntry, HOUSING_TYPES } from "#app/modules/catalogues/catalogues";
import type { HousingUnitInput, HousingUnitUpdateInput } from "./schemas";

/** Placement statuses that take a place: a reservation holds it before the move. */
const TAKING = ["reserved", "active"] as const;

/** Number of placements of the unit `unitId` (an SQL column or value) with `status`: a correlated subquery. */
function countPlacements(unitId: SQLiteColumn | number, status: (typeof TAKING)[number]): SQL<number> {
  const unit = typeof unitId === "number" ? sql`${unitId}` : qualified(unitId);
  return sql<number>`(select count(*) from ${placements} where ${placements.housingUnitId} = ${unit} and ${placements.status} = ${status})`;
}

/** Occupancy of the unit row in the query: one indexed subquery per count, never one query per unit. */
const occupancyColumns = {
  reserved: countPlacements(housingUnits.id, "reserved"),
  occupied: countPlacements(housingUnits.id, "active"),
  free: sql<number>`max(0, ${housingUnits.capacity} - ${countPlacements(housingUnits.id, "reserved")} - ${countPlacements(housingUnits.id, "active")})`,
};

const unitColumns = {
  id: housingUnits.id,
  institutionId: housingUnits.institutionId,
  institutionName: institutions.name,
  country: institutions.country,
  housingType: housingUnits.housingType,
  name: housingUnits.name,
  address: housingUnits.address,
  operatorName: housingUnits.operatorName,
  operatorKind: housingUnits.operatorKind,
  capacity: housingUnits.capacity,
  maxFundedUsers: housingUnits.maxFundedUsers,
  openedOn: housingUnits.openedOn,
  status: housingUnits.status,
  onInstitutionPremises: housingUnits.onInstitutionPremises,
  version: housingUnits.version,
  ...occupancyColumns,
};

/** Housing units of the user's institutions, each with its occupancy, in one query. */
export function listHousingUnits(ctx: ServiceContext) {
  return ctx.db
    .select(unitColumns)
    .from(housingUnits)
    .innerJoin(institutions, eq(institutions.id, housingUnits.institutionId))
    .where(scopeFilter(ctx.scope, housingUnits.institutionId))
    .orderBy(asc(institutions.name), asc(housingUnits.name), asc(housingUnits.id))
    .all();
}
export type HousingUnitRow = ReturnType<typeof listHousingUnits>[number];

/** A unit the user may see, with occupancy (else 404, audited). */
function findHousingUnit(ctx: ServiceContext, id: number, db: DbOrTx = ctx.db): HousingUnitRow {
  const row = db
    .select(unitColumns)
    .from(housingUnits)
    .innerJoin(institutions, eq(institutions.id, housingUnits.institutionId))
    .where(and(eq(housingUnits.id, id), scopeFilter(ctx.scope, housingUnits.institutionId)))
    .get();
  if (!row) denyAccess(ctx, "housing_unit", id);
  return row;
}

/**
 * One unit with its current placements (reserved and active). Residents are named only to users
 * who may read residents' personal data and only when the resident is in their scope; otherwise
 * the code alone (or nothing, outside the scope) is returned.
 */
export function getHousingUnit(ctx: ServiceContext, id: number) {
  const unit = findHousingUnit(ctx, id);
  const mayName = roleHasPermission(ctx.actor.role, "read:residents");
  const current = ctx.db
    .select({
      id: placements.id,
      status: placements.status,
      reservedOn: placements.reservedOn,
      plannedMoveOn: placements.plannedMoveOn,
      expiresOn: placements.expiresOn,
      movedInOn: placements.movedInOn,
      residentInstitutionId: transitions.institutionId,
      residentTimeZone: institutions.timeZone,
      residentCode: residents.code,
      firstName: residents.firstName,
      lastName: residents.lastName,
    })
    .from(placements)
    .innerJoin(transitions, eq(transitions.id, placements.transitionId))
    .innerJoin(residents, eq(residents.id, transitions.residentId))
    .innerJoin(institutions, eq(institutions.id, transitions.institutionId))
    .where(and(eq(placements.housingUnitId, id), inArray(placements.status, [...TAKING])))
    .orderBy(asc(placements.status), asc(residents.lastName), asc(residents.firstName), asc(placements.id))
    .all()
    .map(({ residentInstitutionId, residentTimeZone, residentCode, firstName, lastName, ...p }) => {
      const visible = scopeIncludes(ctx.scope, residentInstitutionId);
      return {
        ...p,
        /** A reservation past its "held until" still takes the place (decision 047). */
        expired: p.status === "reserved" && !!p.expiresOn && p.expiresOn < localDate(ctx.now, residentTimeZone),
        residentCode: visible ? residentCode : null,
        residentName: visible && mayName ? `${firstName} ${lastName}` : null,
      };
    });
  return { ...unit, placements: current };
}

/** Places of a unit not reserved or taken (never negative). For a reservation, call it inside its transaction. */
export function freePlaces(db: DbOrTx, unitId: number): number {
  const row = db
    .select({
      capacity: housingUnits.capacity,
      reserved: countPlacements(unitId, "reserved"),
      occupied: countPlacements(unitId, "active"),
    })
    .from(housingUnits)
    .where(eq(housingUnits.id, unitId))
    .get();
  if (!row) throw new AppError("not_found", "errors.notFound.body");
  return Math.max(0, row.capacity - row.reserved - row.occupied);
}

function takenPlaces(db: DbOrTx, unitId: number): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(placements)
    .where(and(eq(placements.housingUnitId, unitId), inArray(placements.status, [...TAKING])))
    .get()!.n;
}

/** The rules of the unit form that need the institution and the catalogue. */
function checkUnit(input: HousingUnitInput, inst: { country: Country; timeZone: string }, now: Date) {
  const type = findEntry(HOUSING_TYPES, input.housingType);
  if (!type || type.country !== inst.country) {
    throw new AppError("validation", "housing.errors.typeWrongCountry");
  }
  if (input.status === "open" && !input.openedOn) {
    throw new AppError("validation", "housing.errors.openedOnRequired");
  }
  // A unit opened on a date must have a type valid that day; a planned one without a date, a
  // type still valid today.
  const today = localDate(now, inst.timeZone);
  const on = input.openedOn ?? (input.status === "planned" ? today : null);
  if (on && ((type.validFrom && on < type.validFrom) || (type.validTo && on > type.validTo))) {
    throw new AppError("validation", "housing.errors.typeNotValidOnDate");
  }
  if (input.maxFundedUsers != null && inst.country !== "BG") {
    throw new AppError("validation", "housing.errors.maxFundedOnlyBg");
  }
}

function normalize(input: HousingUnitInput) {
  return {
    institutionId: input.institutionId,
    housingType: input.housingType,
    name: input.name,
    address: input.address,
    operatorName: input.operatorName,
    operatorKind: input.operatorKind,
    capacity: input.capacity,
    maxFundedUsers: input.maxFundedUsers,
    openedOn: input.openedOn,
    status: input.status,
    onInstitutionPremises: input.onInstitutionPremises,
  } satisfies Partial<HousingUnit>;
}

export function createHousingUnit(ctx: ServiceContext, input: HousingUnitInput): number {
  return ctx.db.transaction(
    (tx) => {
      const inst = institutionInScope(ctx, input.institutionId, tx);
      checkUnit(input, inst, ctx.now);
      const values = { ...normalize(input), capacityAtOpening: input.openedOn ? input.capacity : null };
      const id = tx.insert(housingUnits).values(values).returning({ id: housingUnits.id }).get().id;
      auditByActor(tx, ctx, {
        action: "housing_unit.created",
        entityType: "housing_unit",
        entityId: id,
        institutionId: input.institutionId,
        after: values,
      });
      return id;
    },
    { behavior: "immediate" },
  );
}

/**
 * Edits a unit (optimistic concurrency). Capacity never goes below the places reserved or
 * taken; a unit with residents keeps its institution and cannot be closed.
 */
export function updateHousingUnit(ctx: ServiceContext, id: number, input: HousingUnitUpdateInput): void {
  findHousingUnit(ctx, id); // out of scope: audited 404 (outside the transaction, so the audit stays)
  ctx.db.transaction(
    (tx) => {
      const before = tx
        .select()
        .from(housingUnits)
        .where(and(eq(housingUnits.id, id), scopeFilter(ctx.scope, housingUnits.institutionId)))
        .get();
      if (!before) throw new AppError("not_found", "errors.notFound.body");
      const inst = institutionInScope(ctx, input.institutionId, tx);
      checkUnit(input, inst, ctx.now);
      const taken = takenPlaces(tx, id);
      if (taken > 0 && input.institutionId !== before.institutionId) {
        throw new AppError("validation", "housing.errors.institutionChangeWithPlacements");
      }
      if (taken > 0 && input.status === "closed") {
        throw new AppError("validation", "housing.errors.closeWithPlacements", { taken });
      }
      if (input.capacity < taken) {
        throw new AppError("validation", "housing.errors.capacityBelowOccupancy", { taken });
      }
      // PLACES_CREATED counts the capacity at opening: it follows the capacity until the opening
      // day has passed, then later changes of capacity leave it alone.
      const today = localDate(ctx.now, inst.timeZone);
      const capacityAtOpening = !input.openedOn
        ? null
        : before.capacityAtOpening == null || before.openedOn !== input.openedOn || today <= input.openedOn
          ? input.capacity
          : before.capacityAtOpening;
      const values = { ...normalize(input), capacityAtOpening };
      updateVersioned(tx, housingUnits, id, input.version, values);
      const changedKeys = (Object.keys(values) as (keyof typeof values)[]).filter((k) => before[k] !== values[k]);
      auditByActor(tx, ctx, {
        action: "housing_unit.updated",
        entityType: "housing_unit",
        entityId: id,
        institutionId: input.institutionId,
        before: Object.fromEntries(changedKeys.map((k) => [k, before[k]])),
        after: Object.fromEntries(changedKeys.map((k) => [k, values[k]])),
      });
    },
    { behavior: "immediate" },
  );
}
