import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { TRANSITION_STATES } from "../../machines/transition";
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
    caseWorkerId: integer("case_worker_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("transitions_resident_unique").on(t.residentId),
    index("transitions_institution_state_idx").on(t.institutionId, t.state),
  ],
);

/** Every accepted event, in order. Replaying them reproduces `transitions.snapshot`. */
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
  },
  (t) => [
    uniqueIndex("transition_events_seq_unique").on(t.transitionId, t.seq),
    index("transition_events_type_idx").on(t.type, t.occurredOn),
    /** The indicators' "first move / return / death of this transition" is one seek. */
    index("transition_events_transition_type_idx").on(t.transitionId, t.type, t.occurredOn),
  ],
);

export type Transition = typeof transitions.$inferSelect;
export type TransitionEventRow = typeof transitionEvents.$inferSelect;
