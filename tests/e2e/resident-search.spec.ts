import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import fs from "node:fs";
import { account, chooseLanguage, expectAccessible, signInAs, tr } from "./fixtures";

const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);

test("a case worker finds a person without typing the accents, sorts the list and exports it", async ({ page }) => {
  const cw = account("case_worker", "pl");
  await page.goto("/login");
  await signInAs(page, cw.email, cw.password);
  await page.goto("/residents");
  await chooseLanguage(page, "pl");

  // "PAWLOWSKA" in capitals and without ł finds the four Pawłowska of the demo DPS (not Pawłowski).
  await page.getByLabel(pl("residents.search")).fill("PAWLOWSKA");
  await page.getByRole("button", { name: pl("residents.applyFilters") }).click();
  await expect(page).toHaveURL(/q=PAWLOWSKA/);
  const names = page.locator("tbody th[scope=row] a");
  await expect(names).toHaveText(Array(4).fill(/^Pawłowska, /));

  // "krol janina": both words, in any order, without the accent.
  await page.getByLabel(pl("residents.search")).fill("krol janina");
  await page.getByRole("button", { name: pl("residents.applyFilters") }).click();
  await expect(names).toHaveText(["Król, Janina"]);

  // Sorting: the whole list by code, then reversed by pressing the header again.
  await page.getByLabel(pl("residents.search")).fill("");
  await page.getByRole("button", { name: pl("residents.applyFilters") }).click();
  await expect(page).toHaveURL(/q=&/);
  const codeHeader = page.getByRole("columnheader", { name: new RegExp(pl("residents.code")) });
  await codeHeader.getByRole("link").click();
  await expect(page).toHaveURL(/sort=code&dir=asc/);
  await expect(codeHeader).toHaveAttribute("aria-sort", "ascending");
  const codes = async () => page.locator("tbody td code").allTextContents();
  const ascending = await codes();
  expect(ascending).toEqual([...ascending].sort());
  await codeHeader.getByRole("link").click();
  await expect(page).toHaveURL(/sort=code&dir=desc/);
  await expect(codeHeader).toHaveAttribute("aria-sort", "descending");
  const descending = await codes();
  expect(descending).toEqual([...descending].sort().reverse());
  expect(descending[0]! > ascending[0]!).toBe(true);

  // A filter keeps the order; the export carries the filtered, ordered list, every page of it.
  await page.getByLabel(pl("residents.state"), { exact: true }).selectOption("completed");
  await page.getByRole("button", { name: pl("residents.applyFilters") }).click();
  await expect(page).toHaveURL(/state=completed/);
  await expect(page).toHaveURL(/sort=code/);
  await expectAccessible(page);
  const shown = await codes();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("residents.export") }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("residents.xlsx");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync((await download.path())!) as never);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(1).getCell(1).value).toBe(pl("residents.code"));
  const exported = ws
    .getSheetValues()
    .slice(2)
    .map((r) => String((r as unknown[])[1]));
  expect(exported.slice(0, shown.length)).toEqual(shown);
  expect(
    ws
      .getSheetValues()
      .slice(2)
      .every((r) => (r as unknown[])[8] === pl("transitions.states.completed")),
  ).toBe(true);
});

test("the export is refused to a grant manager, who sees no names", async ({ page }) => {
  const gm = account("grant_manager");
  await page.goto("/login");
  await signInAs(page, gm.email, gm.password);
  const res = await page.request.get("/residents/export.xlsx");
  expect(res.status()).toBe(403);
});
