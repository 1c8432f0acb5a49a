import { sql } from "drizzle-orm";
import { blob, check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { DOCUMENT_KINDS } from "./enums";
import { residents } from "./residents";
import { transitionEvents } from "./transitions";
import { users } from "./users";
import { wgMeetings } from "./working-group";

/**
 * A scanned or signed document (PDF, JPEG or PNG) attached to a resident, optionally to one step
 * of their transition, or to a working group's meeting (its minutes). The bytes are kept in the
 * database (`content`), so the online backup and the restore carry them (decision 024). A removed
 * document keeps its row (who uploaded it, when, its hash, who removed it and why) but its bytes
 * are erased.
 */
export const documents = sqliteTable(
  "documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    residentId: integer("resident_id").references(() => residents.id, { onDelete: "cascade" }),
    /** The step of the resident's transition the document belongs to (e.g. the consent's entry); null: the resident as a whole. */
    transitionEventId: integer("transition_event_id").references(() => transitionEvents.id, { onDelete: "set null" }),
    meetingId: integer("meeting_id").references(() => wgMeetings.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: DOCUMENT_KINDS }).notNull(),
    /** The date on the document (a court decision's date, the day the consent was signed), not the upload's. */
    documentOn: text("document_on").notNull(),
    /** A referral decision's "valid until" (decision 047); null for every other kind and for a referral that names none. */
    validUntil: text("valid_until"),
    fileName: text("file_name").notNull(),
    /** The type read from the file's content (never the browser's claim). */
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    /** Null once the document is removed. */
    content: blob("content", { mode: "buffer" }),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    uploadedAt: text("uploaded_at").notNull(),
    removedAt: text("removed_at"),
    removedBy: integer("removed_by").references(() => users.id, { onDelete: "restrict" }),
    removalReason: text("removal_reason"),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("documents_resident_idx").on(t.residentId),
    index("documents_meeting_idx").on(t.meetingId),
    /** The tasks' "referral expiring" query (decision 047): a resident's latest referral decision not removed. */
    index("documents_referral_idx")
      .on(t.residentId, t.documentOn)
      .where(sql`${t.kind} = 'referral_decision' and ${t.removedAt} is null`),
    check("documents_one_owner", sql`(${t.residentId} is null) <> (${t.meetingId} is null)`),
    check("documents_step_of_resident", sql`${t.transitionEventId} is null or ${t.residentId} is not null`),
  ],
);

export type DocumentRow = typeof documents.$inferSelect;
