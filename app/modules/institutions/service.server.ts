import { and, asc, eq, sql } from "drizzle-orm";
import { qualified } from "../../utils/sql";
import type { DbOrTx } from "../../../db/client";
import { institutions, municipalities, userInstitutions } from "../../../db/schema";
import type { ServiceContext } from "../../utils/context.server";
import { localDate } from "../../utils/dates";
import { scopeFilter } from "../../utils/scope.server";
import { denyAccess } from "../audit/service.server";

const columns = {
  id: institutions.id,
  name: institutions.name,
  kind: institutions.kind,
  country: institutions.country,
  address: institutions.address,
  timeZone: institutions.timeZone,
  municipalityId: institutions.municipalityId,
  municipalityName: municipalities.name,
  version: institutions.version,
};

/** Institutions the user may see: the scope filter is part of the query, not an afterthought. */
export function listInstitutions(ctx: ServiceContext) {
  return ctx.db
    .select({
      ...columns,
      staffUsers: sql<number>`(select count(*) from ${userInstitutions} where ${userInstitutions.institutionId} = ${qualified(institutions.id)})`,
    })
    .from(institutions)
    .innerJoin(municipalities, eq(municipalities.id, institutions.municipalityId))
    .where(scopeFilter(ctx.scope, institutions.id))
    .orderBy(asc(institutions.name))
    .all();
}

/** For choosing institutions in forms (administrators). */
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
 * "Today" for a user whose page is not about one institution: the calendar day in the time zone
 * of the first institution they may see (Europe/Warsaw when none). Pages about one institution
 * use that institution's zone.
 */
export function userToday(ctx: ServiceContext): string {
  const first = ctx.db
    .select({ timeZone: institutions.timeZone })
    .from(institutions)
    .where(scopeFilter(ctx.scope, institutions.id))
    .orderBy(asc(institutions.id))
    .limit(1)
    .get();
  return localDate(ctx.now, first?.timeZone ?? "Europe/Warsaw");
}

/** Institutions of a plan area. */
export function institutionsOfMunicipality(db: DbOrTx, municipalityId: number): number[] {
  return db.select({ id: institutions.id }).from(institutions).where(eq(institutions.municipalityId, municipalityId)).all().map((r) => r.id);
}
