import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/**
 * Writes queued on a device while offline (issue #17, decision 031), by the id the device made
 * for each (a UUID): a write sent twice (a lost answer, a retry, two tabs) is applied once, and
 * the second sending gets the first one's outcome. Written in the same transaction as the write
 * it records; only accepted writes are kept (a refusal or conflict leaves nothing, so the worker
 * may send the same item again after resolving it).
 */
export const offlineWrites = sqliteTable("offline_writes", {
  /** The device-made id (idempotency key). */
  key: text("key").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  /** "visit" | "note" | "hours" */
  kind: text("kind").notNull(),
  residentId: integer("resident_id").notNull(),
  /** The id of the record written (the visit, the note). */
  recordId: integer("record_id").notNull(),
  appliedAt: text("applied_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

export type OfflineWrite = typeof offlineWrites.$inferSelect;
