import crypto from "node:crypto";
import { eq, lt, or, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { institutions, sessions, userInstitutions, users, type User } from "#db/schema";
import type { Actor } from "#app/utils/context.server";
import { roleIsGrantedAreas, roleSeesAllInstitutions } from "#app/utils/permissions";
import { areaGrantedSql, type Scope } from "#app/utils/scope.server";
import { preparedQueries } from "#app/utils/prepared.server";
import { addMinutes, iso } from "#app/utils/time";

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** Last-seen is written at most this often, so a burst of requests costs no writes. */
const TOUCH_EVERY_MS = 60_000;

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Starts a new session (a fresh token each sign-in: the session id rotates). */
export function createSession(
  db: Pick<Db, "insert">,
  userId: number,
  now: Date,
  policy: SessionPolicy,
  userAgent: string | null,
): string {
  const token = crypto.randomBytes(32).toString("base64url");
  db.insert(sessions)
    .values({
      id: hashToken(token),
      userId,
      createdAt: iso(now),
      lastSeenAt: iso(now),
      expiresAt: iso(addMinutes(now, policy.absoluteHours * 60)),
      userAgent: userAgent?.slice(0, 300) ?? null,
    })
    .run();
  return token;
}

export type SessionLookup =
  | { status: "none" }
  | { status: "expired"; reason: "idle" | "absolute" | "disabled" }
  | { status: "active"; actor: Actor; scope: Scope };

export function scopeOf(db: Pick<Db, "select">, user: Pick<User, "id" | "role">): Scope {
  if (roleSeesAllInstitutions(user.role)) return { all: true };
  const q = prepared(db);
  const rows = roleIsGrantedAreas(user.role) ? q.areaScope.all({ userId: user.id }) : q.scope.all({ userId: user.id });
  return { all: false, institutionIds: rows.map((r) => r.id) };
}

/** The two queries of every request (session and scope). */
const prepared = preparedQueries((db) => ({
  session: db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare(),
  scope: db
    .select({ id: userInstitutions.institutionId })
    .from(userInstitutions)
    .where(eq(userInstitutions.userId, sql.placeholder("userId")))
    .prepare(),
  // A monitoring user's institutions: those of the plan areas and countries granted, as they are now.
  areaScope: db
    .select({ id: institutions.id })
    .from(institutions)
    .where(areaGrantedSql(sql.placeholder("userId"), institutions.municipalityId, institutions.country))
    .orderBy(institutions.id)
    .prepare(),
}));

/** Resolves a session token to its user, enforcing the idle and absolute timeouts. */
export function lookupSession(
  db: Db,
  token: string | null | undefined,
  now: Date,
  policy: SessionPolicy,
): SessionLookup {
  if (!token) return { status: "none" };
  const id = hashToken(token);
  const row = prepared(db).session.get({ id });
  if (!row) return { status: "none" };
  const { session, user } = row;
  let reason: "idle" | "absolute" | "disabled" | null = null;
  if (user.status !== "active") reason = "disabled";
  else if (session.expiresAt <= iso(now)) reason = "absolute";
  else if (iso(addMinutes(new Date(session.lastSeenAt), policy.idleMinutes)) <= iso(now)) reason = "idle";
  if (reason) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return { status: "expired", reason };
  }
  if (now.getTime() - new Date(session.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
    db.update(sessions)
      .set({ lastSeenAt: iso(now) })
      .where(eq(sessions.id, id))
      .run();
  }
  return {
    status: "active",
    actor: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale },
    scope: scopeOf(db, user),
  };
}

export function destroySession(db: Pick<Db, "delete">, token: string | null | undefined): void {
  if (!token) return;
  db.delete(sessions)
    .where(eq(sessions.id, hashToken(token)))
    .run();
}

export function destroyUserSessions(db: Pick<Db, "delete">, userId: number): number {
  return db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

/** Housekeeping: removes sessions past their absolute end or idle for longer than allowed. */
export function purgeExpiredSessions(db: Db, now: Date, policy: SessionPolicy): number {
  return db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, iso(now)), lt(sessions.lastSeenAt, iso(addMinutes(now, -policy.idleMinutes)))))
    .run().changes;
}
