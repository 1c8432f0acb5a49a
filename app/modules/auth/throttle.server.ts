import crypto from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "#db/client";
import { signInThrottles, users } from "#db/schema";
import { addMinutes, iso } from "#app/utils/time";

export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}

/** Wrong passwords are forgotten this long after the last one (docs/decisions/021). */
export const FAILURE_MEMORY_MINUTES = 24 * 60;

interface AttemptState {
  failedSignIns: number;
  lastFailedSignInAt: string | null;
  lockedUntil: string | null;
}

/**
 * What one password attempt may do. `admitted`: the password may be checked; the attempt is
 * already counted as a failure (`failures`, this one included), and when `lockedUntil` is set
 * this attempt has locked the account unless its password turns out right. Not admitted: the
 * account (or the address) is locked until `lockedUntil`.
 */
export type Admission =
  { admitted: true; failures: number; lockedUntil: string | null } | { admitted: false; lockedUntil: string };

/** The rule itself, without the database: the next state after one attempt. */
export function admit(
  state: AttemptState,
  now: Date,
  policy: LockoutPolicy,
): { admission: Admission; next: AttemptState | null } {
  const nowIso = iso(now);
  if (state.lockedUntil && state.lockedUntil > nowIso)
    return { admission: { admitted: false, lockedUntil: state.lockedUntil }, next: null };
  // After a lock has run out, or a day without failures, the count starts again.
  const forgotten =
    state.lockedUntil !== null ||
    !state.lastFailedSignInAt ||
    state.lastFailedSignInAt <= iso(addMinutes(now, -FAILURE_MEMORY_MINUTES));
  const failures = (forgotten ? 0 : state.failedSignIns) + 1;
  const lockedUntil = failures >= policy.threshold ? iso(addMinutes(now, policy.minutes)) : null;
  return {
    admission: { admitted: true, failures, lockedUntil },
    next: { failedSignIns: failures, lastFailedSignInAt: nowIso, lockedUntil },
  };
}

/** The key of an address without an account: its SHA-256, so the table holds no addresses. */
function emailKey(normalizedEmail: string): string {
  return crypto.createHash("sha256").update(normalizedEmail).digest("hex");
}

export type AttemptTarget = { userId: number } | { email: string };

/**
 * Counts a password attempt *before* the password is checked (argon2 is asynchronous: a count
 * made after it lets parallel requests all read the same old count). The lock check and the
 * count are one IMMEDIATE transaction, so parallel requests, also from other server processes,
 * are admitted one after another and at most `threshold` of them get to check a password.
 * The caller clears the count when the password was right (`clearFailures`). An address with no
 * account is counted the same way in `sign_in_throttles` (finding 5: no account probing).
 */
export function reserveAttempt(db: Db, target: AttemptTarget, now: Date, policy: LockoutPolicy): Admission {
  return db.transaction(
    (tx) => {
      // Same work on both paths: the sweep runs for every attempt.
      const cutoff = iso(addMinutes(now, -FAILURE_MEMORY_MINUTES));
      tx.delete(signInThrottles)
        .where(
          and(
            lt(signInThrottles.lastFailedSignInAt, cutoff),
            or(isNull(signInThrottles.lockedUntil), lt(signInThrottles.lockedUntil, iso(now))),
          ),
        )
        .run();
      const columns = {
        failedSignIns: users.failedSignIns,
        lastFailedSignInAt: users.lastFailedSignInAt,
        lockedUntil: users.lockedUntil,
      };
      if ("userId" in target) {
        const row = tx.select(columns).from(users).where(eq(users.id, target.userId)).get();
        const { admission, next } = admit(
          row ?? { failedSignIns: 0, lastFailedSignInAt: null, lockedUntil: null },
          now,
          policy,
        );
        if (next) tx.update(users).set(next).where(eq(users.id, target.userId)).run();
        return admission;
      }
      const key = emailKey(target.email);
      const row = tx
        .select({
          failedSignIns: signInThrottles.failedSignIns,
          lastFailedSignInAt: signInThrottles.lastFailedSignInAt,
          lockedUntil: signInThrottles.lockedUntil,
        })
        .from(signInThrottles)
        .where(eq(signInThrottles.emailHash, key))
        .get();
      const { admission, next } = admit(
        row ?? { failedSignIns: 0, lastFailedSignInAt: null, lockedUntil: null },
        now,
        policy,
      );
      if (next)
        tx.insert(signInThrottles)
          .values({ emailHash: key, ...next })
          .onConflictDoUpdate({ target: signInThrottles.emailHash, set: next })
          .run();
      return admission;
    },
    { behavior: "immediate" },
  );
}

/** The fields that end a count and a lock (a right password, an administrator's reset). */
export const CLEARED_FAILURES = { failedSignIns: 0, lastFailedSignInAt: null, lockedUntil: null } as const;
