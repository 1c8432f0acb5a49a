import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { institutions } from "./institutions";
import { users } from "./users";

/** Which institutions a user may see. Administrators see all and need no grants. */
export const userInstitutions = sqliteTable(
  "user_institutions",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    grantedBy: integer("granted_by").references(() => users.id, { onDelete: "set null" }),
    grantedAt: text("granted_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.institutionId] }),
    index("user_institutions_institution_idx").on(t.institutionId),
  ],
);

export type UserInstitution = typeof userInstitutions.$inferSelect;
