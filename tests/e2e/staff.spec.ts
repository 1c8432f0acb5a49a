import { expect, test, type Page } from "@playwright/test";
import { account, chooseLanguage, expectAccessible, signInAs, tr } from "./fixtures";

const worker = account("case_worker", "pl");
const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);

/** The "trained" figure of a competence in the readiness table. */
async function trained(page: Page, competence: string): Promise<number> {
  await page.goto("/readiness");
  const row = page.getByRole("row", { name: new RegExp(pl(`staff.competences.${competence}`)) });
  return Number(await row.locator("td").nth(1).innerText());
}

const PEOPLE = Array.from({ length: 10 }, (_, i) => ({
  first: `Testowa${String.fromCharCode(65 + i)}`,
  last: "Kursantka",
}));

test("a case worker imports staff, enrols ten in one step, marks completion, records supervision; readiness changes", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/staff");
  await chooseLanguage(page, "pl");
  const before = await trained(page, "home_care");
  await expectAccessible(page);

  // 1. Import ten people from a spreadsheet export (Polish headers, semicolons).
  const csv =
    "Imię;Nazwisko;Stanowisko;Płeć;Data urodzenia;Zatrudniony od\n" +
    PEOPLE.map((p, i) => `${p.first};${p.last};opiekunka;K;${10 + i}.05.1980;01.03.2015`).join("\n");
  await page.goto("/staff/import");
  await page.getByLabel(pl("residents.import.institution")).selectOption({ index: 1 });
  await page
    .getByLabel(pl("residents.import.file"))
    .setInputFiles({ name: "kadra.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: pl("residents.import.check") }).click();
  await expect(page.getByRole("heading", { name: pl("residents.import.readyTitle") })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: pl("residents.import.confirm") }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole("status")).toContainText("10");

  // 2. Enrol all ten in the home-care module in one step.
  await page.goto("/training");
  await page.getByRole("link", { name: "Usługi opiekuńcze w miejscu zamieszkania" }).click();
  for (const p of PEOPLE) await page.getByLabel(`${p.last}, ${p.first}`).check();
  await page.getByRole("button", { name: pl("staff.training.enrolSubmit") }).click();
  await expect(page.getByRole("status")).toContainText("10");
  await expectAccessible(page);

  // 3. Attendance, then completion, for everyone still in training.
  await page.getByLabel(pl("staff.training.selectAllOpen")).check();
  await page.getByRole("button", { name: pl("staff.training.markAttendance") }).click();
  await expect(page.getByRole("status")).toContainText("10");
  await page.getByLabel(pl("staff.training.selectAllOpen")).check();
  await page.getByLabel(pl("staff.training.certificateRef")).fill("MOPS/2026/1");
  await page.getByRole("button", { name: pl("staff.training.markCompleted") }).click();
  await expect(page.getByRole("status")).toContainText("10");
  await expect(page.getByRole("cell", { name: pl("staff.enrolmentStates.completed") })).toHaveCount(10);

  // 4. A supervision session with three of them.
  await page.goto("/support-sessions");
  await page.getByLabel(pl("staff.sessions.facilitator")).fill("Dr Anna Lis");
  for (const p of PEOPLE.slice(0, 3)) await page.getByLabel(`${p.last}, ${p.first}`).check();
  await page.getByRole("button", { name: pl("staff.sessions.record") }).click();
  await expect(page.getByRole("status")).toContainText("3");
  await expectAccessible(page);

  // 5. Readiness: ten more trained in home care.
  expect(await trained(page, "home_care")).toBe(before + 10);
  await expectAccessible(page);
});

test("bulk actions refuse bad input with a clear message and change nothing", async ({ page }) => {
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/training");
  await chooseLanguage(page, "pl");
  await page.getByRole("link", { name: "Planowanie skoncentrowane na osobie" }).click();
  // Completion for someone who never attended is refused by the enrolment machine.
  const neverAttended = page.locator("tr", { hasText: pl("staff.enrolmentStates.enrolled") }).first();
  await neverAttended.getByRole("checkbox").check();
  await page.getByRole("button", { name: pl("staff.training.markCompleted") }).click();
  const name = (await neverAttended.getByRole("link").innerText()).split(", ").reverse().join(" ");
  await expect(page.getByRole("alert")).toHaveText(pl("staff.guards.attendedAtLeastOnce", { name }));
  await expect(page.locator("tr", { hasText: pl("staff.enrolmentStates.enrolled") })).toHaveCount(5);
});
