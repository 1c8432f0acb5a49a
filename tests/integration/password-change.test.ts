import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, sessions, users } from "#db/schema";
import { createInstitution, createUser, DEFAULT_PASSWORD } from "#tests/factories";
import { freshDbFile } from "#tests/support/db";

/** ASVS 5.0 V6.2.2/V6.2.3 and V7.4.3: a user changes their own password; their other sessions end. */
const ORIGIN = "http://localhost:3000";
type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, never>;
}) => Promise<unknown>;
let db: Db;
let login: { action: Handler };
let page: { action: Handler; loader: Handler };
let dashboard: { loader: Handler };
let userId: number;

const post = (path: string, body: Record<string, string>, cookie?: string) =>
  new Request(ORIGIN + path, {
    method: "POST",
    body: new URLSearchParams(body).toString(),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: ORIGIN,
      ...(cookie ? { Cookie: cookie } : {}),
    },
  });
const call = async (h: Handler, request: Request) => {
  try {
    return await h({ request, params: {}, context: {} });
  } catch (e) {
    return e;
  }
};
const status = (r: unknown) => (r instanceof Response ? r.status : (r as { init?: { status?: number } }).init?.status);
const sessionCookieOf = (r: Response) =>
  r.headers
    .getSetCookie()
    .find((c) => c.startsWith("__session="))!
    .split(";")[0]!;
async function signIn(password: string): Promise<string | null> {
  const r = await call(login.action, post("/login", { email: "own@x.pl", password }));
  return r instanceof Response && r.status === 302 ? sessionCookieOf(r) : null;
}
const signedIn = async (cookie: string) => {
  const r = await call(dashboard.loader, new Request(`${ORIGIN}/dashboard`, { headers: { Cookie: cookie } }));
  return !(r instanceof Response && r.status === 302);
};
const audits = (action: string) => db.select().from(auditEvents).where(eq(auditEvents.action, action)).all();

beforeAll(async () => {
  process.env.DATABASE_PATH = freshDbFile();
  db = (await import("#app/utils/db.server")).getDb();
  login = (await import("#app/routes/login")) as never;
  page = (await import("#app/routes/_app.account.password")) as never;
  dashboard = (await import("#app/routes/_app.dashboard")) as never;
  userId = (await createUser(db, { email: "own@x.pl", institutionIds: [createInstitution(db).id] })).id;
});

describe("changing one's own password", () => {
  it("signed out: sent to the sign-in page", async () => {
    const r = await call(page.loader, new Request(`${ORIGIN}/account/password`));
    expect((r as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Faccount%2Fpassword/);
  });

  it("a wrong current password is refused and audited; nothing changes", async () => {
    const cookie = (await signIn(DEFAULT_PASSWORD))!;
    const hash = db.select({ h: users.passwordHash }).from(users).where(eq(users.id, userId)).get()!.h;
    const r = await call(
      page.action,
      post(
        "/account/password",
        { currentPassword: "not it at all", newPassword: "a brand new pass", confirmPassword: "a brand new pass" },
        cookie,
      ),
    );
    expect(status(r)).toBe(400);
    expect((r as { data: { formError: unknown } }).data.formError).toEqual({
      key: "account.errors.currentPasswordWrong",
    });
    expect(db.select({ h: users.passwordHash }).from(users).where(eq(users.id, userId)).get()!.h).toBe(hash);
    expect(audits("user.password_change_refused")).toHaveLength(1);
    expect(await signedIn(cookie)).toBe(true);
  });

  it("mismatched or unchanged new passwords are field errors", async () => {
    const cookie = (await signIn(DEFAULT_PASSWORD))!;
    const differ = await call(
      page.action,
      post(
        "/account/password",
        { currentPassword: DEFAULT_PASSWORD, newPassword: "a brand new pass", confirmPassword: "another new pass" },
        cookie,
      ),
    );
    expect((differ as { data: { fieldErrors: unknown } }).data.fieldErrors).toEqual({
      confirmPassword: { key: "validation.passwordsDiffer" },
    });
    const same = await call(
      page.action,
      post(
        "/account/password",
        { currentPassword: DEFAULT_PASSWORD, newPassword: DEFAULT_PASSWORD, confirmPassword: DEFAULT_PASSWORD },
        cookie,
      ),
    );
    expect((same as { data: { fieldErrors: unknown } }).data.fieldErrors).toEqual({
      newPassword: { key: "validation.passwordUnchanged" },
    });
  });

  it("the right current password: new password works, old does not, every other session ends, this one gets a new token", async () => {
    const here = (await signIn(DEFAULT_PASSWORD))!;
    const elsewhere = (await signIn(DEFAULT_PASSWORD))!;
    const r = (await call(
      page.action,
      post(
        "/account/password",
        { currentPassword: DEFAULT_PASSWORD, newPassword: "a brand new pass", confirmPassword: "a brand new pass" },
        here,
      ),
    )) as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/dashboard");
    const renewed = sessionCookieOf(r);
    expect(renewed).not.toBe(here);
    expect(await signedIn(here)).toBe(false);
    expect(await signedIn(elsewhere)).toBe(false);
    expect(await signedIn(renewed)).toBe(true);
    expect(db.select().from(sessions).where(eq(sessions.userId, userId)).all()).toHaveLength(1);
    expect(await signIn(DEFAULT_PASSWORD)).toBeNull();
    expect(await signIn("a brand new pass")).not.toBeNull();
    expect(audits("user.password_changed").map((a) => a.after)).toEqual([{ sessionsEnded: expect.any(Number) }]);
  });
});

/** Issue #16 finding 4: wrong current passwords count toward the same lock as sign-in. */
describe("the password-change form is no oracle", () => {
  const change = (cookie: string, currentPassword: string) =>
    call(
      page.action,
      post(
        "/account/password",
        { currentPassword, newPassword: "another brand new pass", confirmPassword: "another brand new pass" },
        cookie,
      ),
    );

  it("wrong current passwords count toward the sign-in lock; once locked, not even the right one changes it, and the session is told in words", async () => {
    const id = (await createUser(db, { email: "oracle@x.pl", institutionIds: [createInstitution(db).id] })).id;
    const r0 = await call(login.action, post("/login", { email: "oracle@x.pl", password: DEFAULT_PASSWORD }));
    const cookie = sessionCookieOf(r0 as Response);
    const hash = db.select({ h: users.passwordHash }).from(users).where(eq(users.id, id)).get()!.h;
    for (let i = 0; i < 4; i++) expect(status(await change(cookie, `guess ${i}`))).toBe(400);
    const fifth = await change(cookie, "guess 5");
    expect(status(fifth)).toBe(423);
    const row = db.select().from(users).where(eq(users.id, id)).get()!;
    expect(row.lockedUntil).not.toBeNull();
    expect((fifth as { data: { formError: { key: string } } }).data.formError.key).toBe("account.errors.locked");
    // Locked: the right current password is refused too, nothing changes.
    const right = await change(cookie, DEFAULT_PASSWORD);
    expect(status(right)).toBe(423);
    expect((right as { data: { formError: { key: string; values: { until: string } } } }).data.formError).toEqual({
      key: "account.errors.locked",
      values: { until: `at:${row.lockedUntil}` },
    });
    expect(db.select({ h: users.passwordHash }).from(users).where(eq(users.id, id)).get()!.h).toBe(hash);
    // And sign-in is locked as well.
    const signin = await call(login.action, post("/login", { email: "oracle@x.pl", password: DEFAULT_PASSWORD }));
    expect(status(signin)).toBe(423);
  });

  it("parallel wrong current passwords cannot outrun the count", async () => {
    const id = (await createUser(db, { email: "oracle2@x.pl", institutionIds: [createInstitution(db).id] })).id;
    const cookie = sessionCookieOf(
      (await call(login.action, post("/login", { email: "oracle2@x.pl", password: DEFAULT_PASSWORD }))) as Response,
    );
    const codes = (await Promise.all(Array.from({ length: 10 }, (_, i) => change(cookie, `parallel guess ${i}`)))).map(
      status,
    );
    expect(codes.filter((c) => c === 400).length).toBeLessThanOrEqual(4);
    expect(db.select().from(users).where(eq(users.id, id)).get()!.lockedUntil).not.toBeNull();
  });
});
