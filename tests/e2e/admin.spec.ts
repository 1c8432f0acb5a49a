import { expect, test } from "@playwright/test";
import { account, expectAccessible, signInAs, tr } from "./fixtures";

const admin = account("admin");

test("an administrator creates a user, who signs in and sees only the granted institution; disabling ends the session", async ({
  page,
  browser,
}) => {
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  await page.goto("/admin/users/new");
  await expectAccessible(page);

  // Bad input first: messages next to the fields, typed text kept.
  await page.getByLabel(tr("en", "users.email")).fill("not-an-email");
  await page.getByLabel(tr("en", "users.name")).fill("Ewa Kowalska");
  await page.getByLabel(tr("en", "users.initialPassword")).fill("short");
  await page.getByRole("button", { name: tr("en", "users.create") }).click();
  await expect(page.locator(".field-error", { hasText: tr("en", "validation.email") })).toBeVisible();
  await expect(page.locator(".field-error", { hasText: tr("en", "validation.passwordTooShort") })).toBeVisible();
  await expect(page.getByLabel(tr("en", "users.name"))).toHaveValue("Ewa Kowalska");

  await page.getByLabel(tr("en", "users.email")).fill("ewa.kowalska@demo.local");
  await page.getByLabel(tr("en", "users.role")).selectOption("case_worker");
  await page.getByLabel("Dom Pomocy Społecznej dla Kombatantów w Zielonej Górze").check();
  await page.getByLabel(tr("en", "users.initialPassword")).fill("a long enough passphrase");
  await page.getByRole("button", { name: tr("en", "users.create") }).click();
  await expect(page.getByRole("status")).toHaveText(tr("en", "users.created"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ewa Kowalska");
  await expectAccessible(page);
  const userUrl = page.url();

  // The new user, in a browser of their own.
  const other = await browser.newContext();
  const ewa = await other.newPage();
  await ewa.goto("/login");
  await ewa.getByLabel(tr("en", "auth.email")).fill("ewa.kowalska@demo.local");
  await ewa.getByLabel(tr("en", "auth.password"), { exact: true }).fill("a long enough passphrase");
  await ewa.getByRole("button", { name: tr("en", "auth.submit") }).click();
  await expect(ewa).toHaveURL(/\/dashboard$/);
  await ewa.goto("/institutions");
  await expect(ewa.getByRole("row")).toHaveCount(2); // header + the one granted institution
  await expect(ewa.getByRole("link", { name: /Kombatantów/ })).toBeVisible();
  // The Bulgarian unit is not hers: 404, not the data.
  const res = await ewa.goto("/institutions/2");
  expect(res?.status()).toBe(404);
  await expect(ewa.getByRole("heading", { level: 1 })).toHaveText(tr("en", "errors.notFound.title"));
  await expect(ewa.getByText("Тутракан")).toHaveCount(0);

  // The administrator disables her: her next page is the sign-in page.
  await page.goto(userUrl);
  await page.getByRole("button", { name: tr("en", "users.disable") }).click();
  await expect(page.getByRole("status")).toHaveText(tr("en", "users.disabled"));
  await ewa.goto("/dashboard");
  await expect(ewa).toHaveURL(/\/login/);

  // And she can no longer sign in.
  await ewa.getByLabel(tr("en", "auth.email")).fill("ewa.kowalska@demo.local");
  await ewa.getByLabel(tr("en", "auth.password"), { exact: true }).fill("a long enough passphrase");
  await ewa.getByRole("button", { name: tr("en", "auth.submit") }).click();
  await expect(ewa.getByRole("alert")).toHaveText(tr("en", "auth.accountDisabled"));
  await other.close();

  // Everything above is in the audit log.
  await page.goto("/admin/audit");
  for (const action of [
    "user.created",
    "user.disabled",
    "signin.succeeded",
    "signin.refused_disabled",
    "access.denied",
  ]) {
    // Shown by its label (decision 044), in the log's table.
    await expect(
      page
        .locator("table.audit tbody")
        .getByText(tr("en", `audit.actions.${action}`), { exact: true })
        .first(),
    ).toBeVisible();
  }
  await expectAccessible(page);
});

test("five wrong passwords lock the account with a clear message", async ({ page }) => {
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  await page.goto("/admin/users/new");
  await page.getByLabel(tr("en", "users.email")).fill("lock.me@demo.local");
  await page.getByLabel(tr("en", "users.name")).fill("Lock Me");
  await page.getByLabel(tr("en", "users.initialPassword")).fill("the right passphrase");
  await page.getByRole("button", { name: tr("en", "users.create") }).click();
  await expect(page.getByRole("status")).toHaveText(tr("en", "users.created"));

  const other = await page.context().browser()!.newContext();
  const p = await other.newPage();
  await p.goto("/login");
  for (let i = 0; i < 5; i++) {
    await p.getByLabel(tr("en", "auth.email")).fill("lock.me@demo.local");
    await p.getByLabel(tr("en", "auth.password"), { exact: true }).fill(`wrong ${i}`);
    await p.getByRole("button", { name: tr("en", "auth.submit") }).click();
    await expect(p.getByRole("alert")).toBeVisible();
  }
  await expect(p.getByRole("alert")).toContainText(tr("en", "auth.locked", { until: "" }).split("{{")[0]!.slice(0, 30));
  // Even the right password is refused while locked.
  await p.getByLabel(tr("en", "auth.password"), { exact: true }).fill("the right passphrase");
  await p.getByRole("button", { name: tr("en", "auth.submit") }).click();
  await expect(p.getByRole("alert")).toContainText(tr("en", "auth.locked", { until: "" }).slice(0, 30));
  await expect(p).toHaveURL(/\/login/);
  await other.close();
});
