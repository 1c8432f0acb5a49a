import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { REPORT_STATES } from "#machines/report";
import { AGE_SCHEMES, CURRENCIES, INDICATOR_CODES, INDICATOR_UNITS } from "./enums";
import { institutions } from "./institutions";
import { municipalities } from "./municipalities";
import { users } from "./users";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** The funding contract. Its indicators count the residents and staff of its institutions. */
export const grants = sqliteTable(
  "grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contractNumber: text("contract_number").notNull(),
    title: text("title").notNull(),
    programme: text("programme").notNull(),
    ageScheme: text("age_scheme", { enum: AGE_SCHEMES }).notNull(),
    funder: text("funder").notNull(),
    currency: text("currency", { enum: CURRENCIES }).notNull(),
    /** In the currency's minor unit (grosz, stotinka, cent): no floating point for money. */
    budgetMinor: integer("budget_minor").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    /**
     * The date of the grant's last payment (the balance paid by the funder), which starts the
     * retention of its records (CPR 2021/1060 art. 82: 5 years from 31 December of its year).
     * Null: not known yet, the grant's end is used (docs/decisions/042).
     */
    lastPaymentOn: text("last_payment_on"),
    /** Partner organisations, in contract order. */
    partners: text("partners", { mode: "json" }).$type<string[]>().notNull(),
    /** The plan area it funds (optional: a grant may fund institutions of several areas). */
    municipalityId: integer("municipality_id").references(() => municipalities.id, { onDelete: "restrict" }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("grants_contract_unique").on(t.contractNumber)],
);

/** The institutions a grant funds: its indicators count their residents, staff and housing. */
export const grantInstitutions = sqliteTable(
  "grant_institutions",
  {
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.grantId, t.institutionId] }),
    index("grant_institutions_institution_idx").on(t.institutionId),
  ],
);

/** Baseline and target of one indicator in a grant's contract. */
export const grantTargets = sqliteTable(
  "grant_targets",
  {
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id, { onDelete: "cascade" }),
    indicatorCode: text("indicator_code", { enum: INDICATOR_CODES }).notNull(),
    unit: text("unit", { enum: INDICATOR_UNITS }).notNull(),
    baseline: integer("baseline").notNull(),
    target: integer("target").notNull(),
  },
  (t) => [primaryKey({ columns: [t.grantId, t.indicatorCode] })],
);

/** Reporting periods follow the contract: contiguous, inside the grant, first one at its start. */
export const reportingPeriods = sqliteTable(
  "reporting_periods",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
  },
  (t) => [uniqueIndex("reporting_periods_seq_unique").on(t.grantId, t.seq)],
);

/**
 * The report of one period. While a draft only its narrative is stored (values are live); once
 * submitted, `content` holds everything reported and `contentHash` its SHA-256, and the row never
 * changes again.
 */
export const periodReports = sqliteTable(
  "period_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id, { onDelete: "restrict" }),
    periodId: integer("period_id")
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: "restrict" }),
    state: text("state", { enum: REPORT_STATES }).notNull(),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    machineVersion: integer("machine_version").notNull(),
    problems: text("problems").notNull().default(""),
    plannedProgress: text("planned_progress").notNull().default(""),
    content: text("content"),
    contentHash: text("content_hash"),
    submittedBy: integer("submitted_by").references(() => users.id, { onDelete: "restrict" }),
    submittedAt: text("submitted_at"),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("period_reports_period_unique").on(t.periodId)],
);

export type Grant = typeof grants.$inferSelect;
export type GrantTarget = typeof grantTargets.$inferSelect;
export type ReportingPeriod = typeof reportingPeriods.$inferSelect;
export type PeriodReport = typeof periodReports.$inferSelect;
