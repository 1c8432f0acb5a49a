/**
 * Issue #16 findings 2-8, re-run against the production server the way the independent probe
 * ran them: plain HTTP requests to `node server.js` on the production build (a server of the
 * test's own on a scenario database, so accounts can be locked and its log read), and the
 * browser against the e2e server (demo mode on 127.0.0.1).
 */
import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { DEMO_ACCOUNTS } from "#db/seed/demo-accounts";
import { makeScenario, signIn, startServerOnFreePort, tempDir, type Server } from "#tests/support/server";
import type { Scenario } from "#tests/support/scenario";
import { chooseLanguage, expectAccessible, tr, type Lng } from "./fixtures";

const SECURITY_HEADERS = [
  "content-security-policy",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "cache-control",
];
const EVIL = "http://evil.example";

let server: Server;
let scenario: Scenario;
let dir: string;
let file: string;

test.describe("against the production server, over HTTP", () => {
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dir = tempDir("di-probe-");
    file = path.join(dir, "app.db");
    scenario = makeScenario(file, 2, 5);
    server = await startServerOnFreePort(file);
  });
  test.afterAll(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const post = (pathname: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.origin}${pathname}`, {
      method: "POST",
      headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
  const expectSecurityHeaders = (res: Response, what: string) => {
    for (const h of SECURITY_HEADERS) expect(res.headers.get(h), `${what}: ${h}`).toBeTruthy();
    expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
    expect(res.headers.get("x-frame-options"), what).toBe("DENY");
  };

  test("finding 6: a cross-site POST answers 403 with a short body and one log line, no stack trace", async () => {
    const before = server.stderr().length;
    for (const p of ["/login", "/set-language", "/logout", "/account/password", "/residents/new"]) {
      const res = await post(p, { email: "a@b.pl", password: "x", locale: "pl" }, { Origin: EVIL });
      expect(res.status, p).toBe(403);
      const body = await res.text();
      expect(body, p).toBe("Refused: this request came from another site.\n");
      expectSecurityHeaders(res, p);
    }
    // TRACE (fetch cannot send it: node:http) is not echoed and is no 500 either.
    const trace = await new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request(`${server.origin}/login`, { method: "TRACE" }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, headers: res.headers });
      });
      req.on("error", reject);
      req.end();
    });
    expect(trace.status).toBe(405);
    expect(trace.headers["x-content-type-options"]).toBe("nosniff");
    // Origin "null" (a sandboxed frame, a data: page) too.
    expect((await post("/login", { email: "a@b.pl", password: "x" }, { Origin: "null" })).status).toBe(403);
    await expect
      .poll(
        () =>
          server
            .stderr()
            .slice(before)
            .split("\n")
            .filter((l) => l.startsWith("refused POST")).length,
      )
      .toBe(6);
    const log = server.stderr().slice(before);
    expect(log).not.toMatch(/Error| {4}at /);
    expect(log).not.toContain("TRACE");
    expect(log).toContain('refused POST /login: Origin "http://evil.example" is another site');
  });

  test("findings 2 and 6: signed in, a nasty redirectTo goes to the dashboard, never to another host, never a 500", async () => {
    const cookie = await signIn(server.origin, scenario.workers[0]!.email, scenario.password);
    for (const raw of [
      "%2F%09%2Fevil.example",
      "/%0A/x",
      "%2F%5Cevil.example",
      "%2F%2Fevil.example",
      "/%2F%2Fevil.example",
      "%2F%0D%2Fevil.example",
      "https://evil.example",
    ]) {
      const res = await fetch(`${server.origin}/login?redirectTo=${raw}`, {
        headers: { Cookie: cookie },
        redirect: "manual",
      });
      expect(res.status, raw).toBe(302);
      const location = res.headers.get("location")!;
      expect(new URL(location, server.origin).origin, raw).toBe(server.origin);
      expect(location, raw).toBe("/dashboard");
      expectSecurityHeaders(res, raw);
    }
    // A fresh sign-in with the same value lands on this site too.
    const res = await post("/login", {
      email: scenario.workers[0]!.email,
      password: scenario.password,
      redirectTo: "/\t/evil.example",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/dashboard");
  });

  test("finding 7: /set-language refusals and redirects carry the security headers, with their real status", async () => {
    const noOrigin = await fetch(`${server.origin}/set-language`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "locale=pl",
      redirect: "manual",
    });
    expect(noOrigin.status).toBe(403);
    expectSecurityHeaders(noOrigin, "no origin");
    const bad = await post("/set-language", { locale: "xx" });
    expect(bad.status).toBe(400);
    expectSecurityHeaders(bad, "bad locale");
    const ok = await post("/set-language", { locale: "pl", redirectTo: "/login" });
    expect(ok.status).toBe(302);
    expectSecurityHeaders(ok, "set");
    const get = await fetch(`${server.origin}/set-language`, { redirect: "manual" });
    expectSecurityHeaders(get, "GET");
    // Other early answers: a loader's redirect, a 404, a static file.
    expectSecurityHeaders(await fetch(`${server.origin}/`, { redirect: "manual" }), "/");
    expectSecurityHeaders(await fetch(`${server.origin}/dashboard`, { redirect: "manual" }), "/dashboard signed out");
    expectSecurityHeaders(await fetch(`${server.origin}/no-such-page`), "404");
    const page = await (await fetch(`${server.origin}/login`)).text();
    const asset = /src="(\/build\/[^"]+\.js)"/.exec(page)?.[1] ?? /href="(\/build\/[^"]+\.css)"/.exec(page)?.[1];
    expect(asset).toBeTruthy();
    const assetRes = await fetch(`${server.origin}${asset}`);
    expect(assetRes.headers.get("x-content-type-options")).toBe("nosniff");
    expect(assetRes.headers.get("cache-control")).toMatch(/max-age=31536000/);
  });

  test("finding 3: twelve wrong passwords at once lock the account; then the right one is refused", async () => {
    const email = scenario.workers[1]!.email;
    const codes = await Promise.all(
      Array.from({ length: 12 }, () => post("/login", { email, password: "wrong guess" }).then((r) => r.status)),
    );
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c === 423).length).toBeGreaterThanOrEqual(8);
    expect((await post("/login", { email, password: scenario.password })).status).toBe(423);
  });

  test("finding 5: an account and an address without one give the same statuses, messages and timing class", async () => {
    const existing = scenario.workers[2]!.email;
    const missing = "nobody.here@durability.test";
    const run = async (email: string) => {
      const out: { status: number; message: string; ms: number }[] = [];
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        const res = await post("/login", { email, password: `wrong guess ${i}` });
        const ms = performance.now() - t;
        const html = await res.text();
        out.push({
          status: res.status,
          message: /role="alert"[^>]*>([^<]*)</.exec(html)?.[1]?.replace(/\d{1,2}:\d{2}( [AP]M)?/g, "HH:MM") ?? "",
          ms,
        });
      }
      return out;
    };
    const a = await run(existing);
    const b = await run(missing);
    expect(a.map((x) => x.status)).toEqual([401, 401, 401, 401, 423, 423]);
    expect(b.map((x) => [x.status, x.message])).toEqual(a.map((x) => [x.status, x.message]));
    const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
    // The locked answers (the last two) do the argon2 work too.
    const open = median(a.slice(0, 4).map((x) => x.ms));
    for (const [what, ms] of [
      ["locked account", median(a.slice(4).map((x) => x.ms))],
      ["missing address", median(b.slice(0, 4).map((x) => x.ms))],
      ["missing, locked", median(b.slice(4).map((x) => x.ms))],
    ] as const) {
      expect(ms / open, `${what}: ${ms.toFixed(0)} ms against ${open.toFixed(0)} ms`).toBeGreaterThan(0.25);
    }
  });

  test("finding 4: wrong current passwords on /account/password lock the account, and a locked account cannot change it", async () => {
    const email = scenario.workers[3]!.email;
    const cookie = await signIn(server.origin, email, scenario.password);
    const change = (currentPassword: string) =>
      post(
        "/account/password",
        { currentPassword, newPassword: "a new password 2026", confirmPassword: "a new password 2026" },
        { Cookie: cookie },
      ).then((r) => r.status);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push(await change(`guess ${i}`));
    expect(codes).toEqual([400, 400, 400, 400, 423]);
    expect(await change(scenario.password)).toBe(423);
    expect((await post("/login", { email, password: scenario.password })).status).toBe(423);
  });

  test("finding 4 in the browser, in Polish and at 390 px: the locked password form says so in words", async ({
    page,
  }) => {
    const origin = `http://localhost:${server.port}`;
    await page.goto(`${origin}/login`);
    await chooseLanguage(page, "pl");
    await page.getByLabel(tr("pl", "auth.email")).fill(scenario.workers[4]!.email);
    await page.getByLabel(tr("pl", "auth.password"), { exact: true }).fill(scenario.password);
    await page.getByRole("button", { name: tr("pl", "auth.submit") }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto(`${origin}/account/password`);
    await page.setViewportSize({ width: 390, height: 844 });
    for (let i = 0; i < 5; i++) {
      await page.getByLabel(tr("pl", "account.password.current")).fill(`zgadywanie ${i}`);
      await page.getByLabel(tr("pl", "account.password.new"), { exact: true }).fill("nowe hasło 2026 pl");
      await page.getByLabel(tr("pl", "account.password.confirm")).fill("nowe hasło 2026 pl");
      await page.getByRole("button", { name: tr("pl", "account.password.submit") }).click();
      await expect(page.getByRole("alert")).toContainText(
        i < 4
          ? tr("pl", "account.errors.currentPasswordWrong")
          : tr("pl", "account.errors.locked", { until: "§" }).split("§")[0]!.trim(),
      );
    }
    // The time is shown as a time of day, not an ISO instant.
    await expect(page.getByRole("alert")).toContainText(/\d{1,2}:\d{2}/);
    await expect(page.getByRole("alert")).not.toContainText(/\d{4}-\d{2}-\d{2}T/);
    await expectAccessible(page);
    await page.screenshot({ path: "test-results/screenshots/probe-password-locked-pl-390.png", fullPage: true });
  });

  test("finding 8: the database, its WAL and shared memory are readable by the owner only", async () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect(fs.existsSync(f), f).toBe(true);
      expect((fs.statSync(f).mode & 0o777).toString(8), f).toBe("600");
    }
  });
});

test.describe("demo sign-ins on the sign-in page", () => {
  const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
  const worker = DEMO_ACCOUNTS.find((a) => a.role === "case_worker")!;

  async function look(page: Page, lng: Lng, name: string) {
    await page.screenshot({ path: `test-results/screenshots/probe-${name}-${lng}-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `test-results/screenshots/probe-${name}-${lng}-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  test("finding 8: on loopback (the e2e server, like npm start) the table shows, but never the administrator's password; in pl and bg", async ({
    page,
  }) => {
    await page.goto("/login");
    for (const lng of ["pl", "bg"] as const) {
      await chooseLanguage(page, lng);
      const demo = page.getByRole("complementary", { name: tr(lng, "auth.demoTitle") });
      await expect(demo).toBeVisible();
      await expect(demo).toContainText(worker.password);
      await expect(demo).toContainText(tr(lng, "auth.demoAdminPassword"));
      expect(await page.content()).not.toContain(admin.password);
      await expectAccessible(page);
      await look(page, lng, "login");
    }
    await page.context().clearCookies();
  });

  test("finding 8: reachable from the network (HOST unset), the page shows no sign-ins, only where to find them", async ({
    page,
  }) => {
    const own = tempDir("di-probe-demo-");
    const s = await startServerOnFreePort(path.join(own, "app.db"), [], 3217, 3230, { DEMO_MODE: "true" });
    try {
      await page.goto(`${s.origin}/login`);
      await expect(page.getByText(tr("en", "auth.demoHidden"))).toBeVisible();
      const html = await page.content();
      for (const a of DEMO_ACCOUNTS) expect(html).not.toContain(a.password);
      expect(s.stderr() + "").not.toMatch(/Error/);
    } finally {
      await s.stop();
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  test("finding 2: with JavaScript, signing in from /login?redirectTo=%2F%09%2Fevil.example stays on this site", async ({
    page,
  }) => {
    await page.goto("/login?redirectTo=%2F%09%2Fevil.example");
    await page.getByLabel(tr("en", "auth.email")).fill(worker.email);
    await page.getByLabel(tr("en", "auth.password"), { exact: true }).fill(worker.password);
    await page.getByRole("button", { name: tr("en", "auth.submit") }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    expect(new URL(page.url()).origin).toBe(new URL(test.info().project.use.baseURL!).origin);
  });
});
