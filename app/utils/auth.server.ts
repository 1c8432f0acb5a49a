import { createCookie, redirect } from "@remix-run/node";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { AppError } from "./errors";
import { errorResponse } from "./route.server";
import type { ServiceContext } from "./context.server";
import { getClientIp, getRequestId, requestPage } from "./request.server";
import { roleHasPermission, type Permission } from "./permissions";
import { lookupSession, type SessionLookup } from "#app/modules/auth/session.server";
import { recordAudit } from "#app/modules/audit/service.server";

let cookie: ReturnType<typeof createCookie> | undefined;

/** The session cookie: signed, httpOnly, SameSite=Lax, Secure in production. */
export function sessionCookie() {
  const env = getEnv();
  cookie ??= createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.COOKIE_SECURE,
    path: "/",
    secrets: [env.SESSION_SECRET],
    maxAge: env.SESSION_ABSOLUTE_HOURS * 3600,
  });
  return cookie;
}

export function sessionPolicy() {
  const env = getEnv();
  return { idleMinutes: env.SESSION_IDLE_MINUTES, absoluteHours: env.SESSION_ABSOLUTE_HOURS };
}

/** The one lockout rule, for sign-in and the password-change form alike. */
export function lockoutPolicy() {
  const env = getEnv();
  return { threshold: env.LOCKOUT_THRESHOLD, minutes: env.LOCKOUT_MINUTES };
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

const lookups = new WeakMap<Request, Promise<SessionLookup>>();

/** The session of this request, looked up once however many loaders ask. */
export function getSession(request: Request): Promise<SessionLookup> {
  let p = lookups.get(request);
  if (!p) {
    p = readSessionToken(request).then((token) => lookupSession(getDb(), token, new Date(), sessionPolicy()));
    lookups.set(request, p);
  }
  return p;
}

export async function getOptionalContext(request: Request): Promise<ServiceContext | null> {
  const s = await getSession(request);
  if (s.status !== "active") return null;
  return {
    db: getDb(),
    actor: s.actor,
    scope: s.scope,
    requestId: getRequestId(request),
    ip: getClientIp(request),
    now: new Date(),
    page: requestPage(request),
  };
}

/** Signed-in user, or a redirect to the sign-in page (saying why when the session ran out). */
export async function requireUser(request: Request): Promise<ServiceContext> {
  const s = await getSession(request);
  if (s.status === "active") return (await getOptionalContext(request))!;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
  if (s.status === "expired") params.set("reason", s.reason === "disabled" ? "disabled" : "expired");
  const headers = new Headers();
  if (s.status === "expired") {
    headers.append("Set-Cookie", await sessionCookie().serialize("", { maxAge: 0 }));
  }
  throw redirect(`/login?${params}`, { headers });
}

/**
 * The one permission check of every loader and action. A user without the permission gets
 * 403, and the refusal is written to the audit log.
 */
export async function requireUserWithPermission(request: Request, permission: Permission): Promise<ServiceContext> {
  const ctx = await requireUser(request);
  if (!roleHasPermission(ctx.actor.role, permission)) {
    recordAudit(ctx.db, {
      action: "access.denied",
      entityType: "route",
      entityId: new URL(request.url).pathname,
      actorUserId: ctx.actor.id,
      actorLabel: ctx.actor.email,
      after: { permission, method: request.method },
      requestId: ctx.requestId,
      ip: ctx.ip,
      at: ctx.now,
      page: ctx.page,
    });
    throw errorResponse(new AppError("forbidden", "errors.forbidden.body"));
  }
  return ctx;
}

/**
 * The permission check of a JSON endpoint (the offline layer's, decision 031): like
 * `requireUserWithPermission`, but a missing or expired session is answered 401 in JSON, not a
 * redirect to the sign-in page (the device then erases its copy).
 */
export async function requireApiUserWithPermission(request: Request, permission: Permission) {
  const s = await getSession(request);
  if (s.status !== "active") {
    const headers = new Headers({ "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
    if (s.status === "expired") headers.append("Set-Cookie", await sessionCookie().serialize("", { maxAge: 0 }));
    throw new Response(JSON.stringify({ status: "unauthenticated" }), { status: 401, headers });
  }
  return requireUserWithPermission(request, permission);
}
