import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { users } from "#db/schema";
import { recordAudit } from "#app/modules/audit/service.server";
import { iso } from "#app/utils/time";
import { dummyHash, verifyPassword } from "./password.server";
import { CLEARED_FAILURES, reserveAttempt, type LockoutPolicy } from "./throttle.server";
import { createSession, destroySession, type SessionPolicy } from "./session.server";

export interface SignInInput {
  email: string;
  password: string;
  now: Date;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export type SignInResult =
  | { ok: true; token: string; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "disabled" }
  | { ok: false; reason: "locked"; until: string };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks e-mail and password. After `threshold` wrong passwords in a row the account is locked
 * for `minutes`; the lock ends by itself. The attempt is counted before the password is checked,
 * in one transaction with the lock check (`reserveAttempt`), so parallel attempts cannot outrun
 * the count. An address without an account answers and works exactly as an account does: the
 * same count and lock (kept in `sign_in_throttles`), one argon2 verification on every path (a
 * dummy hash when there is no account or it is locked). Every attempt is audited. A disabled
 * account is told so only when the password was right.
 */
export async function signIn(
  db: Db,
  input: SignInInput,
  policy: { session: SessionPolicy; lockout: LockoutPolicy },
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const user = db.select().from(users).where(eq(users.email, email)).get();
  const base = {
    entityType: "user",
    actorLabel: email.slice(0, 254),
    requestId: input.requestId,
    ip: input.ip,
    at: input.now,
  };
  const who = user ? { entityId: user.id, actorUserId: user.id } : {};
  const reason = user ? "wrong_password" : "unknown_email";

  const admission = reserveAttempt(db, user ? { userId: user.id } : { email }, input.now, policy.lockout);
  const hash = user && admission.admitted ? user.passwordHash : await dummyHash();
  const passwordOk = (await verifyPassword(hash, input.password)) && !!user && admission.admitted;

  if (!admission.admitted) {
    recordAudit(db, {
      ...base,
      ...who,
      action: "signin.refused_locked",
      after: { reason, lockedUntil: admission.lockedUntil },
    });
    return { ok: false, reason: "locked", until: admission.lockedUntil };
  }

  if (!passwordOk || !user) {
    const lockedUntil = admission.lockedUntil;
    recordAudit(db, {
      ...base,
      ...who,
      action: lockedUntil ? "signin.locked" : "signin.failed",
      after: { reason, failures: admission.failures, lockedUntil },
    });
    return lockedUntil ? { ok: false, reason: "locked", until: lockedUntil } : { ok: false, reason: "invalid" };
  }

  const nowIso = iso(input.now);
  if (user.status !== "active") {
    db.transaction(
      (tx) => {
        tx.update(users).set(CLEARED_FAILURES).where(eq(users.id, user.id)).run();
        recordAudit(tx, { ...base, ...who, action: "signin.refused_disabled" });
      },
      { behavior: "immediate" },
    );
    return { ok: false, reason: "disabled" };
  }

  const token = db.transaction(
    (tx) => {
      tx.update(users)
        .set({ ...CLEARED_FAILURES, lastSignInAt: nowIso })
        .where(eq(users.id, user.id))
        .run();
      recordAudit(tx, {
        ...base,
        action: "signin.succeeded",
        entityId: user.id,
        actorUserId: user.id,
      });
      return createSession(tx, user.id, input.now, policy.session, input.userAgent);
    },
    { behavior: "immediate" },
  );
  return { ok: true, token, userId: user.id };
}

export function signOut(
  db: Db,
  token: string | null | undefined,
  actor: { id: number; email: string } | null,
  meta: { now: Date; requestId: string; ip: string | null },
): void {
  db.transaction(
    (tx) => {
      destroySession(tx, token);
      if (actor) {
        recordAudit(tx, {
          action: "signin.signed_out",
          entityType: "user",
          entityId: actor.id,
          actorUserId: actor.id,
          actorLabel: actor.email,
          requestId: meta.requestId,
          ip: meta.ip,
          at: meta.now,
        });
      }
    },
    { behavior: "immediate" },
  );
}
