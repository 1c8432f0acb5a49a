import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { DISABILITY_STATUSES, LEGAL_CAPACITIES, SEXES, TARGET_GROUPS } from "./enums";
import { institutions } from "./institutions";

/** A person living in an institution. Personal and special-category data: always scoped. */
export const residents = sqliteTable(
  "residents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    /** Pseudonymous code shown in reports instead of the name. */
    code: text("code").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    /** Null = not yet known (the person is then left out of indicator counts, and listed). */
    sex: text("sex", { enum: SEXES }),
    dateOfBirth: text("date_of_birth"),
    targetGroup: text("target_group", { enum: TARGET_GROUPS }).notNull(),
    disability: text("disability", { enum: DISABILITY_STATUSES }).notNull().default("not_disclosed"),
    legalCapacity: text("legal_capacity", { enum: LEGAL_CAPACITIES }).notNull().default("full"),
    guardianName: text("guardian_name"),
    guardianContact: text("guardian_contact"),
    /** Court decision appointing the kurator / guardian (number and date). */
    guardianDecision: text("guardian_decision"),
    admissionDate: text("admission_date"),
    supportNeeds: text("support_needs"),
    createdAt: text("created_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    version: integer("version").notNull().default(1),
    /**
     * When the record was anonymised after its retention ended (docs/decisions/042): names,
     * date of birth, free texts and documents are gone; the code and the counted facts stay.
     */
    anonymisedAt: text("anonymised_at"),
    /**
     * search_fold(last name, first name, code): the names lower-cased, without accents, Cyrillic
     * also transliterated. Written by triggers on every insert and update (migration 0012); search
     * and name sorting read it (decision 025).
     */
    searchKey: text("search_key").notNull().default(""),
  },
  (t) => [
    uniqueIndex("residents_code_unique").on(t.code),
    index("residents_institution_idx").on(t.institutionId, t.lastName),
    // Search within an institution reads the first; the name order across all institutions the second.
    index("residents_search_idx").on(t.institutionId, t.searchKey),
    index("residents_search_key_idx").on(t.searchKey),
  ],
);

export type Resident = typeof residents.$inferSelect;
export type NewResident = typeof residents.$inferInsert;
