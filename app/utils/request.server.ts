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

/**
 * The page a request belongs to, for the audit log: its path without the query (a search term
 * may be a name), with Remix's single-fetch suffix taken off (`/residents/12.data` is the data of
 * `/residents/12`, `/_root.data` that of `/`). At most 200 characters.
 */
export function requestPage(request: Request): string {
  const path = new URL(request.url).pathname;
  const page = path === "/_root.data" ? "/" : path.endsWith(".data") ? path.slice(0, -5) : path;
  return page.slice(0, 200);
}

/** Where a redirect target is resolved to check it; any origin of ours would do. */
const CHECK_ORIGIN = "http://this-site.invalid";
/** Control characters, every kind of white space, backslashes: browsers drop or reinterpret them. */
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/;

/**
 * A redirect target that stays on this site (issue #16 finding 2). The value is parsed the way a
 * browser resolves `Location`, against an origin, and kept only when it lands on that origin; it
 * is refused outright when it holds a control character, white space or a backslash (browsers
 * strip or turn them into `/`, so `/\t/evil.example` becomes `//evil.example`); control
 * characters and backslashes also once percent-decoded. The answer is the parsed path, query
 * and fragment, never the raw input.
 */
export function safeRedirectPath(to: string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2048) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  // Percent-encoded, only what some later decoding could turn into another host (a space in a
  // search query stays allowed).
  if (UNSAFE.test(to) || to.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(decoded) || decoded.startsWith("//"))
    return fallback;
  let url: URL;
  try {
    url = new URL(to, CHECK_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== CHECK_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
