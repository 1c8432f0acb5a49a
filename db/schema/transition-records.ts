import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CONSENT_GIVERS, PLAN_STATUSES, SUPPORT_INTENSITIES } from "./enums";
import { transitions } from "./transitions";
import { users } from "./users";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** Individual needs assessment: support intensity per life domain. One per transition. */
export const needsAssessments = sqliteTable(
  "needs_assessments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    transitionId: integer("transition_id")
      .notNull()
      .references(() => transitions.id, { onDelete: "cascade" }),
    /** { [lifeDomain]: { intensity, notes } } */
    domains: text("domains", { mode: "json" }).notNull(),
    overallIntensity: text("overall_intensity", { enum: SUPPORT_INTENSITIES }).notNull(),
    summary: text("summary"),
    completedByName: text("completed_by_name"),
    /** Null while a draft. */
    completedOn: text("completed_on"),
    recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("needs_assessments_transition_unique").on(t.transitionId)],
);

/** Individual transition plan (BG: индивидуален план за подкрепа). Approved by a second person. */
export const transitionPlans = sqliteTable(
  "transition_plans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    transitionId: integer("transition_id")
      .notNull()
      .references(() => transitions.id, { onDelete: "cascade" }),
    goals: text("goals").notNull(),
    supportNeeded: text("support_needed").notNull(),
    housingPreference: text("housing_preference"),
    /** Service type codes from the catalogue. */
    plannedServices: text("planned_services", { mode: "json" }).$type<string[]>().notNull(),
    /** The date the plan was written (chosen by the user; its approval may not come before it). */
    writtenOn: text("written_on"),
    status: text("status", { enum: PLAN_STATUSES }).notNull().default("draft"),
    preparedBy: integer("prepared_by")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    approvedBy: integer("approved_by").references(() => users.id, { onDelete: "restrict" }),
    approvedOn: text("approved_on"),
    /**
     * A plan approved before this system was used, as a history import records it: who wrote it
     * and who approved it, by name from the file (they need not be users here; `approvedBy` is
     * then null). See docs/decisions/018-history-import.md.
     */
    preparedByName: text("prepared_by_name"),
    approvedByName: text("approved_by_name"),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("transition_plans_transition_unique").on(t.transitionId)],
);

/** Informed consent; a withdrawal keeps the record and sets withdrawnOn. */
export const consents = sqliteTable(
  "consents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    transitionId: integer("transition_id")
      .notNull()
      .references(() => transitions.id, { onDelete: "cascade" }),
    givenBy: text("given_by", { enum: CONSENT_GIVERS }).notNull(),
    guardianName: text("guardian_name"),
    givenOn: text("given_on").notNull(),
    /** BG: number of the contract for use of the service (договор за ползване). */
    documentRef: text("document_ref"),
    withdrawnOn: text("withdrawn_on"),
    recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("consents_transition_idx").on(t.transitionId)],
);

/** Follow-up visits, scheduled at 1, 3, 6 and 12 months after the move. */
export const followUpVisits = sqliteTable(
  "follow_up_visits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    transitionId: integer("transition_id")
      .notNull()
      .references(() => transitions.id, { onDelete: "cascade" }),
    /** The move this visit follows (a person who returned and moved again is followed up again). */
    moveOn: text("move_on").notNull(),
    monthsAfterMove: integer("months_after_move").notNull(),
    dueOn: text("due_on").notNull(),
    visitedOn: text("visited_on"),
    findings: text("findings"),
    actions: text("actions"),
    recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("follow_up_visits_unique").on(t.transitionId, t.moveOn, t.monthsAfterMove),
    index("follow_up_visits_due_idx").on(t.dueOn),
  ],
);

/** Community services a moved person receives. */
export const communityServices = sqliteTable(
  "community_services",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    transitionId: integer("transition_id")
      .notNull()
      .references(() => transitions.id, { onDelete: "cascade" }),
    serviceType: text("service_type").notNull(),
    provider: text("provider").notNull(),
    startOn: text("start_on").notNull(),
    endOn: text("end_on"),
    hoursPerWeek: real("hours_per_week"),
    recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("community_services_transition_idx").on(t.transitionId)],
);

export type NeedsAssessment = typeof needsAssessments.$inferSelect;
export type TransitionPlan = typeof transitionPlans.$inferSelect;
export type Consent = typeof consents.$inferSelect;
export type FollowUpVisit = typeof followUpVisits.$inferSelect;
export type CommunityService = typeof communityServices.$inferSelect;
