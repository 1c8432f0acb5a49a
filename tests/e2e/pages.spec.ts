import { expect, test } from "@playwright/test";
import { account, chooseLanguage, expectAccessible, signInAs, tr } from "./fixtures";

test("every page built so far is accessible (administrator)", async ({ page }) => {
  test.setTimeout(120_000);
  const a = account("admin");
  await page.goto("/login");
  await expectAccessible(page);
  await signInAs(page, a.email, a.password);
  for (const path of [
    "/dashboard",
    "/institutions",
    "/institutions/1",
    "/admin/users",
    "/admin/users/new",
    "/admin/users/1",
    "/admin/audit",
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    await expectAccessible(page);
  }
});

test("403 and 404 pages are friendly, localized and accessible", async ({ page }) => {
  const cw = account("case_worker", "pl");
  await page.goto("/login");
  await signInAs(page, cw.email, cw.password);
  await page.goto("/dashboard");
  await chooseLanguage(page, "pl");
  const forbidden = await page.goto("/admin/users");
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(tr("pl", "errors.forbidden.title"));
  await expectAccessible(page);
  const missing = await page.goto("/no/such/page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(tr("pl", "errors.notFound.title"));
  await expectAccessible(page);
});

test("pages with personal data are not cached, and GET /logout changes nothing", async ({ page }) => {
  const cw = account("case_worker", "pl");
  await page.goto("/login");
  await signInAs(page, cw.email, cw.password);
  const res = await page.goto("/institutions/1");
  expect(res?.headers()["cache-control"]).toBe("no-store");
  await page.goto("/logout");
  const still = await page.goto("/dashboard");
  expect(still?.url()).toMatch(/\/dashboard$/);
});

test("a grant manager sees no administration and gets 403 there", async ({ page }) => {
  const gm = account("grant_manager");
  await page.goto("/login");
  await signInAs(page, gm.email, gm.password);
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: tr("pl", "nav.users") })).toHaveCount(0);
  expect((await page.goto("/admin/audit"))?.status()).toBe(403);
});
