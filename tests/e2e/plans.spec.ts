import { expect, test, type Locator, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { localDate } from "#app/utils/dates";
import { formatDate } from "#app/utils/format";
import { account, chooseLanguage, expectAccessible, signInAs, submitAndSee, tr } from "./fixtures";

const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);
// Days as the demo institution counts them (Europe/Warsaw): near midnight UTC they differ.
const iso = (d: Date) => localDate(d, "Europe/Warsaw");

/** Clicks a save button and waits for the page's data after the save: the flash of the previous save may still be shown. */
async function save(page: Page, button: Locator, flashKey = "plans.saved") {
  await submitAndSee(page, "pl", button, flashKey);
}

async function add(page: Page, summary: string, fill: Record<string, string>, flashKey = "plans.saved") {
  const details = page.locator("details.item-form", { has: page.getByText(summary, { exact: true }) });
  await details.locator("summary").click();
  for (const [label, value] of Object.entries(fill)) await details.getByLabel(label, { exact: true }).fill(value);
  await save(page, details.getByRole("button", { name: pl("common.add") }), flashKey);
}

test("a working group drafts, consults and adopts a plan; the milestone follows a case worker's move", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const wg = account("working_group");
  const today = new Date();
  const inTwoMonths = new Date(today.getTime() + 60 * 86_400_000);
  await page.goto("/login");
  await signInAs(page, wg.email, wg.password);
  await page.goto("/plans");
  await chooseLanguage(page, "pl");
  await page.getByLabel(pl("plans.planTitle")).fill("Aktualizacja planu DI 2026");
  await page.getByRole("button", { name: pl("plans.create") }).click();
  await expect(page.getByRole("status")).toHaveText(pl("plans.created"));
  await expectAccessible(page);

  // Bad input first: a deadline before the start is refused, the typed text stays.
  await page.getByLabel(pl("plans.periodFrom")).fill(iso(today));
  await page.getByLabel(pl("plans.periodTo")).fill(iso(new Date(today.getTime() + 365 * 86_400_000)));
  await save(
    page,
    page.locator("form", { has: page.locator("#f-periodFrom") }).getByRole("button", { name: pl("common.save") }),
  );
  // The figures are a form of their own (issue #20 item 3): one place count typed and kept.
  const trainingFlats = `${pl("plans.diagnosisFigures.groups.placesByType")}: ${pl("catalogues.housing.pl_training_flat")}`;
  await page.getByLabel(trainingFlats, { exact: true }).fill("6");
  await save(
    page,
    page.locator("form", { has: page.locator("#f-waitingList") }).getByRole("button", { name: pl("common.save") }),
  );
  await page.reload();
  await expect(page.getByLabel(trainingFlats, { exact: true })).toHaveValue("6");

  await add(page, pl("plans.addGoal"), { [pl("plans.goal")]: "Przeprowadzki do mieszkań wspomaganych" });
  await add(page, pl("plans.addAction"), {
    [pl("plans.action")]: "Adaptacja mieszkania",
    [pl("plans.start")]: iso(today),
    [pl("plans.deadline")]: iso(inTwoMonths),
    [pl("plans.budget")]: "250000",
  });
  const details = page.locator("details.item-form", { has: page.getByText(pl("plans.addAction"), { exact: true }) });
  await details.locator("summary").click();
  await details.getByLabel(pl("plans.action"), { exact: true }).fill("Szkolenie kadry");
  await details.getByLabel(pl("plans.start"), { exact: true }).fill(iso(inTwoMonths));
  await details.getByLabel(pl("plans.deadline"), { exact: true }).fill(iso(today));
  await details.getByLabel(pl("plans.budget"), { exact: true }).fill("-5");
  await details.getByRole("button", { name: pl("common.add") }).click();
  await expect(details.locator(".field-error", { hasText: pl("validation.money") })).toBeVisible();
  await expect(details.locator(".field-error", { hasText: pl("validation.deadlineBeforeStart") })).toBeVisible();
  await expect(details.getByLabel(pl("plans.action"), { exact: true })).toHaveValue("Szkolenie kadry");
  await details.getByLabel(pl("plans.start"), { exact: true }).fill(iso(today));
  await details.getByLabel(pl("plans.deadline"), { exact: true }).fill(iso(inTwoMonths));
  await details.getByLabel(pl("plans.budget"), { exact: true }).fill("40000");
  await save(page, details.getByRole("button", { name: pl("common.add") }));
  await add(page, pl("plans.addMilestone"), {
    [pl("plans.date")]: iso(inTwoMonths),
    [pl("plans.milestone")]: "Pierwsza przeprowadzka",
    [pl("indicators.RES_MOVED")]: "1",
  });
  const milestoneRow = page.getByRole("row", { name: /Pierwsza przeprowadzka/ });
  await expect(milestoneRow).toContainText(pl("plans.milestoneStatuses.on_track"));

  // Consultation, with a comment and its answer; then adoption.
  await page.getByRole("button", { name: pl("plans.events.START_CONSULTATION") }).click();
  await expect(page.getByRole("status")).toContainText(pl("plans.states.consultation"));
  await add(
    page,
    pl("plans.addComment"),
    {
      [pl("plans.receivedFrom")]: "Rada Seniorów",
      [pl("plans.comment")]: "Więcej mieszkań",
      [pl("plans.response")]: "Uwzględniono w działaniu 1",
    },
    "plans.commentSaved",
  );
  // The report is recorded (decision 038), then adoption is asked first, naming the body, the resolution and the date; cancel, then confirm.
  const close = page.locator("details.item-form", {
    has: page.getByText(pl("plans.closeConsultation"), { exact: true }),
  });
  await close.locator("summary").click();
  await save(page, close.getByRole("button", { name: pl("plans.recordReport") }), "plans.consultationClosed");
  const adopt = page.getByRole("alertdialog", { name: pl("confirm.ADOPT.title") });
  await page.getByLabel(pl("plans.adoptingBody")).fill("Rada Miasta Zielona Góra");
  await page.getByLabel(pl("plans.resolutionNumber")).fill("XII/100/26");
  await page.getByRole("button", { name: pl("plans.events.ADOPT") }).click();
  await expect(adopt).toContainText(
    pl("confirm.ADOPT.text", {
      title: "Aktualizacja planu DI 2026",
      body: "Rada Miasta Zielona Góra",
      number: "XII/100/26",
      date: formatDate(iso(today), "pl"),
    }),
  );
  await expectAccessible(page);
  await adopt.getByRole("button", { name: pl("confirm.cancel") }).click();
  await expect(adopt).toBeHidden();
  await expect(page.locator(".lead .state")).toHaveText(pl("plans.states.consultation"));
  await page.getByRole("button", { name: pl("plans.events.ADOPT") }).click();
  await adopt.getByRole("button", { name: pl("confirm.ADOPT.confirm") }).click();
  await expect(page.getByRole("status")).toContainText(pl("plans.states.adopted"));
  await expectAccessible(page);
  const planUrl = page.url();

  // A revision: a new draft version (issue #14: the button answered 400 and showed nothing).
  await page.getByRole("button", { name: pl("plans.revise") }).click();
  await expect(page.getByRole("status")).toHaveText(pl("plans.revised"));
  await expect(page.locator(".lead")).toContainText(pl("plans.versionOf", { number: "2", count: "2" }));
  await expect(page.locator(".lead .state")).toHaveText(pl("plans.states.drafting"));
  await page.getByLabel(pl("plans.figures.waitingList")).fill("25");
  await save(
    page,
    page.locator("form", { has: page.locator("#f-waitingList") }).getByRole("button", { name: pl("common.save") }),
  );
  await add(page, pl("plans.addAction"), {
    [pl("plans.action")]: "Trzecie mieszkanie",
    [pl("plans.start")]: iso(today),
    [pl("plans.deadline")]: iso(inTwoMonths),
    [pl("plans.budget")]: "90000",
  });
  await add(page, pl("plans.addRisk"), { [pl("plans.risk")]: "Brak lokali do adaptacji" });

  // The comparison says what changed in words and formatted values, not field paths or JSON.
  await page.getByRole("link", { name: pl("plans.compareLatest") }).click();
  const changes = page.getByRole("table", { name: pl("plans.compareTitle", { a: "1", b: "2" }) });
  await expect(changes.getByRole("row", { name: new RegExp(pl("plans.figures.waitingList")) })).toContainText(/0\s*25/);
  await expect(changes.getByRole("row", { name: /Trzecie mieszkanie/ })).toContainText(
    pl("plans.compareChange.added", { what: pl("plans.action") }),
  );
  await expect(changes.getByRole("row", { name: /Trzecie mieszkanie/ })).toContainText(/90\s000,00\szł/);
  await expect(changes.getByRole("row", { name: /Trzecie mieszkanie/ })).toContainText(
    "Przeprowadzki do mieszkań wspomaganych",
  );
  await expect(changes.getByRole("row", { name: /Brak lokali/ })).toContainText(pl("plans.levels.medium"));
  await expect(changes).not.toContainText("diagnosis.");
  await expect(changes).not.toContainText('"');
  await expectAccessible(page);

  // Version 1's actions as XLSX are version 1's (two actions), not the draft's (three).
  const rowsOf = async (file: string) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    return wb.worksheets[0]!.rowCount - 1;
  };
  await page.goto(`${planUrl}?version=1`);
  const [v1Xlsx] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("plans.exportActions") }).click(),
  ]);
  expect(v1Xlsx.suggestedFilename()).toMatch(/-v1-actions\.xlsx$/);
  expect(await rowsOf((await v1Xlsx.path())!)).toBe(2);
  await page.goto(planUrl);
  const [v2Xlsx] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("plans.exportActions") }).click(),
  ]);
  expect(v2Xlsx.suggestedFilename()).toMatch(/-v2-actions\.xlsx$/);
  expect(await rowsOf((await v2Xlsx.path())!)).toBe(3);

  // The working group records a meeting of its members.
  await page.getByRole("link", { name: pl("plans.group.title") }).click();
  const member = page.locator("details.item-form", {
    has: page.getByText(pl("plans.group.addMember"), { exact: true }),
  });
  await member.locator("summary").click();
  await member.getByLabel(pl("users.name"), { exact: true }).fill("Anna Nowak");
  await member.getByLabel(pl("plans.group.organisation"), { exact: true }).fill("MOPS Zielona Góra");
  await member.getByLabel(pl("plans.group.roleInGroup"), { exact: true }).fill("przewodnicząca");
  await save(page, member.getByRole("button", { name: pl("common.add") }));
  const meeting = page.locator("details.item-form", {
    has: page.getByText(pl("plans.group.addMeeting"), { exact: true }),
  });
  await meeting.locator("summary").click();
  await meeting.getByLabel("Anna Nowak").check();
  await meeting.getByLabel(pl("plans.group.minutes"), { exact: true }).fill("Omówiono harmonogram przeprowadzek.");
  await save(page, meeting.getByRole("button", { name: pl("plans.group.recordMeeting") }));
  await expect(page.getByText("Omówiono harmonogram przeprowadzek.")).toBeVisible();
  await expectAccessible(page);

  // A case worker records the move of a resident who is moving.
  const cw = await browser.newContext();
  const worker = await cw.newPage();
  const w = account("case_worker", "pl");
  await worker.goto("/login");
  await signInAs(worker, w.email, w.password);
  await worker.goto("/residents?state=moving");
  await worker.locator("tbody tr a").first().click();
  await worker.getByRole("button", { name: tr("pl", "transitions.events.RECORD_MOVE"), exact: true }).click();
  await expect(worker.locator(".lead .state")).toHaveText(tr("pl", "transitions.states.in_community"));
  await cw.close();

  await page.goto(planUrl);
  await expect(page.getByRole("row", { name: /Pierwsza przeprowadzka/ })).toContainText(
    pl("plans.milestoneStatuses.achieved"),
  );
});

test("the demo plan (seed 004) shows its milestones achieved from live data", async ({ page }) => {
  const wg = account("working_group");
  await page.goto("/login");
  await signInAs(page, wg.email, wg.password);
  await page.goto("/plans");
  await chooseLanguage(page, "pl");
  await page.getByRole("link", { name: /Zielonej Góry/ }).click();
  const goal = page.getByRole("row", { name: /Cele projektu/ });
  await expect(goal).toContainText("100 / 100");
  await expect(goal).toContainText("30 / 30");
  await expect(goal).toContainText("60 / 60");
  await expect(goal).toContainText("21 / 21");
  await expect(goal).toContainText("12 / 12");
  await expectAccessible(page);
  await page.goto(`${page.url()}/compare?a=1&b=1`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);

  // Dashboard: a burn-up chart per indicator with targets.
  await page.goto(page.url().replace(/\/compare.*$/, "/dashboard"));
  await expect(page.locator(".recharts-wrapper")).toHaveCount(5);
  await expect(page.getByText(pl("plans.dashboard.reached")).first()).toBeVisible();
  await expectAccessible(page);

  // The actions table as XLSX, in Polish, opened and checked.
  await page.goto(page.url().replace(/\/dashboard$/, ""));
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("plans.exportActions") }).click(),
  ]);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file!);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(1).getCell(2).value).toBe(pl("plans.action"));
  expect(ws.getRow(2).getCell(2).value).toBe("Utworzenie dwóch mieszkań chronionych dla 12 osób");
  expect(ws.getRow(2).getCell(6).value).toBe(1200000);

  const [pdf] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: pl("plans.exportPdf") }).click(),
  ]);
  const fs = await import("node:fs");
  const bytes = fs.readFileSync((await pdf.path())!);
  expect(bytes.subarray(0, 7).toString("latin1")).toBe("%PDF-1.");
  expect(bytes.length).toBeGreaterThan(10_000);
});
