import { expect, test } from "@playwright/test";
import { ROLES } from "#db/schema/enums";
import { account, chooseLanguage, expectAccessible, LOCALES, tr, type Lng } from "./fixtures";

/** Which navigation entries each role sees (the server's permission table, seen from the UI). */
const NAV: Record<string, string[]> = {
  admin: [
    "nav.dashboard",
    "nav.caseload",
    "nav.residents",
    "nav.staff",
    "housing.nav",
    "nav.plans",
    "nav.readiness",
    "nav.grants",
    "nav.monitoring",
    "nav.institutions",
    "nav.users",
    "nav.audit",
    "nav.retention",
  ],
  working_group: [
    "nav.dashboard",
    "nav.residents",
    "nav.staff",
    "housing.nav",
    "nav.plans",
    "nav.readiness",
    "nav.institutions",
  ],
  case_worker: [
    "nav.dashboard",
    "nav.caseload",
    "nav.tasks",
    "nav.residents",
    "nav.staff",
    "housing.nav",
    "nav.plans",
    "nav.readiness",
    "nav.institutions",
  ],
  grant_manager: ["nav.dashboard", "housing.nav", "nav.plans", "nav.readiness", "nav.grants", "nav.institutions"],
  monitoring: ["nav.dashboard", "nav.monitoring"],
};

for (const lng of Object.keys(LOCALES) as Lng[]) {
  for (const role of ROLES) {
    test(`${role} signs in and works in ${lng}`, async ({ page }) => {
      const a = account(role);
      await page.goto("/login");
      await chooseLanguage(page, lng);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(tr(lng, "auth.title"));
      await page.getByLabel(tr(lng, "auth.email")).fill(a.email);
      await page.getByLabel(tr(lng, "auth.password"), { exact: true }).fill(a.password);
      await page.getByRole("button", { name: tr(lng, "auth.submit") }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
      // The account may have its own stored language; the switcher makes it this one.
      await chooseLanguage(page, lng);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(tr(lng, "dashboard.title", { name: a.name }));
      const nav = page.getByRole("navigation", { name: tr(lng, "nav.label") });
      // The tasks entry carries its count ("Tasks 3 tasks"): its text starts with the entry's name.
      await expect(nav.getByRole("link")).toHaveText(
        NAV[role]!.map((k) => (k === "nav.tasks" ? new RegExp(`^${tr(lng, k)}\\s*\\d+`) : tr(lng, k))),
      );
      await page.screenshot({ path: `test-results/screenshots/${role}-${lng}.png`, fullPage: true });
      await expectAccessible(page);
      await page.getByRole("button", { name: tr(lng, "auth.signOut") }).click();
      await expect(page).toHaveURL(/\/login$/);
    });
  }
}

test("a wrong password is answered in the chosen language and the e-mail is kept", async ({ page }) => {
  await page.goto("/login");
  await chooseLanguage(page, "bg");
  await page.getByLabel(tr("bg", "auth.email")).fill("pracownik@demo.local");
  await page.getByLabel(tr("bg", "auth.password"), { exact: true }).fill("not the password");
  await page.getByRole("button", { name: tr("bg", "auth.submit") }).click();
  await expect(page.getByRole("alert")).toHaveText(tr("bg", "auth.invalid"));
  await expect(page.getByLabel(tr("bg", "auth.email"))).toHaveValue("pracownik@demo.local");
});

test("the browser's Accept-Language picks the language before anyone chooses", async ({ browser }) => {
  const context = await browser.newContext({ locale: "pl-PL" });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "pl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(tr("pl", "auth.title"));
  // client-side validation speaks Polish too
  await page.getByRole("button", { name: tr("pl", "auth.submit") }).click();
  await expect(page.getByText(tr("pl", "validation.required")).first()).toBeVisible();
  await context.close();
});
