import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { account, expectAccessible, signInAs, tr } from "./fixtures";

/**
 * Issue #16, finding 1, in the production build: the grant manager makes a grant of one day,
 * 13 May 2023, over the Zielona Góra DPS (one person of the seed moved that day) and opens its
 * RES_MOVED drill-down. The code and the total are there; no breakdown gives that person's sex,
 * age band, target group or disability, and the page says why. The administrator (access to
 * residents' personal data) sees the exact figures.
 */

const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);
const BREAKDOWNS = ["sex", "age_group", "target_group", "disability"] as const;

/** The RES_MOVED row of a breakdown table. */
const movedRow = (page: Page, b: string) =>
  page.locator(`table[data-breakdown="${b}"] tbody tr[data-indicator="RES_MOVED"]`);

test("the one-day grant: the drill-down names one code, every breakdown cell of it is hidden with the reason; the administrator sees the figures", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const manager = account("grant_manager");
  await page.goto("/login");
  await signInAs(page, manager.email, manager.password);

  // The attack of the issue, through the form.
  await page.goto("/grants/new");
  await page.getByLabel(pl("grants.contractNumber"), { exact: true }).fill("PROBE-2023-05-13");
  await page.getByLabel(pl("grants.grantTitle"), { exact: true }).fill("Jeden dzień");
  await page.getByLabel(pl("grants.programme"), { exact: true }).fill("FEWL 2021–2027");
  await page.getByLabel(pl("grants.funder"), { exact: true }).fill("Województwo Lubuskie");
  await page.getByLabel(pl("grants.budget"), { exact: true }).fill("1,00");
  await page.getByLabel(pl("grants.startsOn"), { exact: true }).fill("2023-05-13");
  await page.getByLabel(pl("grants.endsOn"), { exact: true }).fill("2023-05-13");
  await page.getByLabel(pl("grants.firstPeriodStart"), { exact: true }).fill("2023-05-13");
  await page.getByRole("checkbox").first().check();
  await page.getByRole("button", { name: pl("grants.create") }).click();
  await expect(page.getByRole("status").first()).toHaveText(pl("grants.created", { number: "PROBE-2023-05-13" }));
  await page
    .getByRole("row", { name: new RegExp(`^${pl("grants.periodN", { n: "1" })}\\b`) })
    .getByRole("link")
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(pl("grants.report.heading", { n: "1" }));
  const periodUrl = page.url();

  // The total and its one code are exact: the funder needs them.
  const inPeriod = page.locator('tr[data-indicator="RES_MOVED"] td[data-cell="in-period"]');
  await expect(inPeriod).toHaveText("1");
  await inPeriod.getByRole("link").click();
  await expect(page.getByTestId("drill-list").getByRole("row")).toHaveCount(1);
  await expect(page.getByTestId("drill-list")).toContainText(/R-[A-Z0-9]{6}/);

  // No breakdown cell of RES_MOVED is a number: each is the hidden mark, explained.
  for (const b of BREAKDOWNS) {
    const cells = movedRow(page, b).locator("td");
    await expect(cells.first()).toBeVisible();
    const texts = await cells.allInnerTexts();
    expect(
      texts.every((x) => x.trim() === "•"),
      `${b}: ${texts.join("|")}`,
    ).toBe(true);
    await expect(movedRow(page, b).locator('[data-hidden="true"]').first()).toHaveAttribute(
      "title",
      pl("grants.disclosure.cellTitle"),
    );
  }
  await expect(page.getByTestId("hidden-note")).toHaveText(pl("grants.disclosure.note", { mark: "•", threshold: "3" }));
  await expectAccessible(page);

  // The workbook the manager downloads hides the same cells.
  const [xlsx] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("grants.report.downloadXlsx") }).click(),
  ]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await xlsx.path())!);
  const sheet = wb.getWorksheet(pl("grants.breakdowns.disability").slice(0, 31))!;
  let moved: unknown[] = [];
  sheet.eachRow((r) => {
    const v = (r.values as unknown[]).slice(1);
    if (v[1] === "RES_MOVED") moved = v.slice(2);
  });
  expect(moved.length).toBeGreaterThan(0);
  expect(moved.every((c) => c === "•")).toBe(true);

  // The administrator sees the person counted in one disability category, and no hidden mark.
  const adminContext = await browser.newContext({ baseURL });
  const adminPage = await adminContext.newPage();
  const admin = account("admin");
  await adminPage.goto("/login");
  await signInAs(adminPage, admin.email, admin.password);
  await adminPage.goto(periodUrl);
  await expect(movedRow(adminPage, "disability")).toBeVisible();
  const adminCells = await movedRow(adminPage, "disability").locator("td").allInnerTexts();
  expect(adminCells.map((x) => x.trim()).sort()).toEqual(["0", "0", "0", "0", "1", "1"]);
  await expect(adminPage.getByTestId("hidden-note")).toHaveCount(0);
  await adminContext.close();
});
