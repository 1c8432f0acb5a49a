import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { transitions } from "./transitions";
import { users } from "./users";

/**
 * A case worker's note on a resident's transition: what happened on a day, written by whom.
 * Append-only (triggers refuse UPDATE and DELETE): a correction is a new row that supersedes the
 * note it corrects (`supersedes_id`, with the reason); the earlier text stays readable. A note is
 * corrected at most once (unique `supersedes_id`): a second correction of the same text is refused,
 * so two people correcting at once cannot both win (docs/decisions/023).
 */
export const caseNotes = sqliteTable(
  "case_notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    transitionId: integer("transition_id")
      .notNull()
      .references(() => transitions.id, { onDelete: "cascade" }),
    /** The day it happened (institution time zone), never after the day it is written. */
    occurredOn: text("occurred_on").notNull(),
    body: text("body").notNull(),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    /** When it was written (ISO instant). */
    recordedAt: text("recorded_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    /** A correction: the note it replaces. Null for an original note. */
    supersedesId: integer("supersedes_id").references((): AnySQLiteColumn => caseNotes.id, { onDelete: "restrict" }),
    /** Why a correction was made (required for one). */
    reason: text("reason"),
    /** Set once by anonymisation: the body and reason are emptied (the only update allowed; decision 042). */
    redactedAt: text("redacted_at"),
  },
  (t) => [
    index("case_notes_transition_idx").on(t.transitionId, t.occurredOn),
    uniqueIndex("case_notes_supersedes_unique").on(t.supersedesId),
  ],
);

export type CaseNote = typeof caseNotes.$inferSelect;
