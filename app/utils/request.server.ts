import crypto from "node:crypto";

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

export function getClientIp(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded ? forwarded.split(",")[0]!.trim().slice(0, 64) : null;
}

/** A redirect target that stays on this site. */
export function safeRedirectPath(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
