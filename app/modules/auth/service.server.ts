import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { users } from "../../../db/schema";
import { recordAudit } from "../audit/service.server";
import { addMinutes, iso } from "../../utils/time";
import { dummyHash, verifyPassword } from "./password.server";
import { createSession, destroySession, type SessionPolicy } from "./session.server";

export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}

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
 * Checks e-mail and password. After `threshold` failures in a row the account is locked for
 * `minutes`; the lock ends by itself. Every attempt, good or bad, is written to the audit log.
 * A disabled account is told so only when the password was right (no account probing).
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

  if (!user) {
    await verifyPassword(await dummyHash(), input.password);
    recordAudit(db, { ...base, action: "signin.failed", after: { reason: "unknown_email" } });
    return { ok: false, reason: "invalid" };
  }

  const nowIso = iso(input.now);
  if (user.lockedUntil && user.lockedUntil > nowIso) {
    recordAudit(db, {
      ...base,
      action: "signin.refused_locked",
      entityId: user.id,
      actorUserId: user.id,
      after: { lockedUntil: user.lockedUntil },
    });
    return { ok: false, reason: "locked", until: user.lockedUntil };
  }

  const passwordOk = await verifyPassword(user.passwordHash, input.password);

  if (!passwordOk) {
    // The count restarts after a lock has run out.
    const previous = user.lockedUntil ? 0 : user.failedSignIns;
    const failures = previous + 1;
    const lock = failures >= policy.lockout.threshold;
    const lockedUntil = lock ? iso(addMinutes(input.now, policy.lockout.minutes)) : null;
    db.transaction(
      (tx) => {
        tx.update(users)
          .set({ failedSignIns: lock ? 0 : failures, lockedUntil })
          .where(eq(users.id, user.id))
          .run();
        recordAudit(tx, {
          ...base,
          action: lock ? "signin.locked" : "signin.failed",
          entityId: user.id,
          actorUserId: user.id,
          after: { reason: "wrong_password", failures, lockedUntil },
        });
      },
      { behavior: "immediate" },
    );
    return lock ? { ok: false, reason: "locked", until: lockedUntil! } : { ok: false, reason: "invalid" };
  }

  if (user.status !== "active") {
    recordAudit(db, {
      ...base,
      action: "signin.refused_disabled",
      entityId: user.id,
      actorUserId: user.id,
    });
    return { ok: false, reason: "disabled" };
  }

  const token = db.transaction(
    (tx) => {
      tx.update(users)
        .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: nowIso })
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
