import { expect, test, type Page } from "@playwright/test";
import { account, BG_WORKER_CHANGED_PASSWORD, chooseLanguage, expectAccessible, signInAs, tr } from "./fixtures";

/**
 * Issue #15, "defects found on the way": page times in the institution's zone, a success message
 * that does not outlive the next action, the current state after a concurrent-edit refusal, and
 * the Bulgarian readiness view. Each of these failed on the code before its fix.
 */
const worker = account("case_worker", "pl");
const bgWorker = account("case_worker", "bg");
const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);
const bg = (key: string, values?: Record<string, string>) => tr("bg", key, values);

async function shots(page: Page, name: string) {
  for (const [w, h] of [
    [390, 844],
    [1280, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/screens/issue15-${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("times on pages are the institution's: a report submitted at 14:00 Warsaw time reads 14:00", async ({ page }) => {
  const gm = account("grant_manager");
  await page.goto("/login");
  await signInAs(page, gm.email, gm.password);
  await page.goto("/grants");
  await chooseLanguage(page, "pl");
  // The demo grant's period 3 was submitted on 15 May 2023 at 12:00 UTC, 14:00 in Warsaw (summer time).
  await page.goto("/grants/1/periods/3");
  const frozen = page.getByRole("status").filter({ hasText: pl("grants.report.frozen") });
  await expect(frozen).toContainText("14:00");
  await expect(frozen).not.toContainText("12:00");
});

test("a Bulgarian resident's history shows Sofia times", async ({ page }) => {
  await page.goto("/login");
  await signInAs(page, bgWorker.email, [bgWorker.password, BG_WORKER_CHANGED_PASSWORD]);
  await page.goto("/residents?q=");
  await chooseLanguage(page, "bg");
  // The first of Tutrakan's users: every step recorded at 12:00 UTC in February–March 2016, 14:00 in Sofia.
  await page.goto("/residents/101");
  await expect(page.locator(".lead")).toContainText("Тутракан");
  const timeline = page.locator("ol.timeline");
  await expect(timeline).toContainText("14:00");
  await expect(timeline).not.toContainText("12:00");
  await expectAccessible(page);
  await shots(page, "bg-resident");
});

test("after an action, the previous step's success message does not stay beside the new error", async ({ page }) => {
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/residents/98");
  await chooseLanguage(page, "pl");
  await expect(page.locator(".lead .state")).toHaveText(pl("transitions.states.identified"));
  await page.getByRole("button", { name: pl("transitions.events.START_ASSESSMENT"), exact: true }).click();
  await expect(page.locator(".flash")).toContainText(pl("transitions.eventRecorded", { state: "" }).split(":")[0]!);
  // A pause dated before the record was opened: refused by the server.
  const hold = page.locator(".action", { hasText: pl("transitions.events.PUT_ON_HOLD") });
  await hold.locator('input[name="on"]').fill("2001-01-01");
  await hold.getByRole("button", { name: pl("transitions.events.PUT_ON_HOLD") }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.locator(".flash")).toHaveCount(0);
  await shots(page, "pl-refusal");
});

test("after a concurrent-edit refusal the page shows the current stage and its buttons", async ({ page, browser }) => {
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/residents/97");
  await chooseLanguage(page, "pl");
  await expect(page.locator(".lead .state")).toHaveText(pl("transitions.states.identified"));

  // A colleague records the same step first, in another browser.
  const other = await browser.newContext();
  const colleague = await other.newPage();
  await colleague.goto("/login");
  await signInAs(colleague, "pracownik2@demo.local", "demo-praca2-2026");
  await colleague.goto("/residents/97");
  await colleague.getByRole("button", { name: tr("pl", "transitions.events.START_ASSESSMENT"), exact: true }).click();
  await expect(colleague.locator(".lead .state")).toHaveText(pl("transitions.states.assessment"));
  await other.close();

  await page.getByRole("button", { name: pl("transitions.events.START_ASSESSMENT"), exact: true }).click();
  await expect(page.getByRole("alert")).toContainText(
    pl("transitions.errors.stale", {
      actor: "Piotr Kamiński",
      event: pl("transitions.events.START_ASSESSMENT"),
      state: pl("transitions.states.assessment"),
    }),
  );
  // The page says it shows the current state, and it does: the new stage, the new buttons.
  await expect(page.locator(".lead .state")).toHaveText(pl("transitions.states.assessment"));
  await expect(page.getByRole("button", { name: pl("transitions.events.START_ASSESSMENT"), exact: true })).toHaveCount(
    0,
  );
  await expect(page.locator(".action", { hasText: pl("transitions.events.COMPLETE_ASSESSMENT") })).toBeVisible();
});

test("the Bulgarian readiness view shows Bulgarian types and Bulgarian numbers", async ({ page }) => {
  await page.goto("/login");
  await signInAs(page, bgWorker.email, [bgWorker.password, BG_WORKER_CHANGED_PASSWORD]);
  await page.goto("/readiness");
  await chooseLanguage(page, "bg");
  const main = page.locator("main");
  await expect(main).toContainText(bg("catalogues.housing.bg_protected_housing"));
  await expect(main).not.toContainText(bg("catalogues.housing.pl_protected_supported_flat"));
  await expect(main).not.toContainText(bg("catalogues.services.pl_care_services"));
  await expect(main).toContainText("0,5");
  await expect(main).toContainText("0,25");
  await expect(main).not.toContainText("0.34");
  await expect(main).not.toContainText("0.5");
  await expectAccessible(page);
  await shots(page, "bg-readiness");

  // In Polish, the Polish worker sees Polish types only, with a decimal comma.
  const ctx = await page.context().browser()!.newContext();
  const pol = await ctx.newPage();
  await pol.goto("/login");
  await signInAs(pol, worker.email, worker.password);
  await pol.goto("/readiness");
  await chooseLanguage(pol, "pl");
  const m = pol.locator("main");
  await expect(m).toContainText("0,34");
  await expect(m).not.toContainText("0.34");
  await expect(m).not.toContainText(pl("catalogues.housing.bg_protected_housing"));
  await shots(pol, "pl-readiness");
  await ctx.close();
});

test("the administrator's pages across institutions state the zone of their times", async ({ page }) => {
  const admin = account("admin");
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  for (const [lng, zone] of [
    ["pl", "czas środkowoeuropejski"],
    ["bg", "Централноевропейско време"],
  ] as const) {
    await page.goto("/admin/audit");
    await chooseLanguage(page, lng);
    await expect(page.locator(".times-in")).toHaveText(tr(lng, "common.timesIn", { zone }));
    await page.goto("/admin/users");
    await expect(page.locator(".times-in")).toHaveText(tr(lng, "common.timesIn", { zone }));
    await expectAccessible(page);
    await shots(page, `${lng}-users`);
  }
  await chooseLanguage(page, "en");
});
