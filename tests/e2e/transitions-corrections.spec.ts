import { expect, test, type Page } from "@playwright/test";
import { DEMO_GRANT_NUMBER } from "#db/seed/demo-grant";
import { account, chooseLanguage, expectAccessible, signInAs, tr } from "./fixtures";

/**
 * Corrections of a resident's log in the production build (issue 14): a move date typed wrong
 * is corrected (a correction that breaks the order of the record is refused and names both
 * dates), a death recorded by mistake is voided, and the grant's frozen period shows the
 * difference with the code that moved into it. Demo data: Anna Krawczyk moved on 4 February 2023
 * (period 3 of the demo grant), her move started on 15 January; Zofia Kowalska's death was
 * recorded at the assessment stage.
 */
const worker = account("case_worker", "pl");
const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);

async function openResident(page: Page, surname: string, name: string) {
  await page.goto(`/residents?q=${encodeURIComponent(surname)}`);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(surname);
}

/** The history entry of a workflow step still in force. */
const entry = (page: Page, event: string) =>
  page
    .locator(".timeline li.event", { hasText: pl(`transitions.events.${event}`) })
    .filter({ hasNot: page.locator(".badge") });

test("a case worker corrects a move date and voids a death by mistake; the frozen report shows the difference", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/residents");
  await chooseLanguage(page, "pl");
  await openResident(page, "Krawczyk", "Krawczyk, Anna");
  const code = (await page.locator("h1 code").textContent())!.trim();

  // A date before the previous step is refused, in words, with both dates.
  const move = entry(page, "RECORD_MOVE");
  await move.locator("summary", { hasText: pl("transitions.corrections.correct") }).click();
  await move.getByLabel(pl("transitions.corrections.newDate")).fill("2023-01-10");
  await move.getByLabel(pl("transitions.corrections.reason")).fill("Data z protokołu przeprowadzki");
  await move.getByRole("button", { name: pl("transitions.corrections.saveCorrection") }).click();
  const refusal = page.getByRole("alert");
  await expect(refusal).toContainText("10 sty 2023");
  await expect(refusal).toContainText("15 sty 2023");

  // The form stays open at the entry, with the refusal; a date that keeps the record in order is
  // accepted, and the original stays, marked corrected.
  const again = entry(page, "RECORD_MOVE");
  await expect(again.getByLabel(pl("transitions.corrections.newDate"))).toBeVisible();
  await again.getByLabel(pl("transitions.corrections.newDate")).fill("2023-01-30");
  await again.getByLabel(pl("transitions.corrections.reason")).fill("Data z protokołu przeprowadzki");
  await again.getByRole("button", { name: pl("transitions.corrections.saveCorrection") }).click();
  await expect(page.getByRole("status")).toContainText(
    pl("transitions.corrections.corrected", { state: pl("transitions.states.completed") }),
  );
  const timeline = page.locator(".timeline");
  await expect(timeline.locator("li.replaced", { hasText: pl("transitions.events.RECORD_MOVE") })).toContainText(
    pl("transitions.corrections.supersededBadge"),
  );
  await expect(entry(page, "RECORD_MOVE")).toContainText("30 sty 2023");
  await expect(entry(page, "RECORD_MOVE")).toContainText(
    pl("transitions.corrections.replaces", { date: "4 lut 2023", note: "—" }),
  );
  await expect(entry(page, "RECORD_MOVE")).toContainText("Data z protokołu przeprowadzki");
  await expect(page.locator(".panel", { hasText: pl("transitions.placement.title") }).first()).toContainText(
    "30 sty 2023",
  );
  await expectAccessible(page);

  // A death recorded by mistake is voided: the record is open again at the stage before it.
  await openResident(page, "Kowalska", "Kowalska, Zofia");
  await expect(page.locator(".lead .state")).toHaveText(pl("transitions.states.deceased"));
  const death = entry(page, "RECORD_DEATH");
  await death.locator("summary", { hasText: pl("transitions.corrections.void") }).click();
  await expect(death).toContainText(
    pl("transitions.corrections.voidExplained", { event: pl("transitions.events.RECORD_DEATH"), date: "" }).split(
      "„",
    )[0]!,
  );
  await death.getByLabel(pl("transitions.corrections.voidReason")).fill("Pomyłka: zgon innej osoby");
  await death.getByRole("button", { name: pl("transitions.corrections.confirmVoid") }).click();
  await expect(page.getByRole("status")).toContainText(
    pl("transitions.corrections.voided", { state: pl("transitions.states.assessment") }),
  );
  await expect(page.locator(".lead .state")).toHaveText(pl("transitions.states.assessment"));
  await expect(timeline.locator("li.replaced", { hasText: pl("transitions.events.RECORD_DEATH") })).toContainText(
    pl("transitions.corrections.voidedBadge"),
  );
  await expect(
    page.getByRole("button", { name: pl("transitions.events.COMPLETE_ASSESSMENT"), exact: true }),
  ).toBeVisible();

  // The grant manager: period 2 was submitted with the move in period 3; it now shows +1 with her code.
  const manager = account("grant_manager");
  await page.context().clearCookies();
  await page.goto("/login");
  await signInAs(page, manager.email, manager.password);
  await page.goto("/grants");
  await chooseLanguage(page, "pl");
  await page.getByRole("link", { name: DEMO_GRANT_NUMBER }).click();
  await page
    .getByRole("row", { name: new RegExp(`^${pl("grants.periodN", { n: "2" })}\\b`) })
    .getByRole("link")
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(pl("grants.report.heading", { n: "2" }));
  const diffs = page.getByRole("region", { name: pl("grants.report.diffsTitle") });
  await expect(diffs.getByRole("row", { name: new RegExp(pl("indicators.RES_MOVED")) })).toContainText("+1");
  await expect(diffs).toContainText(code);
});
