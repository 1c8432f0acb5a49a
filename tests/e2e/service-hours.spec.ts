import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import path from "node:path";
import { account, BG_WORKER_CHANGED_PASSWORD, signInAs, tr, type Lng } from "./fixtures";

/**
 * Hours of a service delivered, online (issue #17 item 2, decision 048): a Polish and a
 * Bulgarian case worker press the hours page's button; a refusal names the dates in the worker's
 * language; the page fits 390 px.
 */
interface Copy {
  cases: { residentId: number; today: string; services: { id?: number; startOn: string }[] }[];
}

/** A running service of one of the worker's own cases (from their offline copy). */
async function aService(page: Page) {
  const copy = (await (await page.request.get("/offline/caseload")).json()) as Copy;
  for (const c of copy.cases)
    for (const s of c.services)
      if (s.id && s.startOn <= c.today) return { residentId: c.residentId, id: s.id, today: c.today };
  throw new Error("no running service in the worker's cases");
}

async function expectFits(page: Page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(390);
}

for (const lng of ["pl", "bg"] as Lng[]) {
  test(`hours delivered: recorded on the service's page in ${lng}, refused naming the start, fits 390 px`, async ({
    page,
  }) => {
    const t = (key: string, values?: Record<string, string>) => tr(lng, key, values);
    const who = account("case_worker", lng);
    await page.goto("/login");
    await signInAs(page, who.email, lng === "bg" ? [who.password, BG_WORKER_CHANGED_PASSWORD] : who.password);
    const s = await aService(page);
    await page.setViewportSize({ width: 390, height: 800 });
    // From the resident page's services section.
    await page.goto(`/residents/${s.residentId}`);
    await page.locator(`a[href="/residents/${s.residentId}/services/${s.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/residents/${s.residentId}/services/${s.id}$`));
    await expect(page.getByRole("heading", { name: t("hours.record") })).toBeVisible();

    const stamp = `e2e-${lng}-${Date.now()}`;
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: t("hours.save") }) });
    await form.getByLabel(t("hours.deliveredOn")).fill(s.today);
    await form.getByLabel(t("hours.hours")).fill("1,5");
    await form.getByLabel(t("hours.note")).fill(stamp);
    await form.getByRole("button", { name: t("hours.save") }).click();
    await expect(page.getByText(t("hours.recordedFlash"))).toBeVisible();
    await expect(page.locator("li[data-entry]").filter({ hasText: stamp })).toHaveCount(1);
    await expectFits(page);

    // Before the service's start: refused in words naming the day.
    await form.getByLabel(t("hours.deliveredOn")).fill("2000-01-03");
    await form.getByLabel(t("hours.hours")).fill("2");
    await form.getByRole("button", { name: t("hours.save") }).click();
    await expect(page.locator(".error-summary, [role=alert]").filter({ hasText: /2000/ }).first()).toBeVisible();
    await expect(page.locator("li[data-entry]").filter({ hasText: stamp })).toHaveCount(1);
    await expectFits(page);
  });
}

/** A service of a closed (completed) case of the Bulgarian worker's institution, read from the e2e database. */
function closedCaseService(email: string): { residentId: number; serviceId: number } {
  const file = path.resolve(import.meta.dirname, "../..", process.env.E2E_DATABASE_PATH ?? "test-results/e2e/app.db");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        `select s.id as serviceId, t.resident_id as residentId from community_services s
         join transitions t on t.id = s.transition_id
         join user_institutions ui on ui.institution_id = t.institution_id
         join users u on u.id = ui.user_id and u.email = ?
         where t.state = 'completed' order by s.id limit 1`,
      )
      .get(email) as { residentId: number; serviceId: number } | undefined;
    if (!row) throw new Error(`no closed case with a service for ${email} in the demo`);
    return row;
  } finally {
    db.close();
  }
}

test("a closed case's hours page says in Bulgarian why nothing can be recorded, and offers no form", async ({
  page,
}) => {
  const who = account("case_worker", "bg");
  await page.goto("/login");
  await signInAs(page, who.email, [who.password, BG_WORKER_CHANGED_PASSWORD]);
  const c = closedCaseService(who.email);
  await page.goto(`/residents/${c.residentId}/services/${c.serviceId}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "bg");
  await expect(page.getByRole("note").filter({ hasText: tr("bg", "transitions.errors.closed") })).toBeVisible();
  await expect(page.getByRole("button", { name: tr("bg", "hours.save") })).toHaveCount(0);
  // Its entries stay readable.
  await expect(page.locator("li[data-entry]").first()).toBeVisible();
});
