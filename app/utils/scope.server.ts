import { eq, inArray, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "#db/client";
import { institutions, userMonitoringAreas, type Institution } from "#db/schema";
import { AppError } from "./errors";

/**
 * The set of institutions a user may see. Every query over records that belong to an
 * institution takes a Scope and filters through `scopeFilter`; services never accept a bare db
 * for such reads (see docs/decisions/005-institution-scope.md).
 */
export type Scope = { readonly all: true } | { readonly all: false; readonly institutionIds: readonly number[] };

export const FULL_SCOPE: Scope = { all: true };

export function scopeFilter(scope: Scope, institutionColumn: SQLiteColumn): SQL {
  if (scope.all) return sql`1 = 1`;
  if (scope.institutionIds.length === 0) return sql`1 = 0`;
  return inArray(institutionColumn, [...scope.institutionIds]);
}

export function scopeIncludes(scope: Scope, institutionId: number): boolean {
  return scope.all || scope.institutionIds.includes(institutionId);
}

/** The one message for an institution a form names that the user may not work in (or that does not exist). */
export const INSTITUTION_OUT_OF_SCOPE = "errors.institutionOutOfScope";

/**
 * The one institution-scope check of a write that names an institution (a new resident, housing
 * unit, staff member, support session, grant, import): the institution exists and is in the
 * user's scope, else a validation refusal with one message (`INSTITUTION_OUT_OF_SCOPE`) — the
 * same for both, so nothing tells an institution outside the scope from one that does not exist.
 * Records that already exist are found through `scopeFilter` and answer 404 instead.
 */
export function institutionInScope(ctx: { scope: Scope }, institutionId: number, db: DbOrTx): Institution {
  const inst = scopeIncludes(ctx.scope, institutionId)
    ? db.select().from(institutions).where(eq(institutions.id, institutionId)).get()
    : undefined;
  if (!inst) throw new AppError("validation", INSTITUTION_OUT_OF_SCOPE);
  return inst;
}

/**
 * The one test that a plan area is granted to a monitoring user (decision 033): the area itself,
 * or its whole country (user_monitoring_areas). Institutions, plans and the monitoring pages all
 * ask it, so an area granted without an institution is still the user's.
 */
export function areaGrantedSql(
  userId: number | SQL | Placeholder,
  municipalityId: SQLiteColumn | SQL,
  country: SQLiteColumn | SQL,
): SQL {
  return sql`exists (select 1 from ${userMonitoringAreas} a where a.user_id = ${userId} and (a.municipality_id = ${municipalityId} or a.country = ${country}))`;
}
