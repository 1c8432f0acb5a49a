import { inArray, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

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
