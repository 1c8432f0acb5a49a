import { expect, test } from "@playwright/test";
import { account, BG_WORKER_CHANGED_PASSWORD, chooseLanguage, expectAccessible, signInAs, tr } from "./fixtures";

test("every page carries a Content-Security-Policy with a fresh nonce; the app runs under it, nothing blocked", async ({
  page,
}) => {
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
  });
  const res = await page.goto("/login");
  const csp = res!.headers()["content-security-policy"]!;
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
  // A new nonce for each response.
  const again = (await page.request.get("/login")).headers()["content-security-policy"]!;
  expect(again).not.toContain(nonce!);

  // Hydrated: the browser validates with the shared schema before anything is sent.
  await page.getByRole("button", { name: tr("en", "auth.submit") }).click();
  await expect(page.getByText(tr("en", "validation.required")).first()).toBeVisible();

  // Pages with charts and forms, signed in.
  const manager = account("grant_manager");
  await signInAs(page, manager.email, manager.password);
  for (const path of [
    "/dashboard",
    "/grants",
    "/grants/1",
    "/grants/1/dashboard",
    "/grants/1/periods/4",
    "/plans/1/dashboard",
  ]) {
    const r = await page.goto(path);
    expect(r!.status(), path).toBe(200);
    expect(r!.headers()["content-security-policy"], path).toMatch(/'nonce-/);
  }
  expect(blocked).toEqual([]);
});

test("a user changes their own password (in Bulgarian): checked in the browser, then the old password no longer signs in", async ({
  page,
}) => {
  const bg = (key: string) => tr("bg", key);
  const worker = account("case_worker", "bg");
  const next = BG_WORKER_CHANGED_PASSWORD;
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/dashboard");
  await chooseLanguage(page, "bg");
  await page.getByRole("link", { name: bg("account.password.link") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(bg("account.password.title"));
  await expectAccessible(page);
  // Two different new passwords: refused in the browser, before anything is sent.
  await page.getByLabel(bg("account.password.current")).fill(worker.password);
  await page.getByLabel(bg("account.password.new"), { exact: true }).fill(next);
  await page.getByLabel(bg("account.password.confirm")).fill("друга-парола-2026");
  await page.getByRole("button", { name: bg("account.password.submit") }).click();
  await expect(page.locator(".field-error", { hasText: bg("validation.passwordsDiffer") })).toBeVisible();
  await page.getByLabel(bg("account.password.confirm")).fill(next);
  await page.getByRole("button", { name: bg("account.password.submit") }).click();
  await expect(page.getByRole("status")).toHaveText(bg("account.password.changed"));
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.getByRole("button", { name: bg("auth.signOut") }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel(bg("auth.email")).fill(worker.email);
  await page.getByLabel(bg("auth.password"), { exact: true }).fill(worker.password);
  await page.getByRole("button", { name: bg("auth.submit") }).click();
  await expect(page.getByText(bg("auth.invalid"))).toBeVisible();
  await page.getByLabel(bg("auth.password"), { exact: true }).fill(next);
  await page.getByRole("button", { name: bg("auth.submit") }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});
