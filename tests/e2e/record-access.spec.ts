import { expect, test, type Page } from "@playwright/test";
import { localDate } from "#app/utils/dates";
import { account, expectAccessible, signInAs, tr, type Lng } from "./fixtures";

/**
 * Issue #16 item 3 in the production build (decisions 043, 044): the administrator opens a
 * resident and sees the case worker's earlier view in "who saw this record"; the audit log
 * filtered by user and day, its actions in Polish and Bulgarian, at 390 px.
 */
const admin = account("admin");
const worker = account("case_worker", "pl");
const today = localDate(new Date(), "Europe/Warsaw");

async function setLanguage(page: Page, lng: Lng) {
  const res = await page.request.post("/set-language", {
    form: { locale: lng, redirectTo: "/dashboard" },
    headers: { Origin: new URL(test.info().project.use.baseURL!).origin },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
}

async function fitsWidth(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, "no sideways scrolling").toBeLessThanOrEqual(width);
}

test("the administrator sees the case worker's earlier view of a resident, with the page it came from", async ({
  browser,
}) => {
  // The case worker opens a resident from the list.
  const w = await browser.newContext();
  const wp = await w.newPage();
  await wp.goto("/login");
  await signInAs(wp, worker.email, worker.password);
  await wp.goto("/residents");
  const first = wp.locator("table tbody tr a[href^='/residents/']").first();
  const href = (await first.getAttribute("href"))!;
  await first.click();
  await expect(wp).toHaveURL(new RegExp(`${href}$`));
  // The case worker's page has no such panel.
  await expect(wp.locator("#who-saw")).toHaveCount(0);
  await w.close();

  const a = await browser.newContext();
  const page = await a.newPage();
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  await setLanguage(page, "pl");
  await page.goto(href);
  const panel = page.locator("#who-saw");
  await expect(panel.getByRole("heading", { name: tr("pl", "audit.recordAccess.title") })).toBeVisible();
  const row = panel.locator("tbody tr", { hasText: worker.name }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText(tr("pl", "audit.actions.resident.viewed"));
  await expect(row).toContainText(href);
  await expectAccessible(page);

  // Paginated: after more views than a page holds, "Older entries" shows the earlier ones, the
  // case worker's view among them.
  for (let i = 0; i < 21; i++) expect((await page.request.get(href)).status()).toBe(200);
  await page.goto(href);
  await expect(panel.locator("tbody tr", { hasText: worker.name })).toHaveCount(0);
  await panel.getByRole("link", { name: tr("pl", "common.older") }).click();
  await expect(page).toHaveURL(/\?seen=\d+/);
  await expect(panel.locator("tbody tr", { hasText: worker.name }).first()).toBeVisible();

  // At 390 px in Bulgarian: the panel's rows become cards that fit.
  await setLanguage(page, "bg");
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(href);
  await expect(panel.getByRole("heading", { name: tr("bg", "audit.recordAccess.title") })).toBeVisible();
  await expect(panel.locator("tbody tr").first()).toContainText(tr("bg", "audit.actions.resident.viewed"));
  await fitsWidth(page);

  // The link to the whole log of this record opens the audit log filtered by its code.
  await panel.getByRole("link", { name: tr("bg", "audit.recordAccess.inLog") }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?record=/);
  await expect(page.locator("table.audit tbody tr", { hasText: worker.name }).first()).toBeVisible();
  await fitsWidth(page);
  await setLanguage(page, "en");
  await a.close();
});

for (const lng of ["pl", "bg"] as const) {
  test(`the audit log filtered by user and day, in ${lng}, at 390 px`, async ({ browser }) => {
    // Something by the case worker today.
    const w = await browser.newContext();
    const wp = await w.newPage();
    await wp.goto("/login");
    await signInAs(wp, worker.email, worker.password);
    await wp.goto("/residents");
    await wp.locator("table tbody tr a[href^='/residents/']").first().click();
    await w.close();

    const ctx = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await ctx.newPage();
    await page.goto("/login");
    await signInAs(page, admin.email, admin.password);
    await setLanguage(page, lng);
    await page.goto("/admin/audit");
    await page.getByLabel(tr(lng, "audit.actor")).selectOption({ label: worker.name });
    await page.getByLabel(tr(lng, "audit.from")).fill(today);
    await page.getByLabel(tr(lng, "audit.to")).fill(today);
    await page.getByLabel(tr(lng, "audit.action")).selectOption({ label: tr(lng, "audit.actions.resident.viewed") });
    await page.getByRole("button", { name: tr(lng, "residents.applyFilters") }).click();
    await expect(page).toHaveURL(/user=\d+/);
    await expect(page).toHaveURL(new RegExp(`from=${today}`));
    const rows = page.locator("table.audit tbody tr");
    await expect(rows.first()).toBeVisible();
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      await expect(rows.nth(i)).toContainText(worker.name);
      await expect(rows.nth(i)).toContainText(tr(lng, "audit.actions.resident.viewed"));
    }
    // The action's code is not what the reader sees.
    await expect(page.locator("table.audit")).not.toContainText("resident.viewed");
    await fitsWidth(page);
    await expectAccessible(page);

    // Before/after as labelled fields: the list views carry what was asked, labelled.
    await page
      .getByLabel(tr(lng, "audit.action"))
      .selectOption({ label: tr(lng, "audit.actions.resident_list.viewed") });
    await page.getByRole("button", { name: tr(lng, "residents.applyFilters") }).click();
    await expect(page).toHaveURL(/action=resident_list.viewed/);
    const listRow = page.locator("table.audit tbody tr").first();
    await expect(listRow.locator("dt", { hasText: tr(lng, "audit.fields.shown") })).toBeVisible();
    await expect(listRow).not.toContainText('"shown"');
    await fitsWidth(page);

    // A day with nothing: the log says so.
    await page.getByLabel(tr(lng, "audit.to")).fill("2001-01-01");
    await page.getByRole("button", { name: tr(lng, "residents.applyFilters") }).click();
    await expect(page.getByText(tr(lng, "audit.none"))).toBeVisible();
    await setLanguage(page, "en");
    await ctx.close();
  });
}

test("the audit log pages to older entries with its filters kept", async ({ page }) => {
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  await page.goto("/admin/audit?action=transition.start_assessment");
  await page.getByRole("link", { name: tr("en", "common.older") }).click();
  await expect(page).toHaveURL(/action=transition.start_assessment/);
  await expect(page).toHaveURL(/before=\d+/);
  await expect(page.locator("table.audit tbody tr").first()).toContainText(
    tr("en", "audit.actions.transition.start_assessment"),
  );
});
