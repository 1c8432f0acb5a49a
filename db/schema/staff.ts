import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { COMPETENCE_AREAS, ENROLMENT_STATES, READINESS_SUBJECTS, SEXES, SUPPORT_SESSION_KINDS } from "./enums";
import { institutions } from "./institutions";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** An employee of an institution, who may be retrained for community services. */
export const staffMembers = sqliteTable(
  "staff_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    /** Pseudonymous code for reports. */
    code: text("code").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    /** ESF+ breakdowns; null = not known (then not counted, and listed for correction). */
    sex: text("sex", { enum: SEXES }),
    dateOfBirth: text("date_of_birth"),
    position: text("position").notNull(),
    employedFrom: text("employed_from"),
    employedTo: text("employed_to"),
    email: text("email"),
    phone: text("phone"),
    /** STAFF_TO_COMMUNITY's counting moment. */
    communityStartOn: text("community_start_on"),
    communityServiceType: text("community_service_type"),
    communityEmployer: text("community_employer"),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("staff_code_unique").on(t.code), index("staff_institution_idx").on(t.institutionId, t.lastName)],
);

/** Retraining courses (administrators keep this catalogue). */
export const trainingModules = sqliteTable("training_modules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  titleEn: text("title_en").notNull(),
  titlePl: text("title_pl").notNull(),
  titleBg: text("title_bg").notNull(),
  hours: integer("hours").notNull(),
  competenceArea: text("competence_area", { enum: COMPETENCE_AREAS }).notNull(),
  provider: text("provider").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  version: integer("version").notNull().default(1),
});

/** A staff member in a module; its state is the persisted enrolment machine snapshot. */
export const enrolments = sqliteTable(
  "enrolments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    staffMemberId: integer("staff_member_id")
      .notNull()
      .references(() => staffMembers.id, { onDelete: "restrict" }),
    moduleId: integer("module_id")
      .notNull()
      .references(() => trainingModules.id, { onDelete: "restrict" }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    state: text("state", { enum: ENROLMENT_STATES }).notNull(),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    machineVersion: integer("machine_version").notNull(),
    enrolledOn: text("enrolled_on").notNull(),
    completedOn: text("completed_on"),
    certificateRef: text("certificate_ref"),
    droppedOn: text("dropped_on"),
    dropReason: text("drop_reason"),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("enrolments_staff_idx").on(t.staffMemberId), index("enrolments_module_idx").on(t.moduleId, t.state)],
);

/** Training sessions attended (STAFF_SUPPORTED counts the first one). */
export const trainingAttendance = sqliteTable(
  "training_attendance",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    attendedOn: text("attended_on").notNull(),
    hours: real("hours"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("training_attendance_unique").on(t.enrolmentId, t.attendedOn)],
);

export const supportSessions = sqliteTable(
  "support_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    kind: text("kind", { enum: SUPPORT_SESSION_KINDS }).notNull(),
    heldOn: text("held_on").notNull(),
    facilitator: text("facilitator").notNull(),
    topics: text("topics"),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("support_sessions_institution_idx").on(t.institutionId, t.heldOn)],
);

export const supportSessionAttendees = sqliteTable(
  "support_session_attendees",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => supportSessions.id, { onDelete: "cascade" }),
    staffMemberId: integer("staff_member_id")
      .notNull()
      .references(() => staffMembers.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.staffMemberId] }),
    index("support_attendees_staff_idx").on(t.staffMemberId),
  ],
);

/**
 * Staff needed per place (housing type) or per person served (service type), by competence:
 * set by administrators; the readiness view multiplies them by the planned places and services.
 */
export const readinessRatios = sqliteTable(
  "readiness_ratios",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subject: text("subject", { enum: READINESS_SUBJECTS }).notNull(),
    typeCode: text("type_code").notNull(),
    competenceArea: text("competence_area", { enum: COMPETENCE_AREAS }).notNull(),
    staffPerUnit: real("staff_per_unit").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("readiness_ratios_unique").on(t.subject, t.typeCode, t.competenceArea)],
);

export type StaffMember = typeof staffMembers.$inferSelect;
export type TrainingModule = typeof trainingModules.$inferSelect;
export type Enrolment = typeof enrolments.$inferSelect;
export type SupportSession = typeof supportSessions.$inferSelect;
export type ReadinessRatio = typeof readinessRatios.$inferSelect;
