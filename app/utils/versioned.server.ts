import { and, eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../../db/client";
import { AppError } from "./errors";

type VersionedTable = SQLiteTable & { id: SQLiteColumn; version: SQLiteColumn };

/**
 * The one optimistic-concurrency write: succeeds only when the row still has the version the
 * user saw, and bumps it. Otherwise nothing is written and the user is told (409).
 */
export function updateVersioned<T extends VersionedTable>(
  db: DbOrTx,
  table: T,
  id: number,
  expectedVersion: number,
  set: Partial<T["$inferInsert"]>,
): void {
  const res = db
    .update(table)
    .set({ ...set, version: expectedVersion + 1 } as never)
    .where(and(eq(table.id, id), eq(table.version, expectedVersion)))
    .run();
  if (res.changes === 0) {
    const exists = db
      .select({ id: table.id })
      .from(table as SQLiteTable)
      .where(eq(table.id, id))
      .get();
    if (!exists) throw new AppError("not_found", "errors.notFound.body");
    throw new AppError("conflict", "errors.conflict");
  }
}
