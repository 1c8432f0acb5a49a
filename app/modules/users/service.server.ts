import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx, Tx } from "../../../db/client";
import { institutions, userInstitutions, users, type User } from "../../../db/schema";
import type { ServiceContext } from "../../utils/context.server";
import { AppError } from "../../utils/errors";
import { roleSeesAllInstitutions } from "../../utils/permissions";
import { iso } from "../../utils/time";
import { updateVersioned } from "../../utils/versioned.server";
import { auditByActor } from "../audit/service.server";
import { dummyHash, hashPassword, verifyPassword } from "../auth/password.server";
import { CLEARED_FAILURES, reserveAttempt, type LockoutPolicy } from "../auth/throttle.server";
import { createSession, destroyUserSessions, type SessionPolicy } from "../auth/session.server";
import type { CreateUserInput } from "./schemas";

/** What an administrator sees of a user: never the password hash. */
export type UserSummary = Pick<
  User,
  "id" | "email" | "name" | "role" | "status" | "locale" | "lastSignInAt" | "lockedUntil" | "version" | "createdAt"
> & { institutionIds: number[] };

const summaryColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  status: users.status,
  locale: users.locale,
  lastSignInAt: users.lastSignInAt,
  lockedUntil: users.lockedUntil,
  version: users.version,
  createdAt: users.createdAt,
};

export function listUsers(ctx: ServiceContext): UserSummary[] {
  const rows = ctx.db.select(summaryColumns).from(users).orderBy(asc(users.name)).all();
  const grants = ctx.db.select().from(userInstitutions).all();
  return rows.map((u) => ({
    ...u,
    institutionIds: grants.filter((g) => g.userId === u.id).map((g) => g.institutionId),
  }));
}

export function getUser(ctx: ServiceContext, id: number): UserSummary {
  return readUser(ctx.db, id);
}

function readUser(db: DbOrTx, id: number): UserSummary {
  const row = db.select(summaryColumns).from(users).where(eq(users.id, id)).get();
  if (!row) throw new AppError("not_found", "errors.notFound.body");
  const grants = db
    .select({ id: userInstitutions.institutionId })
    .from(userInstitutions)
    .where(eq(userInstitutions.userId, id))
    .all();
  return { ...row, institutionIds: grants.map((g) => g.id) };
}

function assertInstitutionsExist(ctx: ServiceContext, ids: number[]) {
  if (ids.length === 0) return;
  const found = ctx.db.select({ id: institutions.id }).from(institutions).where(inArray(institutions.id, ids)).all();
  if (found.length !== new Set(ids).size) {
    throw new AppError("validation", "users.errors.unknownInstitution");
  }
}

/** Administrators see all institutions; for them grants are not stored. */
function grantsFor(role: User["role"], ids: number[]): number[] {
  return roleSeesAllInstitutions(role) ? [] : [...new Set(ids)].sort((a, b) => a - b);
}

export async function createUser(ctx: ServiceContext, input: CreateUserInput): Promise<number> {
  const passwordHash = await hashPassword(input.password);
  const grants = grantsFor(input.role, input.institutionIds);
  assertInstitutionsExist(ctx, grants);
  return ctx.db.transaction(
    (tx) => {
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
      if (existing) throw new AppError("conflict", "users.errors.emailTaken");
      const created = tx
        .insert(users)
        .values({ email: input.email, name: input.name, role: input.role, passwordHash })
        .returning({ id: users.id })
        .get();
      for (const institutionId of grants) {
        tx.insert(userInstitutions)
          .values({ userId: created.id, institutionId, grantedBy: ctx.actor.id, grantedAt: iso(ctx.now) })
          .run();
      }
      auditByActor(tx, ctx, {
        action: "user.created",
        entityType: "user",
        entityId: created.id,
        after: { email: input.email, name: input.name, role: input.role, institutionIds: grants },
      });
      return created.id;
    },
    { behavior: "immediate" },
  );
}

function bumpVersion(
  tx: Tx,
  ctx: ServiceContext,
  id: number,
  version: number,
  set: Partial<typeof users.$inferInsert>,
) {
  updateVersioned(tx, users, id, version, { ...set, updatedAt: iso(ctx.now) });
}

export function updateUser(
  ctx: ServiceContext,
  id: number,
  input: { version: number; name: string; role: User["role"]; institutionIds: number[] },
): void {
  const grants = grantsFor(input.role, input.institutionIds);
  assertInstitutionsExist(ctx, grants);
  ctx.db.transaction(
    (tx) => {
      const before = readUser(tx, id);
      if (id === ctx.actor.id && input.role !== before.role) {
        throw new AppError("validation", "users.errors.ownRole");
      }
      bumpVersion(tx, ctx, id, input.version, { name: input.name, role: input.role });
      tx.delete(userInstitutions).where(eq(userInstitutions.userId, id)).run();
      for (const institutionId of grants) {
        tx.insert(userInstitutions)
          .values({ userId: id, institutionId, grantedBy: ctx.actor.id, grantedAt: iso(ctx.now) })
          .run();
      }
      auditByActor(tx, ctx, {
        action: "user.updated",
        entityType: "user",
        entityId: id,
        before: { name: before.name, role: before.role, institutionIds: before.institutionIds },
        after: { name: input.name, role: input.role, institutionIds: grants },
      });
    },
    { behavior: "immediate" },
  );
}

/** Sets a new password, clears any lock, and ends the user's sessions. */
export async function resetPassword(
  ctx: ServiceContext,
  id: number,
  input: { version: number; password: string },
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  ctx.db.transaction(
    (tx) => {
      bumpVersion(tx, ctx, id, input.version, { passwordHash, ...CLEARED_FAILURES });
      const ended = destroyUserSessions(tx, id);
      auditByActor(tx, ctx, {
        action: "user.password_reset",
        entityType: "user",
        entityId: id,
        after: { sessionsEnded: ended },
      });
    },
    { behavior: "immediate" },
  );
}

/** Disabling a user ends all of their sessions at once. */
export function setUserStatus(
  ctx: ServiceContext,
  id: number,
  input: { version: number; status: User["status"] },
): void {
  if (id === ctx.actor.id) throw new AppError("validation", "users.errors.ownStatus");
  ctx.db.transaction(
    (tx) => {
      const before = tx.select({ status: users.status }).from(users).where(eq(users.id, id)).get();
      if (!before) throw new AppError("not_found", "errors.notFound.body");
      bumpVersion(tx, ctx, id, input.version, { status: input.status });
      const ended = input.status === "disabled" ? destroyUserSessions(tx, id) : 0;
      auditByActor(tx, ctx, {
        action: input.status === "disabled" ? "user.disabled" : "user.enabled",
        entityType: "user",
        entityId: id,
        before,
        after: { status: input.status, sessionsEnded: ended },
      });
    },
    { behavior: "immediate" },
  );
}

export function setOwnLocale(ctx: ServiceContext, locale: User["locale"]): void {
  ctx.db.transaction(
    (tx) => {
      const before = tx.select({ locale: users.locale }).from(users).where(eq(users.id, ctx.actor.id)).get();
      tx.update(users).set({ locale }).where(eq(users.id, ctx.actor.id)).run();
      auditByActor(tx, ctx, {
        action: "user.locale_changed",
        entityType: "user",
        entityId: ctx.actor.id,
        before,
        after: { locale },
      });
    },
    { behavior: "immediate" },
  );
}

/**
 * A user changes their own password (ASVS 5.0 V6.2.2/V6.2.3): the current password must be
 * right. Every session of the user ends, this one included, and a new one starts (its token is
 * returned for the cookie): whoever else held a session is signed out.
 */
export async function changeOwnPassword(
  ctx: ServiceContext,
  input: { currentPassword: string; newPassword: string },
  session: { policy: SessionPolicy; lockout: LockoutPolicy; userAgent: string | null },
): Promise<string> {
  const user = ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.actor.id)).get();
  // A wrong current password counts toward the sign-in lock (issue #16 finding 4), counted
  // before the check as sign-in does; a locked account cannot change its password.
  const admission = reserveAttempt(ctx.db, { userId: ctx.actor.id }, ctx.now, session.lockout);
  const ok =
    (await verifyPassword(user && admission.admitted ? user.passwordHash : await dummyHash(), input.currentPassword)) &&
    !!user &&
    admission.admitted;
  if (!ok) {
    const lockedUntil = admission.lockedUntil;
    auditByActor(ctx.db, ctx, {
      action: "user.password_change_refused",
      entityType: "user",
      entityId: ctx.actor.id,
      after: admission.admitted
        ? { reason: "wrong_password", failures: admission.failures, lockedUntil }
        : { reason: "locked", lockedUntil },
    });
    if (lockedUntil) throw new AppError("locked", "account.errors.locked", { until: `at:${lockedUntil}` });
    throw new AppError("validation", "account.errors.currentPasswordWrong");
  }
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction(
    (tx) => {
      tx.update(users)
        .set({ passwordHash, ...CLEARED_FAILURES, updatedAt: iso(ctx.now) })
        .where(eq(users.id, ctx.actor.id))
        .run();
      const ended = destroyUserSessions(tx, ctx.actor.id);
      auditByActor(tx, ctx, {
        action: "user.password_changed",
        entityType: "user",
        entityId: ctx.actor.id,
        after: { sessionsEnded: ended },
      });
      return createSession(tx, ctx.actor.id, ctx.now, session.policy, session.userAgent);
    },
    { behavior: "immediate" },
  );
}
