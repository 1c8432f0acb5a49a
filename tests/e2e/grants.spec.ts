import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { DEMO_GRANT_NUMBER } from "#db/seed/demo-grant";
import { pdfText } from "#tests/support/pdf-text";
import { formatDate } from "#app/utils/format";
import { account, expectAccessible, signInAs, tr } from "./fixtures";

const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);

async function openPeriod(page: Page, n: number) {
  await page.goto("/grants");
  await page.getByRole("link", { name: DEMO_GRANT_NUMBER }).click();
  await page
    .getByRole("row", { name: new RegExp(`^${pl("grants.periodN", { n: String(n) })}\\b`) })
    .getByRole("link")
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(pl("grants.report.heading", { n: String(n) }));
}

const cell = (page: Page, code: string, which: "in-period" | "cumulative") =>
  page.locator(`tr[data-indicator="${code}"] td[data-cell="${which}"]`);

test("a grant manager drills down, submits a period, downloads it; a later correction is shown beside the frozen values", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const manager = account("grant_manager");
  await page.goto("/login");
  await signInAs(page, manager.email, manager.password);
  await openPeriod(page, 4);
  await expectAccessible(page);

  // Period 3 was submitted before the seed completed a record: period 4's cumulative values carry it, and say so.
  await expect(
    page
      .getByRole("region", { name: pl("grants.report.carriedTitle", { n: "3" }) })
      .getByRole("row", { name: new RegExp(pl("indicators.RES_COVERED")) }),
  ).toContainText("+1");

  // The live numbers of seed 004's grant in May–July 2023, each drilling down to as many codes.
  await expect(cell(page, "RES_MOVED", "cumulative")).toHaveText("28");
  await expect(cell(page, "RES_MOVED", "in-period")).toHaveText("11");
  await cell(page, "RES_MOVED", "cumulative").getByRole("link").click();
  await expect(page.getByTestId("drill-value")).toHaveText("28");
  await expect(page.getByTestId("drill-list").getByRole("row")).toHaveCount(28);
  await expect(page.getByTestId("drill-list")).toContainText(/R-[A-Z0-9]{6}/);
  // Codes only: no resident's name reaches a grant manager.
  await expect(page.locator("main")).not.toContainText("Sobczak");

  // One covered person is left out (date of birth missing) and listed by code.
  await expect(cell(page, "RES_COVERED", "cumulative")).toHaveText("99");
  await page
    .locator('table:not([data-breakdown]) tr[data-indicator="RES_COVERED"] td')
    .last()
    .getByRole("link")
    .click();
  await expect(page.getByTestId("drill-list").getByRole("row")).toHaveCount(1);
  await expect(page.getByTestId("drill-list")).toContainText(pl("grants.report.missingFields.date_of_birth"));
  const leftOutCode = (await page.getByTestId("drill-list").locator("code").innerText()).trim();
  await expectAccessible(page);

  // Submitting is confirmed first, naming the period; without the narrative it is then refused, in words.
  const submit = page.getByRole("alertdialog", { name: pl("confirm.SUBMIT.title") });
  const periodText = pl("confirm.SUBMIT.text", {
    n: "4",
    from: formatDate("2023-05-01", "pl"),
    to: formatDate("2023-07-31", "pl"),
  });
  await page.getByRole("button", { name: pl("grants.report.submit") }).click();
  await expect(submit).toContainText(periodText);
  await expect(submit.getByRole("button", { name: pl("confirm.cancel") })).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(submit).toBeHidden();
  await page.getByRole("button", { name: pl("grants.report.submit") }).click();
  await submit.getByRole("button", { name: pl("confirm.cancel") }).click();
  await expect(submit).toBeHidden();
  await expect(page.getByText(pl("grants.report.frozen"), { exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: pl("grants.report.submit") }).click();
  await submit.getByRole("button", { name: pl("confirm.SUBMIT.confirm") }).click();
  await expect(page.getByRole("alert")).toHaveText(pl("grants.guards.problemsDescribed"));
  await expect(submit).toBeHidden();
  await page
    .getByLabel(pl("grants.report.problems"))
    .fill("Jedna osoba wróciła do DPS; brak daty urodzenia w jednej karcie.");
  await page.getByLabel(pl("grants.report.plannedProgress")).fill("Ostatnie przeprowadzki w sierpniu 2023 r.");
  await page.getByRole("button", { name: pl("grants.report.submit") }).click();
  await submit.getByRole("button", { name: pl("confirm.SUBMIT.confirm") }).click();
  await expect(page.getByRole("status").first()).toHaveText(pl("grants.report.submittedFlash"));
  await expect(page.getByText(pl("grants.report.frozen"), { exact: true })).toBeVisible();
  await expect(page.getByText(pl("grants.report.integrityOk"))).toBeVisible();

  // The XLSX: one sheet per breakdown, the cumulative value of RES_MOVED as a number.
  const [xlsx] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("grants.report.downloadXlsx") }).click(),
  ]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await xlsx.path())!);
  const names = wb.worksheets.map((s) => s.name);
  for (const b of ["sex", "age_group", "target_group", "disability"])
    expect(names.join("|")).toContain(pl(`grants.breakdowns.${b}`).slice(0, 20));
  const sheet = wb.worksheets[0]!;
  let moved: unknown[] | undefined;
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    if (values.includes("RES_MOVED")) moved = values;
  });
  expect(moved).toBeDefined();
  expect(moved).toContain(28);

  // The CSV: UTF-8 with a BOM, Polish letters intact, the same value.
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("grants.report.downloadCsv"), exact: true }).click(),
  ]);
  const bytes = fs.readFileSync((await csv.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.subarray(3).toString("utf8"), { delimiter: ";" }) as string[][];
  const movedRow = rows.find((r) => r.includes("RES_MOVED"))!;
  expect(movedRow).toContain(pl("indicators.RES_MOVED"));
  expect(movedRow).toContain("28");
  // After the table, an empty record and the changes since submission: none yet.
  const tableEnd = rows.findIndex((r) => r.every((c) => c === ""));
  expect(tableEnd).toBe(8);
  expect(rows.at(-1)![0]).toBe(pl("grants.export.changes.none"));

  // A case worker completes the missing date of birth after the submission.
  const workerContext = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const workerPage = await workerContext.newPage();
  const worker = account("case_worker", "pl");
  await workerPage.goto("/login");
  await signInAs(workerPage, worker.email, worker.password);
  await workerPage.goto(`/residents?q=${leftOutCode}`);
  const href = await workerPage.locator("tbody a").first().getAttribute("href");
  expect(href).toMatch(/^\/residents\/\d+$/);
  await workerPage.goto(`${href}/edit`);
  await workerPage.getByLabel(pl("residents.dateOfBirth")).fill("1944-03-15");
  await workerPage.getByRole("button", { name: pl("common.save") }).click();
  await expect(workerPage.getByRole("status").first()).toHaveText(pl("residents.updated"));
  await workerContext.close();

  // The submitted report has not moved; the difference is shown, with the code that was added.
  await page.reload();
  await expect(cell(page, "RES_COVERED", "cumulative")).toHaveText("99");
  const diffs = page.getByRole("region", { name: pl("grants.report.diffsTitle") });
  await expect(diffs.getByRole("row", { name: new RegExp(pl("indicators.RES_COVERED")) })).toContainText("+1");
  await expect(diffs).toContainText(leftOutCode);
  await expectAccessible(page);

  // The exports of the submitted report now carry the same difference, after the frozen table.
  const [csvAfter] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("grants.report.downloadCsv"), exact: true }).click(),
  ]);
  const rowsAfter = parse(
    fs
      .readFileSync((await csvAfter.path())!)
      .subarray(3)
      .toString("utf8"),
    { delimiter: ";" },
  ) as string[][];
  expect(rowsAfter.slice(0, tableEnd)).toEqual(rows.slice(0, tableEnd));
  const changed = rowsAfter.slice(tableEnd).find((r) => r[1] === "RES_COVERED")!;
  expect(changed.slice(4, 7)).toEqual(["99", "100", "1"]);
  expect(changed[7]).toContain(leftOutCode);
  const [xlsxAfter] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("grants.report.downloadXlsx") }).click(),
  ]);
  const wbAfter = new ExcelJS.Workbook();
  await wbAfter.xlsx.readFile((await xlsxAfter.path())!);
  const changesSheet = wbAfter.getWorksheet(pl("grants.export.changes.sheet"))!;
  expect((changesSheet.getRow(2).values as unknown[]).slice(1)).toEqual(
    expect.arrayContaining(["RES_COVERED", leftOutCode]),
  );
  const [pdfAfter] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("grants.report.downloadPdf") }).click(),
  ]);
  const text = pdfText(fs.readFileSync((await pdfAfter.path())!));
  expect(text).toContain(pl("grants.export.changes.title"));
  expect(text).toContain(leftOutCode);

  // The following period's cumulative value includes the correction, and its page says so.
  await openPeriod(page, 5);
  const carried = page.getByRole("region", { name: pl("grants.report.carriedTitle", { n: "4" }) });
  await expect(carried.getByRole("row", { name: new RegExp(pl("indicators.RES_COVERED")) })).toContainText("+1");
  await expect(carried).toContainText(leftOutCode);
  await expectAccessible(page);
});

test("the demo grant's dashboard, a seeded late correction, and refusals of bad input", async ({ page }) => {
  test.setTimeout(120_000);
  const manager = account("grant_manager");
  await page.goto("/login");
  await signInAs(page, manager.email, manager.password);
  await page.goto("/grants");
  await expectAccessible(page);
  await page.getByRole("link", { name: DEMO_GRANT_NUMBER }).click();
  await expect(page.getByRole("row", { name: new RegExp(`^${pl("grants.periodN", { n: "1" })}\\b`) })).toContainText(
    pl("grants.reportStates.submitted"),
  );
  await expectAccessible(page);
  await page.getByRole("link", { name: pl("grants.dashboard") }).click();
  await expect(page.getByTestId("progress-RES_MOVED")).toContainText("30");
  await expect(page.getByTestId("progress-PLACES_CREATED")).toContainText("12");
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await expectAccessible(page);

  // Period 3 was submitted before a record was completed: frozen 79, the live value beside it
  // (80 from the seed, 81 once the first test has completed another record).
  await openPeriod(page, 3);
  await expect(cell(page, "RES_COVERED", "cumulative")).toHaveText("79");
  await expect(
    page
      .getByRole("region", { name: pl("grants.report.diffsTitle") })
      .getByRole("row", { name: new RegExp(pl("indicators.RES_COVERED")) }),
  ).toContainText(/79\s*8[01]\s*\+[12]/);

  // A target in the wrong unit is refused with the indicator named; nothing is created.
  await page.goto("/grants/new");
  await page.getByLabel(pl("grants.contractNumber"), { exact: true }).fill("RPLB.06.02.00-08-0001/23");
  await page.getByLabel(pl("grants.grantTitle"), { exact: true }).fill("Mieszkania wspomagane");
  await page.getByLabel(pl("grants.programme"), { exact: true }).fill("FEWL 2021–2027");
  await page.getByLabel(pl("grants.funder"), { exact: true }).fill("Województwo Lubuskie");
  await page.getByLabel(pl("grants.budget"), { exact: true }).fill("1 000 000,00");
  await page.getByLabel(pl("grants.startsOn"), { exact: true }).fill("2024-01-01");
  await page.getByLabel(pl("grants.endsOn"), { exact: true }).fill("2025-12-31");
  await page.getByLabel(pl("grants.firstPeriodStart"), { exact: true }).fill("2024-01-01");
  await page.getByRole("checkbox").first().check();
  await page.getByLabel(`${pl("indicators.PLACES_CREATED")}: ${pl("grants.unit")}`).selectOption("persons");
  await page.getByLabel(`${pl("indicators.PLACES_CREATED")}: ${pl("grants.target")}`).fill("12");
  await page.getByRole("button", { name: pl("grants.create") }).click();
  await expect(page.getByRole("alert")).toContainText(pl("indicators.PLACES_CREATED"));
  await expect(page.getByLabel(pl("grants.contractNumber"), { exact: true })).toHaveValue("RPLB.06.02.00-08-0001/23");
  await expectAccessible(page);
  await page.getByLabel(`${pl("indicators.PLACES_CREATED")}: ${pl("grants.unit")}`).selectOption("places");
  await page.getByRole("button", { name: pl("grants.create") }).click();
  await expect(page.getByRole("status").first()).toHaveText(
    pl("grants.created", { number: "RPLB.06.02.00-08-0001/23" }),
  );

  // Overlapping periods are refused, naming them.
  await page.getByText(pl("grants.editPeriods")).click();
  await page.locator('input[name="startsOn"]').nth(1).fill("2024-03-01");
  await page.getByRole("button", { name: pl("grants.savePeriods") }).click();
  await expect(page.getByRole("alert")).toHaveText(pl("grants.errors.periodsOverlap", { n: "2", m: "1" }));
});

test("without JavaScript a period report is submitted through a confirmation step (cancel keeps it a draft)", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  const manager = account("grant_manager");
  await page.goto("/login");
  await signInAs(page, manager.email, manager.password);
  await openPeriod(page, 5);
  await page.getByLabel(pl("grants.report.problems")).fill("Brak problemów w ostatnim miesiącu.");
  await page.getByLabel(pl("grants.report.plannedProgress")).fill("Ewaluacja końcowa projektu.");
  await page.getByRole("button", { name: pl("grants.report.submit") }).click();
  const step = page.getByRole("group", { name: pl("confirm.SUBMIT.title") });
  await expect(step).toContainText(
    pl("confirm.SUBMIT.text", { n: "5", from: formatDate("2023-08-01", "pl"), to: formatDate("2023-08-31", "pl") }),
  );
  // What was typed is still in the form; nothing is frozen yet.
  await expect(page.getByLabel(pl("grants.report.problems"))).toHaveValue("Brak problemów w ostatnim miesiącu.");
  await expect(page.getByText(pl("grants.report.frozen"), { exact: true })).toHaveCount(0);
  await step.getByRole("link", { name: pl("confirm.cancel") }).click();
  await expect(step).toBeHidden();
  await expect(page.getByText(pl("grants.report.frozen"), { exact: true })).toHaveCount(0);

  await page.getByLabel(pl("grants.report.problems")).fill("Brak problemów w ostatnim miesiącu.");
  await page.getByLabel(pl("grants.report.plannedProgress")).fill("Ewaluacja końcowa projektu.");
  await page.getByRole("button", { name: pl("grants.report.submit") }).click();
  await step.getByRole("button", { name: pl("confirm.SUBMIT.confirm") }).click();
  await expect(page.getByText(pl("grants.report.frozen"), { exact: true })).toBeVisible();
  await expect(page.getByText("Ewaluacja końcowa projektu.")).toBeVisible();
  await context.close();
});
