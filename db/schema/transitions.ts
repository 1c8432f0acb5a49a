import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { TRANSITION_STATES } from "#machines/transition";
import { institutions } from "./institutions";
import { residents } from "./residents";
import { users } from "./users";

/** One resident's transition; its state is the persisted XState snapshot. */
export const transitions = sqliteTable(
  "transitions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    residentId: integer("resident_id")
      .notNull()
      .references(() => residents.id, { onDelete: "restrict" }),
    /** Copied from the resident so scope filters need no join. */
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    /** Date the transition was opened: RES_COVERED's counting moment. */
    openedOn: text("opened_on").notNull(),
    state: text("state", { enum: TRANSITION_STATES }).notNull(),
    /** Entered the current state on (for deadlines and the caseload view). */
    stateSince: text("state_since").notNull(),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    machineVersion: integer("machine_version").notNull(),
    /**
     * The key worker: the case worker responsible for this transition (assigned, transferred and
     * audited by app/modules/caseload; holds the transition's institution). Null: unassigned.
     */
    caseWorkerId: integer("case_worker_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("transitions_resident_unique").on(t.residentId),
    index("transitions_institution_state_idx").on(t.institutionId, t.state),
    /** A worker's caseload and task list are one seek. */
    index("transitions_case_worker_idx").on(t.caseWorkerId, t.state),
  ],
);

/**
 * Every accepted event, in order, append-only (a trigger refuses UPDATE). A mistaken entry is
 * corrected by a new entry that supersedes it (`supersedes_seq`: same type, the corrected date or
 * note) or voided by one of type `VOID`; the original stays readable. The effective log is every
 * entry that is neither superseded nor a void, in the order of the entries they replace;
 * replaying it reproduces `transitions.snapshot`.
 */
export const transitionEvents = sqliteTable(
  "transition_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    transitionId: integer("transition_id")
      .notNull()
      .references(() => transitions.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    /** The whole machine event: type, date, facts the guards judged, note. */
    event: text("event", { mode: "json" }).notNull(),
    /** When it happened (calendar date in the institution's zone). */
    occurredOn: text("occurred_on").notNull(),
    /** When it was recorded (ISO instant). */
    recordedAt: text("recorded_at").notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
    /** A correction or void: the seq of the entry it replaces. Null for an original entry. */
    supersedesSeq: integer("supersedes_seq"),
    /** Why a correction or void was made (required for them). */
    reason: text("reason"),
    /** What the event's effects changed in other records (placements, visits, services): undone by a void, re-dated by a correction. */
    effects: text("effects", { mode: "json" }).$type<EffectRecord[]>(),
    /** Set once by anonymisation: the note (in `event`) and `reason` are removed (the only update allowed; decision 042). */
    redactedAt: text("redacted_at"),
  },
  (t) => [
    uniqueIndex("transition_events_seq_unique").on(t.transitionId, t.seq),
    index("transition_events_type_idx").on(t.type, t.occurredOn),
    /** The indicators' "first move / return / death of this transition" is one seek. */
    index("transition_events_transition_type_idx").on(t.transitionId, t.type, t.occurredOn),
    /** "Is this entry superseded?" is one seek. */
    index("transition_events_supersedes_idx").on(t.transitionId, t.supersedesSeq),
  ],
);

/** One row an effect changed: its table, id, the values it set and those it replaced. */
export interface EffectRecord {
  effect: string;
  table: "placements" | "follow_up_visits" | "community_services";
  id: number;
  /** The row did not exist before the effect (a scheduled follow-up visit). */
  inserted?: boolean;
  before: Record<string, string | null>;
  set: Record<string, string | null>;
}

export type Transition = typeof transitions.$inferSelect;
export type TransitionEventRow = typeof transitionEvents.$inferSelect;
