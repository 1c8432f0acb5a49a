import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { communityServices } from "./transition-records";
import { users } from "./users";

/**
 * Hours of a community service delivered on a day (issue #17 item 2, decision 048): a home-care
 * assistant's two hours on Tuesday. Several entries may share a day (morning and evening visits);
 * the service's current entries of one day total at most 24 hours (checked by the service layer).
 *
 * Append-only like case notes (decision 023; triggers refuse UPDATE and DELETE): a correction is a
 * new row superseding the entry (`supersedes_id`, with the reason); a removal is such a row with
 * `removed` set. An entry is corrected at most once (unique `supersedes_id`): two people correcting
 * the same entry cannot both win. Anonymisation (decision 042) may empty `note` and `reason` once.
 */
export const serviceDeliveries = sqliteTable(
  "service_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    serviceId: integer("service_id")
      .notNull()
      .references(() => communityServices.id, { onDelete: "cascade" }),
    /** The day the hours were delivered (institution time zone), never after the day it is written. */
    deliveredOn: text("delivered_on").notNull(),
    /** Hours delivered that day by this entry: more than 0, at most 24, in quarters of an hour or finer. */
    hours: real("hours").notNull(),
    /** A short note (who came, what was done): free text, emptied by anonymisation. */
    note: text("note"),
    recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
    /** When it was written (ISO instant). */
    recordedAt: text("recorded_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    /** A correction or removal: the entry it replaces. Null for an original entry. */
    supersedesId: integer("supersedes_id").references((): AnySQLiteColumn => serviceDeliveries.id, {
      onDelete: "restrict",
    }),
    /** This version removes the entry (its hours no longer count); set only on a superseding row. */
    removed: integer("removed", { mode: "boolean" }).notNull().default(false),
    /** Why a correction or removal was made (required for one). */
    reason: text("reason"),
    /** Set once by anonymisation: the note and reason are emptied (decision 042). */
    redactedAt: text("redacted_at"),
  },
  (t) => [
    index("service_deliveries_service_idx").on(t.serviceId, t.deliveredOn),
    uniqueIndex("service_deliveries_supersedes_unique").on(t.supersedesId),
  ],
);

export type ServiceDelivery = typeof serviceDeliveries.$inferSelect;
