import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "#db/seed/demo-accounts";
import { account, chooseLanguage, expectAccessible, signInAs, tr, type Lng } from "./fixtures";

/**
 * The monitoring role (issue #18 item 1, decision 033), in the browser: the ROPS coordinator of the
 * Polish demo area and the Bulgarian agency's national coordinator open the overview, drill to a
 * plan area and an institution, download the XLSX (no person in it), and are refused a resident's
 * page and another area's.
 */

const CASES: {
  lng: Lng;
  email: string;
  areas: string[];
  area: string;
  institution: string;
  otherArea: string;
  otherAreaId: number;
  grant: string | null;
}[] = [
  {
    lng: "pl",
    email: "rops@demo.local",
    areas: ["Miasto Zielona Góra"],
    area: "Miasto Zielona Góra",
    institution: "Dom Pomocy Społecznej dla Kombatantów w Zielonej Górze",
    otherArea: "Община Тутракан",
    otherAreaId: 2, // demo ids: 1 Zielona Góra, 2 Tutrakan, 3 Rakitovo
    grant: "POWR.02.08.00-00-DEMO/22", // db/seed/demo-grant.ts
  },
  {
    lng: "bg",
    email: "asp@demo.local",
    areas: ["Община Ракитово", "Община Тутракан"],
    area: "Община Тутракан",
    institution: "Звено за почасово предоставяне на услуги в домашна среда – Тутракан",
    otherArea: "Miasto Zielona Góra",
    otherAreaId: 1,
    grant: null,
  },
];

for (const c of CASES) {
  test(`the ${c.lng} coordinator follows their area, downloads the XLSX and is refused persons`, async ({ page }) => {
    const a = DEMO_ACCOUNTS.find((x) => x.email === c.email)!;
    await page.goto("/login");
    await signInAs(page, a.email, a.password);
    await page.goto("/dashboard");
    await chooseLanguage(page, c.lng);
    const t = (key: string, values: Record<string, string> = {}) => tr(c.lng, key, values);

    // The dashboard leads to the overview.
    await page.getByRole("link", { name: t("dashboard.monitoringLink") }).click();
    await expect(page).toHaveURL(/\/monitoring$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("monitoring.title"));
    const areas = page.getByRole("table", { name: t("monitoring.areas") });
    await expect(areas.getByRole("link")).toHaveText(c.areas);
    await expect(page.locator("main")).not.toContainText(c.otherArea);
    if (c.grant) await expect(page.locator(`[data-grant]`).first()).toContainText(c.grant);
    await expectAccessible(page);

    // The XLSX: the same area, no person's code.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: t("monitoring.exportXlsx") }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^monitoring-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const text: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((r) => text.push(...(r.values as unknown[]).map((v) => String(v ?? "")))));
    const all = text.join("\n");
    expect(all).toContain(c.area);
    expect(all).toContain(c.institution);
    expect(all).not.toContain(c.otherArea);
    expect(all).not.toMatch(/\b[RS]-[0-9A-Z]{6}\b/);
    if (c.grant) expect(all).toContain(c.grant);

    // Drill down to the plan area, then to an institution.
    await areas.getByRole("link", { name: c.area }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.area);
    if (c.lng === "pl") {
      await expect(page.getByRole("heading", { name: t("monitoring.plans") })).toBeVisible();
      await expect(page.locator("[data-plan]")).toContainText(t("plans.states.implementing"));
      // The breakdowns open, small cells hidden with the note.
      await page.getByText(t("monitoring.breakdowns")).first().click();
      await expect(page.getByTestId("hidden-note").first()).toBeVisible();
    }
    await expectAccessible(page);
    await page.getByRole("link", { name: c.institution }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.institution);
    await expect(page.locator("main")).not.toContainText(/\b[RS]-[0-9A-Z]{6}\b/);
    await expectAccessible(page);

    // A resident's page: refused. Another area's page: not found.
    const resident = await page.goto("/residents/1");
    expect(resident?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("errors.forbidden.title"));
    const other = await page.goto(`/monitoring/municipalities/${c.otherAreaId}`);
    expect(other?.status()).toBe(404);
    await expect(page.locator("main")).not.toContainText(c.otherArea);
  });
}

test("the administrator creates a monitoring user and grants a plan area", async ({ page }) => {
  const admin = account("admin");
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  await page.goto("/admin/users/new");
  await chooseLanguage(page, "pl");
  const t = (key: string, values: Record<string, string> = {}) => tr("pl", key, values);
  await page.getByLabel(t("users.email")).fill("rops2@demo.local");
  await page.getByLabel(t("users.name")).fill("Ewa Regionalna");
  await page.getByLabel(t("users.role")).selectOption("monitoring");
  await page
    .getByRole("group", { name: t("users.areas") })
    .getByLabel(/Miasto Zielona Góra/)
    .check();
  await page.getByLabel(t("users.initialPassword")).fill("monitoring-2026-haslo");
  await page.getByRole("button", { name: t("users.create") }).click();
  await expect(page.getByRole("status")).toHaveText(t("users.created"));
  await expect(page.getByRole("group", { name: t("users.areas") }).getByLabel(/Miasto Zielona Góra/)).toBeChecked();
  await page.goto("/admin/users");
  await expect(page.getByRole("row", { name: /Ewa Regionalna/ })).toContainText("Miasto Zielona Góra");

  // The new coordinator signs in and sees the area.
  const other = await page.context().browser()!.newPage({ baseURL: test.info().project.use.baseURL });
  await other.goto("/login");
  await signInAs(other, "rops2@demo.local", "monitoring-2026-haslo");
  await other.goto("/monitoring");
  await expect(other.locator("[data-area]")).toHaveCount(1);
  await expect(other.locator("[data-area]")).toContainText("Miasto Zielona Góra");
  await other.close();
});
