import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { LOCALES, ROLES, USER_STATUSES } from "./enums";

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored lower-cased and trimmed. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    status: text("status", { enum: USER_STATUSES }).notNull().default("active"),
    passwordHash: text("password_hash").notNull(),
    /** The user's chosen interface language; null = follow the browser. */
    locale: text("locale", { enum: LOCALES }),
    /** Wrong passwords in a row (sign-in and the password-change form), forgotten a day after the last. */
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    /** ISO instant of the last wrong password counted in `failedSignIns`. */
    lastFailedSignInAt: text("last_failed_sign_in_at"),
    /** ISO instant until which sign-in is refused after repeated failures. */
    lockedUntil: text("locked_until"),
    lastSignInAt: text("last_sign_in_at"),
    createdAt: text("created_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
