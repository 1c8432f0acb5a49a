import fs from "node:fs";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { samplePdf } from "#tests/factories/documents";
import { account, chooseLanguage, signInAs, tr } from "./fixtures";

/**
 * Issue #15, what stop 22 left (decision 046), pressed in the production build: the key-worker
 * filter of the resident list (with the export), a document's download from the resident's
 * timeline, and a refused workflow step marked at its date field.
 */
const worker = account("case_worker", "pl");
const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);

async function signIn(page: Page) {
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/residents");
  await chooseLanguage(page, "pl");
}

/** A resident in planning (not the one the transitions test takes through). */
async function openPlanningResident(page: Page) {
  await page.goto("/residents?state=planning");
  await page.locator("table tbody a").filter({ hasNotText: "Sobczak" }).first().click();
  // The list has a heading too: wait for the resident's own page before reading its address.
  await page.waitForURL(/\/residents\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  return page.url();
}

test("the resident list filters by key worker, with the stage filter, and exports what it shows", async ({ page }) => {
  await signIn(page);
  const select = page.getByLabel(pl("caseload.keyWorker"), { exact: true });
  const options = await select.locator("option").allTextContents();
  expect(options.slice(0, 2)).toEqual([pl("common.all"), pl("caseload.unassignedCases")]);
  expect(options.length).toBeGreaterThan(2);
  const workerName = options[2]!;
  await select.selectOption({ label: workerName });
  await page.getByLabel(pl("residents.state"), { exact: true }).selectOption("planning");
  await page.getByRole("button", { name: pl("residents.applyFilters") }).click();
  await expect(page).toHaveURL(/keyWorker=\d+/);
  await expect(page).toHaveURL(/state=planning/);
  await expect(select).toHaveValue(/^\d+$/);
  const shown = await page.locator("tbody td code").allTextContents();
  expect(shown.length).toBeGreaterThan(0);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("residents.export") }).click(),
  ]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync((await download.path())!) as never);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  const col = header.indexOf(pl("caseload.keyWorker"));
  expect(col).toBeGreaterThan(0);
  const rows = ws
    .getSheetValues()
    .slice(2)
    .map((r) => (r as unknown[]).slice(1));
  expect(rows.map((r) => r[0]).slice(0, shown.length)).toEqual(shown);
  expect(new Set(rows.map((r) => r[col]))).toEqual(new Set([workerName]));

  // "Without a key worker" is a filter of its own, kept in the URL.
  await select.selectOption("none");
  await page.getByRole("button", { name: pl("residents.applyFilters") }).click();
  await expect(page).toHaveURL(/keyWorker=none/);
});

test("a document uploaded to a resident stands in the timeline, and its link downloads it", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page);
  const url = await openPlanningResident(page);
  await page.goto(`${url}/documents`);
  const form = page.getByRole("region", { name: pl("documents.uploadTitle") });
  const pdf = await samplePdf("Postanowienie sądu");
  await form.getByLabel(pl("documents.kind")).selectOption("legal_capacity_decision");
  await form
    .getByLabel(pl("documents.file"))
    .setInputFiles({ name: "Postanowienie.pdf", mimeType: "application/pdf", buffer: pdf });
  await form.getByRole("button", { name: pl("documents.upload") }).click();
  await expect(page.getByRole("status")).toHaveText(pl("documents.uploaded"));

  await page.goto(url);
  const timeline = page.getByRole("region", { name: pl("transitions.timeline") });
  const entry = timeline.locator("li.document-entry").filter({ hasText: "Postanowienie.pdf" });
  await expect(entry).toContainText(
    pl("documents.timelineEntry", { kind: pl("documents.kinds.legal_capacity_decision") }),
  );
  await expect(entry).toContainText(pl("documents.uploadedBy", { who: "", at: "" }).split(" ")[0]!);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    entry.getByRole("link", { name: pl("documents.download", { name: "Postanowienie.pdf" }) }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("Postanowienie.pdf");
  expect(Buffer.compare(fs.readFileSync((await download.path())!), pdf)).toBe(0);
});

test("a workflow step dated in the future is refused at its date field, with the summary focused", async ({ page }) => {
  await signIn(page);
  await openPlanningResident(page);
  const form = page.locator("ul.actions li.allowed form").first();
  await expect(form).toBeVisible();
  const date = form.locator('input[name="on"]');
  const today = await date.inputValue();
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 3);
  await date.fill(d.toISOString().slice(0, 10));
  await form.locator('button[type="submit"], button:not([type])').first().click();
  const refused = page.locator("ul.actions li.allowed form").filter({ has: page.locator('[aria-invalid="true"]') });
  await expect(refused.locator('input[name="on"]')).toHaveAttribute("aria-invalid", "true");
  await expect(refused.locator(".field-error")).toBeVisible();
  await expect(refused.locator('[role="alert"]')).toBeFocused();
});
