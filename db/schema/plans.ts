import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { PLAN_STATES } from "#machines/plan";
import { LOCALES, PLAN_SECTIONS } from "./enums";
import { municipalities } from "./municipalities";
import { users } from "./users";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** A local DI plan of a plan area; its content lives in versions. */
export const plans = sqliteTable(
  "plans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    municipalityId: integer("municipality_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("plans_municipality_idx").on(t.municipalityId)],
);

/**
 * One version of a plan: the document (diagnosis, goals, actions, risks, milestones, monitoring)
 * as one JSON value validated by planContentSchema, and its lifecycle snapshot. Versions other
 * than a draft never change.
 */
export const planVersions = sqliteTable(
  "plan_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    state: text("state", { enum: PLAN_STATES }).notNull(),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    machineVersion: integer("machine_version").notNull(),
    content: text("content", { mode: "json" }).notNull(),
    basedOnVersionId: integer("based_on_version_id"),
    adoptingBody: text("adopting_body"),
    resolutionNumber: text("resolution_number"),
    adoptedOn: text("adopted_on"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("plan_versions_number_unique").on(t.planId, t.number)],
);

/** Accepted lifecycle events of a plan version (who, when, payload). */
export const planVersionEvents = sqliteTable("plan_version_events", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  planVersionId: integer("plan_version_id")
    .notNull()
    .references(() => planVersions.id, { onDelete: "cascade" }),
  type: text("type").notNull(),
  event: text("event", { mode: "json" }).notNull(),
  occurredOn: text("occurred_on").notNull(),
  recordedAt: text("recorded_at").notNull(),
  actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
  fromState: text("from_state").notNull(),
  toState: text("to_state").notNull(),
});

/** The consultation report: each comment received and how it was answered. */
export const planConsultationComments = sqliteTable("plan_consultation_comments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  planVersionId: integer("plan_version_id")
    .notNull()
    .references(() => planVersions.id, { onDelete: "cascade" }),
  receivedFrom: text("received_from").notNull(),
  /** The day the comment was received (null on comments recorded before decision 038). */
  receivedOn: text("received_on"),
  /** Which part of the plan it is about (PLAN_SECTIONS). */
  section: text("section", { enum: PLAN_SECTIONS }).notNull().default("general"),
  comment: text("comment").notNull(),
  response: text("response"),
  createdAt: createdAt(),
  version: integer("version").notNull().default(1),
});

/**
 * The close of a plan version's consultation: the day and a summary; with the comments and their
 * answers it is the consultation report that adoption requires (decision 038). Once recorded, no
 * comment is added or answered.
 */
export const planConsultationReports = sqliteTable("plan_consultation_reports", {
  planVersionId: integer("plan_version_id")
    .primaryKey()
    .references(() => planVersions.id, { onDelete: "cascade" }),
  closedOn: text("closed_on").notNull(),
  summary: text("summary"),
  recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
  recordedAt: text("recorded_at").notNull(),
});

/**
 * A plan's public progress summary (issue #16): shown at /p/<token> without sign-in only while
 * `published`; the token stays when it is withdrawn, so publishing again keeps the address. The
 * plan version and the language are those chosen when it was last published. Versioned: a second
 * writer is told. Every change is an audit event.
 */
export const planPublications = sqliteTable(
  "plan_publications",
  {
    planId: integer("plan_id")
      .primaryKey()
      .references(() => plans.id, { onDelete: "cascade" }),
    token: text("token").notNull(),
    published: integer("published", { mode: "boolean" }).notNull(),
    planVersionNumber: integer("plan_version_number").notNull(),
    locale: text("locale", { enum: LOCALES }).notNull(),
    publishedAt: text("published_at").notNull(),
    publishedBy: integer("published_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("plan_publications_token_unique").on(t.token)],
);

export type Plan = typeof plans.$inferSelect;
export type PlanVersion = typeof planVersions.$inferSelect;
export type PlanConsultationComment = typeof planConsultationComments.$inferSelect;
export type PlanConsultationReport = typeof planConsultationReports.$inferSelect;

/**
 * How each action of a plan is progressing. Kept apart from the versioned document: an adopted
 * plan is read-only, but its implementation is tracked day by day.
 */
export const planActionProgress = sqliteTable(
  "plan_action_progress",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    actionId: text("action_id").notNull(),
    status: text("status", { enum: ["planned", "in_progress", "done", "cancelled"] }).notNull(),
    changedOn: text("changed_on").notNull(),
    changedBy: integer("changed_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("plan_action_progress_unique").on(t.planId, t.actionId)],
);
