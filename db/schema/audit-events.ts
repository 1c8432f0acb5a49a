import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { institutions } from "./institutions";
import { users } from "./users";

/** Who did what to which record, when, with the values before and after. Append-only. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** When it was recorded (ISO instant, UTC). */
    at: text("at").notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The e-mail as typed, for sign-in attempts by unknown or disabled accounts. */
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    institutionId: integer("institution_id").references(() => institutions.id, {
      onDelete: "set null",
    }),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    requestId: text("request_id"),
    ip: text("ip"),
    /**
     * The resident whose record this event read or changed (decision 043): set for every read
     * and change of a resident's personal data, whatever the entity, so that "who saw this
     * record" is one indexed look-up. No foreign key: the log outlives and predates records.
     */
    residentId: integer("resident_id"),
    /** The page (path, without its query) the event was written from: "from which page". */
    page: text("page"),
    /**
     * Set once when the record the event is about was anonymised: `before` and `after` are then
     * emptied; who, when, what action and which record stay (the only update the append-only
     * trigger allows; docs/decisions/042).
     */
    redactedAt: text("redacted_at"),
  },
  (t) => [
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
    index("audit_events_actor_idx").on(t.actorUserId),
    index("audit_events_at_idx").on(t.at),
    index("audit_events_resident_idx").on(t.residentId, t.id),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
