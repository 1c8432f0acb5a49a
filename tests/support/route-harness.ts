import fs from "node:fs";
import path from "node:path";
import type { Db } from "#db/client";
import { DEFAULT_PASSWORD } from "#tests/factories";
import { freshDbFile } from "./db";

/**
 * Loaders and actions called as Remix calls them: a real Request (with the session cookie of a
 * user signed in through the real login action, and an Origin header on POSTs), on a real
 * database. Every answer (returned or thrown Response, `data()` value, plain object) comes back as
 * one `{ status, body }` shape.
 */
export const ORIGIN = "http://localhost:3000";
export const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

export type Args = { request: Request; params: Record<string, string>; context: Record<string, never> };
export type Handler = (args: Args) => Promise<unknown>;
export interface RouteModule {
  loader?: Handler;
  action?: Handler;
}

/** A form as a browser posts it: a name given several times is an array; a File makes it multipart. */
export type FormFields = Record<string, string | string[] | File>;

export interface Outcome {
  status: number;
  /** The body as text (JSON for data), to search for data that must not be there. */
  body: string;
  /** The decoded data of a data() / plain-object answer, when there is one. */
  data?: unknown;
  location: string | null;
  /** The handler threw (a Response or data() for 4xx/redirects; anything else is a server error). */
  thrown: boolean;
  /** A thrown value that is no Response: the 500 Remix would answer. */
  error?: unknown;
}

let db: Db | undefined;

/** A fresh migrated database for this test file; must run before any app module is imported. */
export async function openAppDb(): Promise<Db> {
  if (!db) {
    process.env.DATABASE_PATH = freshDbFile();
    const { getDb } = await import("#app/utils/db.server");
    db = getDb();
  }
  return db;
}

/** Every route module file, as the file-system router sees them. */
export function routeFiles(): string[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\./.test(f))
    .sort();
}

export async function loadRoute(file: string): Promise<RouteModule> {
  const mod = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as Record<string, unknown>;
  return {
    loader: typeof mod.loader === "function" ? (mod.loader as Handler) : undefined,
    action: typeof mod.action === "function" ? (mod.action as Handler) : undefined,
  };
}

export const args = (request: Request, params: Record<string, string> = {}): Args => ({ request, params, context: {} });

export function getRequest(urlPath: string, cookie?: string): Request {
  return new Request(ORIGIN + urlPath, { headers: cookie ? { Cookie: cookie } : {} });
}

function encode(fields: FormFields): URLSearchParams | FormData {
  const multipart = Object.values(fields).some((v) => typeof v === "object" && !Array.isArray(v));
  const out = multipart ? new FormData() : new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (out instanceof FormData) out.append(k, item);
      else out.append(k, item as string);
    }
  }
  return out;
}

export interface PostOptions {
  cookie?: string;
  /** Overrides the Content-Type (raw bodies). */
  contentType?: string;
  /** Defaults to this site; `null` sends no Origin header. */
  origin?: string | null;
}

/** A same-site POST of a form (or of raw bytes, as they are). */
export function postRequest(urlPath: string, body: FormFields | string | Uint8Array, opts: PostOptions = {}): Request {
  const headers: Record<string, string> = {};
  if (opts.origin !== null) headers.Origin = opts.origin ?? ORIGIN;
  if (opts.cookie) headers.Cookie = opts.cookie;
  let payload: BodyInit;
  if (typeof body === "string" || body instanceof Uint8Array) {
    payload = body as BodyInit;
    headers["Content-Type"] = opts.contentType ?? "application/x-www-form-urlencoded";
  } else {
    payload = encode(body);
    if (opts.contentType) headers["Content-Type"] = opts.contentType;
  }
  return new Request(ORIGIN + urlPath, { method: "POST", body: payload, headers });
}

interface DataWithInit {
  type: "DataWithResponseInit";
  data: unknown;
  init?: ResponseInit | null;
}
const isDataWithInit = (v: unknown): v is DataWithInit =>
  typeof v === "object" && v !== null && (v as { type?: unknown }).type === "DataWithResponseInit";

function stringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? "";
  } catch {
    return String(v);
  }
}

async function normalise(v: unknown, thrown: boolean): Promise<Outcome> {
  if (v instanceof Response) {
    const bytes = new Uint8Array(await v.arrayBuffer());
    return { status: v.status, body: new TextDecoder().decode(bytes), location: v.headers.get("Location"), thrown };
  }
  if (isDataWithInit(v)) {
    const location = new Headers(v.init?.headers ?? undefined).get("Location");
    return { status: v.init?.status ?? 200, body: stringify(v.data), data: v.data, location, thrown };
  }
  if (thrown)
    return {
      status: 500,
      body: v instanceof Error ? `${v.name}: ${v.message}` : stringify(v),
      location: null,
      thrown,
      error: v,
    };
  return { status: 200, body: stringify(v), data: v, location: null, thrown };
}

/** Calls a loader or action and answers what Remix would send: status and body. */
export async function call(handler: Handler, request: Request, params: Record<string, string> = {}): Promise<Outcome> {
  try {
    return await normalise(await handler(args(request, params)), false);
  } catch (e) {
    return normalise(e, true);
  }
}

export const redirectsToLogin = (o: Outcome) =>
  o.status >= 300 && o.status < 400 && !!o.location && /^\/login(\?|$)/.test(o.location);

let loginModule: RouteModule | undefined;

/** Signs in through the real login action; answers the session cookie ("__session=..."). */
export async function signIn(email: string, password = DEFAULT_PASSWORD): Promise<string> {
  loginModule ??= await loadRoute("login.tsx");
  const res = await loginModule.action!(args(postRequest("/login", { email, password })));
  const cookie = res instanceof Response && res.status === 302 ? res.headers.get("Set-Cookie") : null;
  if (!cookie) throw new Error(`sign-in of ${email} failed: ${stringify(res)}`);
  return cookie.split(";")[0]!;
}

// ---------- what a request wrote ----------

/**
 * Tables every request may write (the audit log, session activity, the lockout's count of wrong
 * passwords for addresses without an account) or that are not domain data.
 */
export const UNTRACKED_TABLES = new Set(["audit_events", "sessions", "sign_in_throttles", "__drizzle_migrations"]);

/** Columns a refused request writes by design: the lockout's count (docs/decisions/021). */
export const LOCKOUT_COLUMNS: Record<string, string[]> = {
  users: ["failed_sign_ins", "last_failed_sign_in_at", "locked_until"],
};

export function domainTables(db: Db): string[] {
  return (
    db.$client
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all() as { name: string }[]
  )
    .map((r) => r.name)
    .filter((n) => !UNTRACKED_TABLES.has(n));
}

/** Every domain table's rows, as text: equal digests mean nothing was written. */
export function tableDigests(db: Db, tables = domainTables(db)): Map<string, string> {
  return new Map(
    tables.map((t) => [t, JSON.stringify(db.$client.prepare(`select * from "${t}" order by rowid`).raw().all())]),
  );
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before.keys()].filter((t) => before.get(t) !== after.get(t));
}

export function tableCounts(db: Db, tables = domainTables(db)): Map<string, number> {
  return new Map(
    tables.map((t) => [t, (db.$client.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n]),
  );
}
