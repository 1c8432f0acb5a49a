import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The failure count and lock of an e-mail address that has no account (issue #16 finding 5,
 * docs/decisions/021): such an address "locks" exactly as an account does, so the answers do not
 * tell which addresses exist. Keyed by the SHA-256 of the normalised address, not the address.
 * A row is removed once it holds nothing an account would still remember.
 */
export const signInThrottles = sqliteTable(
  "sign_in_throttles",
  {
    emailHash: text("email_hash").primaryKey(),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lastFailedSignInAt: text("last_failed_sign_in_at"),
    lockedUntil: text("locked_until"),
  },
  (t) => [index("sign_in_throttles_last_failed").on(t.lastFailedSignInAt)],
);
