import { and, eq, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db, DbOrTx } from "#db/client";
import { AppError } from "./errors";
import { preparedQueries } from "./prepared.server";

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

/**
 * `updateVersioned` for a hot path (a workflow event's snapshot): the same conditional write and
 * the same answers, of a fixed set of columns, prepared once per connection so drizzle does not
 * write its SQL each time. The values are bound as given: a JSON column takes its JSON text.
 */
export function preparedVersionedUpdate<
  T extends VersionedTable & { id: SQLiteColumn },
  C extends keyof T["$inferInsert"] & string,
>(table: T, columns: readonly C[]) {
  const prepared = preparedQueries((db: Db) =>
    db
      .update(table as unknown as SQLiteTable)
      .set({
        ...Object.fromEntries(columns.map((c) => [c, sql`${sql.placeholder(c)}`])),
        version: sql`${sql.placeholder("nextVersion")}`,
      } as never)
      .where(and(eq(table.id, sql.placeholder("id")), eq(table.version, sql.placeholder("expectedVersion"))))
      .prepare(),
  );
  return (db: DbOrTx, id: number, expectedVersion: number, values: Record<C, unknown>) => {
    const res = prepared(db).run({ ...values, id, expectedVersion, nextVersion: expectedVersion + 1 });
    if (res.changes === 0) refuseStaleWrite(db, table, id);
  };
}
