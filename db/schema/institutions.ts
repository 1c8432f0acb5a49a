import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { COUNTRIES, INSTITUTION_KINDS, TIME_ZONES } from "./enums";
import { municipalities } from "./municipalities";

/** A residential care home (DPS / специализирана институция) or a community service unit. */
export const institutions = sqliteTable(
  "institutions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    municipalityId: integer("municipality_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "restrict" }),
    country: text("country", { enum: COUNTRIES }).notNull(),
    kind: text("kind", { enum: INSTITUTION_KINDS }).notNull(),
    name: text("name").notNull(),
    address: text("address"),
    /** Number of places (residents the institution may house); null when not recorded. */
    places: integer("places"),
    /** Dates of this institution's records are calendar dates in this zone. */
    timeZone: text("time_zone", { enum: TIME_ZONES }).notNull(),
    createdAt: text("created_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("institutions_municipality_idx").on(t.municipalityId)],
);

export type Institution = typeof institutions.$inferSelect;
export type NewInstitution = typeof institutions.$inferInsert;
