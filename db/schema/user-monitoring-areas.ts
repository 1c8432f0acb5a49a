import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { COUNTRIES } from "./enums";
import { municipalities } from "./municipalities";
import { users } from "./users";

/**
 * The area a monitoring user (a regional or national coordinator: PL ROPS, BG Agency for Social
 * Assistance or a regional directorate) follows: one row per plan area, or one row for a whole
 * country. The institutions they see are those of these areas at the time of each request, so an
 * institution added later to a granted area (or country) is in scope at once (decision 033).
 */
export const userMonitoringAreas = sqliteTable(
  "user_monitoring_areas",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    municipalityId: integer("municipality_id").references(() => municipalities.id, { onDelete: "restrict" }),
    country: text("country", { enum: COUNTRIES }),
    grantedBy: integer("granted_by").references(() => users.id, { onDelete: "set null" }),
    grantedAt: text("granted_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    uniqueIndex("user_monitoring_areas_municipality_unique").on(t.userId, t.municipalityId),
    uniqueIndex("user_monitoring_areas_country_unique").on(t.userId, t.country),
    index("user_monitoring_areas_municipality_idx").on(t.municipalityId),
    check("user_monitoring_areas_one_kind", sql`(${t.municipalityId} is null) <> (${t.country} is null)`),
  ],
);

export type UserMonitoringArea = typeof userMonitoringAreas.$inferSelect;
