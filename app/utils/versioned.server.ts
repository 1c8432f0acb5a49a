import { and, eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "#db/client";
import { AppError } from "./errors";

type VersionedTable = SQLiteTable & { version: SQLiteColumn };

/**
 * The one optimistic-concurrency write: succeeds only when the row still has the version the
 * user saw, and bumps it. Otherwise nothing is written and the user is told (409); a row that is
 * not there is 404. Every write to a versioned table goes through here (a source scan in
 * tests/unit/versioned-writes.test.ts fails on a new raw write).
 *
 * The row is found by its `id`, or by `key` for a table keyed otherwise (a plan's publication is
 * keyed by its plan). A write that does not come from a form (a setting the page does not version)
 * passes the version it read in the same transaction: the bump still tells the next writer.
 */
export function updateVersioned<T extends VersionedTable & { id: SQLiteColumn }>(
  db: DbOrTx,
  table: T,
  id: number,
  expectedVersion: number,
  set: Partial<T["$inferInsert"]>,
): void;
export function updateVersioned<T extends VersionedTable>(
  db: DbOrTx,
  table: T,
  id: number,
  expectedVersion: number,
  set: Partial<T["$inferInsert"]>,
  key: SQLiteColumn,
): void;
export function updateVersioned<T extends VersionedTable>(
  db: DbOrTx,
  table: T,
  id: number,
  expectedVersion: number,
  set: Partial<T["$inferInsert"]>,
  key?: SQLiteColumn,
): void {
  const column = key ?? (table as unknown as { id: SQLiteColumn }).id;
  const res = db
    .update(table)
    .set({ ...set, version: expectedVersion + 1 } as never)
    .where(and(eq(column, id), eq(table.version, expectedVersion)))
    .run();
  if (res.changes === 0) refuseStaleWrite(db, table, id, column);
}

/**
 * Why a versioned write changed no row (the one answer of every versioned write, prepared ones
 * too): the row is gone (not found) or another writer was first (conflict).
 */
export function refuseStaleWrite(
  db: DbOrTx,
  table: VersionedTable,
  id: number,
  column: SQLiteColumn = (table as unknown as { id: SQLiteColumn }).id,
): never {
  const exists = db
    .select({ key: column })
    .from(table as SQLiteTable)
    .where(eq(column, id))
    .get();
  if (!exists) throw new AppError("not_found", "errors.notFound.body");
  throw new AppError("conflict", "errors.conflict");
}
