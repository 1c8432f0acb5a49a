import { integer, index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/**
 * Server-side sessions. The cookie carries a random token; only its SHA-256 is stored here,
 * so a copy of the database does not let anyone sign in.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    /** Absolute end of the session, whatever the activity. */
    expiresAt: text("expires_at").notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export type Session = typeof sessions.$inferSelect;
