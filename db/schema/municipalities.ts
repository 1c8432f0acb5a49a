import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { COUNTRIES, MUNICIPALITY_KINDS } from "./enums";

/** A plan area: the territory a local DI plan covers (gmina / powiat; община). */
export const municipalities = sqliteTable("municipalities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  country: text("country", { enum: COUNTRIES }).notNull(),
  name: text("name").notNull(),
  kind: text("kind", { enum: MUNICIPALITY_KINDS }).notNull(),
  region: text("region"),
  createdAt: text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  version: integer("version").notNull().default(1),
});

export type Municipality = typeof municipalities.$inferSelect;
export type NewMunicipality = typeof municipalities.$inferInsert;
