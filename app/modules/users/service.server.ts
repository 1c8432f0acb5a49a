import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx, Tx } from "#db/client";
import {
  institutions,
  municipalities,
  userInstitutions,
  userMonitoringAreas,
  users,
  type Country,
  type User,
} from "#db/schema";
import type { ServiceContext } from "#app/utils/context.server";
import { AppError } from "#app/utils/errors";
import { roleIsGrantedAreas, roleSeesAllInstitutions } from "#app/utils/permissions";
import { iso } from "#app/utils/time";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";
import { dummyHash, hashPassword, verifyPassword } from "#app/modules/auth/password.server";
import { CLEARED_FAILURES, reserveAttempt, type LockoutPolicy } from "#app/modules/auth/throttle.server";
import { createSession, destroyUserSessions, type SessionPolicy } from "#app/modules/auth/session.server";
import type { CreateUserInput } from "./schemas";

/** What an administrator sees of a user: never the password hash. */
export type UserSummary = Pick<
  User,
  "id" | "email" | "name" | "role" | "status" | "locale" | "lastSignInAt" | "lockedUntil" | "version" | "createdAt"
> & {
  institutionIds: number[];
  /** A monitoring user's plan areas and whole countries (decision 033); empty for other roles. */
  municipalityIds: number[];
  countries: Country[];
};

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
  const areas = ctx.db.select().from(userMonitoringAreas).all();
  return rows.map((u) => ({
    ...u,
    institutionIds: grants.filter((g) => g.userId === u.id).map((g) => g.institutionId),
    ...areasOf(areas.filter((a) => a.userId === u.id)),
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
  const areas = db.select().from(userMonitoringAreas).where(eq(userMonitoringAreas.userId, id)).all();
  return { ...row, institutionIds: grants.map((g) => g.id), ...areasOf(areas) };
}

function areasOf(rows: { municipalityId: number | null; country: Country | null }[]) {
  return {
    municipalityIds: rows.flatMap((r) => (r.municipalityId === null ? [] : [r.municipalityId])).sort((a, b) => a - b),
    countries: rows.flatMap((r) => (r.country === null ? [] : [r.country])).sort(),
  };
}

/** What a user is granted: institutions, or (monitoring) plan areas and countries; administrators nothing. */
interface AreaInput {
  role: User["role"];
  institutionIds: number[];
  municipalityIds?: number[];
  countries?: Country[];
}

function grantedAreas(input: AreaInput) {
  if (!roleIsGrantedAreas(input.role)) return { municipalityIds: [] as number[], countries: [] as Country[] };
  return {
    municipalityIds: [...new Set(input.municipalityIds ?? [])].sort((a, b) => a - b),
    countries: [...new Set(input.countries ?? [])].sort(),
  };
}

/** The audit keeps a monitoring user's areas; other roles' entries keep their earlier shape. */
const areaAudit = (role: User["role"], a: { municipalityIds: number[]; countries: Country[] }) =>
  roleIsGrantedAreas(role) ? { municipalityIds: a.municipalityIds, countries: a.countries } : {};

function assertMunicipalitiesExist(ctx: ServiceContext, ids: number[]) {
  if (ids.length === 0) return;
  const found = ctx.db
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(inArray(municipalities.id, ids))
    .all();
  if (found.length !== ids.length) throw new AppError("validation", "users.errors.unknownMunicipality");
}

function writeGrants(
  tx: Tx,
  ctx: ServiceContext,
  userId: number,
  institutionIds: number[],
  areas: ReturnType<typeof grantedAreas>,
) {
  tx.delete(userInstitutions).where(eq(userInstitutions.userId, userId)).run();
  tx.delete(userMonitoringAreas).where(eq(userMonitoringAreas.userId, userId)).run();
  const by = { grantedBy: ctx.actor.id, grantedAt: iso(ctx.now) };
  for (const institutionId of institutionIds)
    tx.insert(userInstitutions)
      .values({ userId, institutionId, ...by })
      .run();
  for (const municipalityId of areas.municipalityIds)
    tx.insert(userMonitoringAreas)
      .values({ userId, municipalityId, ...by })
      .run();
  for (const country of areas.countries)
    tx.insert(userMonitoringAreas)
      .values({ userId, country, ...by })
      .run();
}

function assertInstitutionsExist(ctx: ServiceContext, ids: number[]) {
  if (ids.length === 0) return;
  const found = ctx.db.select({ id: institutions.id }).from(institutions).where(inArray(institutions.id, ids)).all();
  if (found.length !== new Set(ids).size) {
    throw new AppError("validation", "users.errors.unknownInstitution");
  }
}

/** Administrators see all institutions, monitoring users their areas' (decision 033): for them institution grants are not stored. */
function grantsFor(role: User["role"], ids: number[]): number[] {
  return roleSeesAllInstitutions(role) || roleIsGrantedAreas(role) ? [] : [...new Set(ids)].sort((a, b) => a - b);
}

export async function createUser(
  ctx: ServiceContext,
  input: Omit<CreateUserInput, "municipalityIds" | "countries"> &
    Partial<Pick<CreateUserInput, "municipalityIds" | "countries">>,
): Promise<number> {
  const passwordHash = await hashPassword(input.password);
  const grants = grantsFor(input.role, input.institutionIds);
  const areas = grantedAreas(input);
  assertInstitutionsExist(ctx, grants);
  assertMunicipalitiesExist(ctx, areas.municipalityIds);
  return ctx.db.transaction(
    (tx) => {
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
      if (existing) throw new AppError("conflict", "users.errors.emailTaken");
      const created = tx
        .insert(users)
        .values({ email: input.email, name: input.name, role: input.role, passwordHash })
        .returning({ id: users.id })
        .get();
      writeGrants(tx, ctx, created.id, grants, areas);
      auditByActor(tx, ctx, {
        action: "user.created",
        entityType: "user",
        entityId: created.id,
        after: {
          email: input.email,
          name: input.name,
          role: input.role,
          institutionIds: grants,
          ...areaAudit(input.role, areas),
        },
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
  input: AreaInput & { version: number; name: string },
): void {
  const grants = grantsFor(input.role, input.institutionIds);
  const areas = grantedAreas(input);
  assertInstitutionsExist(ctx, grants);
  assertMunicipalitiesExist(ctx, areas.municipalityIds);
  ctx.db.transaction(
    (tx) => {
      const before = readUser(tx, id);
      if (id === ctx.actor.id && input.role !== before.role) {
        throw new AppError("validation", "users.errors.ownRole");
      }
      bumpVersion(tx, ctx, id, input.version, { name: input.name, role: input.role });
      writeGrants(tx, ctx, id, grants, areas);
      auditByActor(tx, ctx, {
        action: "user.updated",
        entityType: "user",
        entityId: id,
        before: {
          name: before.name,
          role: before.role,
          institutionIds: before.institutionIds,
          ...areaAudit(before.role, before),
        },
        after: { name: input.name, role: input.role, institutionIds: grants, ...areaAudit(input.role, areas) },
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
