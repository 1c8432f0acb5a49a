import crypto from "node:crypto";
import { getEnv } from "./env.server";

const ids = new WeakMap<Request, string>();

/** One id per request, taken from X-Request-Id when it looks sane, for the audit log. */
export function getRequestId(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    const header = request.headers.get("x-request-id");
    id = header && /^[A-Za-z0-9._-]{8,64}$/.test(header) ? header : crypto.randomUUID();
    ids.set(request, id);
  }
  return id;
}

/**
 * The client's address for the audit log. remix-serve does not pass the socket's address, so it
 * comes from X-Forwarded-For, and only when a reverse proxy is trusted (TRUST_PROXY): then the
 * last entry, the one the proxy appended. Otherwise any client could write any address there.
 */
export function getClientIp(request: Request, trustProxy = getEnv().TRUST_PROXY): string | null {
  if (!trustProxy) return null;
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 64) : null;
}

/** A redirect target that stays on this site. */
export function safeRedirectPath(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
