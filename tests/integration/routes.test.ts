import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { auditEvents, users } from "#db/schema";
import type { Db } from "#db/client";
import { freshDbFile } from "#tests/support/db";
import { createInstitution, createUser, DEFAULT_PASSWORD } from "#tests/factories";

/**
 * Loaders and actions called as Remix calls them, with real Requests, on a real database:
 * the bad-input cases of the foundation issue.
 */
const ORIGIN = "http://localhost:3000";
type Args = { request: Request; params: Record<string, string>; context: Record<string, never> };
type Handler = (args: Args) => Promise<unknown>;

let db: Db;
let login: { action: Handler; loader: Handler };
let newUser: { action: Handler; loader: Handler };
let institution: { loader: Handler };
let logout: { action: Handler };
let dashboard: { loader: Handler };
let instA: number;
let instB: number;

beforeAll(async () => {
  process.env.DATABASE_PATH = freshDbFile();
  const { getDb } = await import("#app/utils/db.server");
  db = getDb();
  login = (await import("#app/routes/login")) as never;
  newUser = (await import("#app/routes/_app.admin.users.new")) as never;
  institution = (await import("#app/routes/_app.institutions.$institutionId")) as never;
  logout = (await import("#app/routes/logout")) as never;
  dashboard = (await import("#app/routes/_app.dashboard")) as never;
  instA = createInstitution(db).id;
  instB = createInstitution(db).id;
  await createUser(db, { email: "worker@x.pl", institutionIds: [instA] });
  await createUser(db, { email: "admin@x.pl", role: "admin" });
  await createUser(db, { email: "off@x.pl", status: "disabled" });
});

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(ORIGIN + path, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, ...headers },
  });
}
const args = (request: Request, params: Record<string, string> = {}): Args => ({ request, params, context: {} });
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

function auditCount() {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(auditEvents)
    .get()!.n;
}

async function signInCookie(email: string): Promise<string> {
  const res = (await login.action(args(post("/login", form({ email, password: DEFAULT_PASSWORD }))))) as Response;
  expect(res.status).toBe(302);
  return res.headers.get("Set-Cookie")!.split(";")[0]!;
}

/** A thrown or returned data() value: { data, init }. */
function statusOf(v: unknown): number | undefined {
  if (v instanceof Response) return v.status;
  return (v as { init?: { status?: number } }).init?.status;
}
function bodyOf(v: unknown): Record<string, unknown> {
  return (v as { data: Record<string, unknown> }).data;
}
async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the handler to throw");
}

describe("sign-in action, bad input", () => {
  it("wrong password: 401 with a message key, no session cookie", async () => {
    const r = await login.action(args(post("/login", form({ email: "worker@x.pl", password: "nope" }))));
    expect(statusOf(r)).toBe(401);
    expect(bodyOf(r).formError).toEqual({ key: "auth.invalid" });
    expect(bodyOf(r).values).toEqual({ email: "worker@x.pl", redirectTo: "" });
  });

  it("disabled user with the right password: told, not signed in", async () => {
    const r = await login.action(args(post("/login", form({ email: "off@x.pl", password: DEFAULT_PASSWORD }))));
    expect(statusOf(r)).toBe(403);
    expect(bodyOf(r).formError).toEqual({ key: "auth.accountDisabled" });
  });

  it("a post from another site is refused before anything is read or written", async () => {
    const before = auditCount();
    const r = await login.action(
      args(
        post("/login", form({ email: "worker@x.pl", password: DEFAULT_PASSWORD }), { Origin: "https://evil.example" }),
      ),
    );
    expect(statusOf(r)).toBe(403);
    expect(bodyOf(r).formError).toEqual({ key: "errors.crossSite" });
    expect(auditCount()).toBe(before);
  });

  it("a post without Origin or Sec-Fetch-Site is refused", async () => {
    const req = new Request(ORIGIN + "/login", {
      method: "POST",
      body: form({ email: "worker@x.pl", password: DEFAULT_PASSWORD }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(statusOf(await login.action(args(req)))).toBe(403);
  });

  it("a huge body gets 413", async () => {
    const big = "email=a%40b.pl&password=" + "x".repeat(2 * 1024 * 1024);
    const r = await login.action(args(post("/login", big)));
    expect(statusOf(r)).toBe(413);
    expect(bodyOf(r).formError).toEqual({ key: "errors.tooLarge" });
  });

  it("a body that is not UTF-8 (raw bytes or percent-escapes) gets 400", async () => {
    const raw = new Uint8Array([
      ...new TextEncoder().encode("email=a"),
      0xff,
      0xfe,
      ...new TextEncoder().encode("&password=x"),
    ]);
    const r1 = await login.action(args(post("/login", raw)));
    expect(statusOf(r1)).toBe(400);
    expect(bodyOf(r1).formError).toEqual({ key: "errors.notUtf8" });
    const r2 = await login.action(args(post("/login", "email=%C4%FF&password=x")));
    expect(statusOf(r2)).toBe(400);
  });

  it("an empty form answers with field errors", async () => {
    const r = await login.action(args(post("/login", "")));
    expect(statusOf(r)).toBe(400);
    expect(bodyOf(r).fieldErrors).toMatchObject({ email: { key: "validation.required" } });
  });

  it("an off-site redirectTo is ignored", async () => {
    const r = (await login.action(
      args(post("/login", form({ email: "worker@x.pl", password: DEFAULT_PASSWORD, redirectTo: "//evil.example/x" }))),
    )) as Response;
    expect(r.headers.get("Location")).toBe("/dashboard");
  });
});

describe("sessions and permissions at the route level", () => {
  it("the session cookie is httpOnly and SameSite=Lax", async () => {
    const res = (await login.action(
      args(post("/login", form({ email: "worker@x.pl", password: DEFAULT_PASSWORD }))),
    )) as Response;
    const c = res.headers.get("Set-Cookie")!;
    expect(c).toMatch(/HttpOnly/i);
    expect(c).toMatch(/SameSite=Lax/i);
  });

  it("a tampered cookie is no session: redirect to sign-in", async () => {
    const cookie = await signInCookie("worker@x.pl");
    const tampered = cookie.slice(0, -3) + "abc";
    const e = await thrown(
      dashboard.loader(args(new Request(ORIGIN + "/dashboard", { headers: { Cookie: tampered } }))),
    );
    expect(e).toBeInstanceOf(Response);
    expect((e as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fdashboard/);
  });

  it("a role without the permission gets 403 and the refusal is audited", async () => {
    const cookie = await signInCookie("worker@x.pl");
    const before = auditCount();
    const e = await thrown(
      newUser.loader(args(new Request(ORIGIN + "/admin/users/new", { headers: { Cookie: cookie } }))),
    );
    expect(statusOf(e)).toBe(403);
    expect(auditCount()).toBe(before + 1);
    // the action too: nothing is created
    const n = db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .get()!.n;
    const e2 = await thrown(
      newUser.action(
        args(
          post("/admin/users/new", form({ email: "x@x.pl", name: "X", role: "admin", password: "0123456789ab" }), {
            Cookie: cookie,
          }),
        ),
      ),
    );
    expect(statusOf(e2)).toBe(403);
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .get()!.n,
    ).toBe(n);
  });

  it("another institution's record: 404, never the data", async () => {
    const cookie = await signInCookie("worker@x.pl");
    const req = (id: number) => new Request(`${ORIGIN}/institutions/${id}`, { headers: { Cookie: cookie } });
    const ok = (await institution.loader(args(req(instA), { institutionId: String(instA) }))) as {
      institution: { id: number };
    };
    expect(ok.institution.id).toBe(instA);
    const e = await thrown(institution.loader(args(req(instB), { institutionId: String(instB) })));
    expect(statusOf(e)).toBe(404);
    expect(JSON.stringify(e)).not.toContain("DPS");
  });

  it("after sign-out the cookie no longer works", async () => {
    const cookie = await signInCookie("worker@x.pl");
    const res = (await logout.action(args(post("/logout", "", { Cookie: cookie })))) as Response;
    expect(res.headers.get("Location")).toBe("/login");
    const e = await thrown(dashboard.loader(args(new Request(ORIGIN + "/dashboard", { headers: { Cookie: cookie } }))));
    expect((e as Response).headers.get("Location")).toMatch(/^\/login/);
  });

  it("an administrator's create-user form with bad fields writes nothing and echoes no password", async () => {
    const cookie = await signInCookie("admin@x.pl");
    const n = db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .get()!.n;
    const r = await newUser.action(
      args(
        post("/admin/users/new", form({ email: "bad", name: "", role: "boss", password: "short" }), { Cookie: cookie }),
      ),
    );
    expect(statusOf(r)).toBe(400);
    expect(Object.keys(bodyOf(r).fieldErrors as object).sort()).toEqual(["email", "name", "password", "role"]);
    expect(bodyOf(r).values).not.toHaveProperty("password");
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .get()!.n,
    ).toBe(n);
  });
});
