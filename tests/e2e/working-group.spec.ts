import fs from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { addDays, localDate } from "#app/utils/dates";
import { formatDate } from "#app/utils/format";
import { samplePdf } from "#tests/factories/documents";
import { pdfText } from "#tests/support/pdf-text";
import { account, chooseLanguage, expectAccessible, signInAs, submitAndSee, tr, type Lng } from "./fixtures";

/**
 * Issue #20 items 1–2 (decisions 037, 038): the working group schedules a meeting, invites,
 * records it as held with minutes and a PDF, edits and removes members, meetings and action
 * items, sees the late one on the dashboard; the consultation's comments are answered, adoption
 * is refused in words until the report is recorded, then adopted. Polish at 390 px, Bulgarian.
 */
const group = account("working_group");
const PLAN_TITLE = "Lokalny plan deinstytucjonalizacji usług społecznych dla Zielonej Góry";
const today = () => localDate(new Date(), "Europe/Warsaw");

/** Clicks a submit button and waits for the reloaded page with its flash. */
async function save(page: Page, button: Locator, lng: Lng, flashKey: string) {
  await submitAndSee(page, lng, button, flashKey);
}

const form = (page: Page, summary: string) =>
  page.locator("details.item-form", { has: page.locator("summary", { hasText: summary }) }).first();

async function open(details: Locator) {
  if (!(await details.getAttribute("open"))) await details.locator("summary").click();
  return details;
}

/** Confirms a removal in the ConfirmSubmit dialog. */
async function confirmRemoval(page: Page, lng: Lng, button: Locator) {
  await button.click();
  const dialog = page.getByRole("alertdialog", { name: tr(lng, "plans.group.confirmRemove.title") });
  await expect(dialog).toBeVisible();
  const reloaded = page.waitForResponse(
    (r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith(".data"),
  );
  await dialog.getByRole("button", { name: tr(lng, "plans.group.confirmRemove.confirm") }).click();
  await reloaded;
}

async function noSidewaysScroll(page: Page) {
  const wide = await page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
  );
  expect(wide, "wider than the phone").toBe(false);
}

test("the working group plans a meeting, records it with minutes and a PDF, and keeps its members and action items (Polish, 390 px)", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const lng = "pl" as const;
  const pl = (key: string, values?: Record<string, string>) => tr(lng, key, values);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/login");
  await signInAs(page, group.email, group.password);
  await page.goto("/plans");
  await chooseLanguage(page, lng);
  await page.getByRole("link", { name: PLAN_TITLE }).first().click();
  // The demo's late item is on the plan page already.
  await expect(page.getByRole("region", { name: pl("plans.group.lateItems") })).toContainText("Harmonogram szkoleń");
  await page
    .getByRole("link", { name: pl("plans.group.title") })
    .first()
    .click();
  await page.waitForURL(/\/group$/);
  const groupUrl = page.url();
  await noSidewaysScroll(page);
  await expectAccessible(page);

  // A member is added, edited, then removed (confirmed).
  const addMember = await open(form(page, pl("plans.group.addMember")));
  await addMember.getByLabel(pl("users.name"), { exact: true }).fill("Piotr Sowa");
  await addMember.getByLabel(pl("plans.group.organisation"), { exact: true }).fill("PCPR");
  await addMember.getByLabel(pl("plans.group.roleInGroup"), { exact: true }).fill("członek");
  await save(page, addMember.getByRole("button", { name: pl("common.add") }), lng, "plans.saved");
  const editMember = await open(form(page, pl("plans.group.editNamed", { name: "Piotr Sowa" })));
  await editMember.getByLabel(pl("plans.group.organisation"), { exact: true }).fill("PCPR Zielona Góra");
  await save(page, editMember.getByRole("button", { name: pl("common.save") }), lng, "plans.saved");
  await expect(page.getByRole("row", { name: /Piotr Sowa/ })).toContainText("PCPR Zielona Góra");
  await confirmRemoval(
    page,
    lng,
    page.getByRole("button", { name: pl("plans.group.removeNamed", { name: "Piotr Sowa" }) }),
  );
  await expect(page.getByRole("status")).toHaveText(pl("plans.saved"));
  await expect(page.getByRole("row", { name: /Piotr Sowa/ })).toHaveCount(0);
  // A member named in the minutes stays, in words.
  await page.getByRole("button", { name: pl("plans.group.removeNamed", { name: "Anna Nowak" }) }).click();
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: pl("plans.group.confirmRemove.confirm") })
    .click();
  await expect(page.locator(".form-error").first()).toContainText(
    pl("plans.group.errors.memberInUse", { name: "Anna Nowak" }),
  );

  // A meeting scheduled three weeks ahead, two members invited.
  const ahead = addDays(today(), 21);
  const schedule = await open(form(page, pl("plans.group.scheduleMeeting")));
  await schedule.getByLabel(pl("plans.group.meetingOn"), { exact: true }).fill(ahead);
  await schedule.getByLabel(pl("plans.group.place"), { exact: true }).fill("MOPS, sala 2");
  await schedule.getByLabel(pl("plans.group.agenda"), { exact: true }).fill("1. Mieszkania\n2. Szkolenia");
  await schedule.getByLabel("Anna Nowak").check();
  await schedule.getByLabel("Ewa Lis").check();
  await save(page, schedule.getByRole("button", { name: pl("plans.group.schedule") }), lng, "plans.group.scheduled");
  await page.waitForURL(/\/meetings\/\d+$/);
  const meetingUrl = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    pl("plans.group.scheduledHeading", { date: formatDate(ahead, lng) }),
  );
  await expect(page.getByRole("region", { name: pl("plans.group.meeting") })).toContainText("Anna Nowak, Ewa Lis");
  await noSidewaysScroll(page);
  await expectAccessible(page);

  // Edited: another place, one more invited.
  const edit = await open(form(page, pl("plans.group.editMeeting")));
  await edit.getByLabel(pl("plans.group.place"), { exact: true }).fill("Urząd Miasta, sala 105");
  await edit.getByLabel("Marek Zieliński").check();
  await save(page, edit.getByRole("button", { name: pl("common.save") }), lng, "plans.saved");
  await expect(page.getByRole("region", { name: pl("plans.group.meeting") })).toContainText("Urząd Miasta, sala 105");

  // Recorded as held: the planned day is still ahead, refused in words; then held today.
  const held = await open(form(page, pl("plans.group.recordHeld")));
  await held.getByLabel(pl("plans.group.minutes"), { exact: true }).fill("Omówiono mieszkania i szkolenia.");
  await held.getByLabel(pl("plans.group.decisions"), { exact: true }).fill("Zamówić szkolenie.");
  await held.getByRole("button", { name: pl("plans.group.recordMeeting") }).click();
  await expect(held.locator(".error-summary")).toBeFocused();
  await expect(held).toContainText(pl("plans.group.errors.notYetHeld", { field: pl("plans.group.heldOn") }));
  await held.getByLabel(pl("plans.group.heldOn"), { exact: true }).fill(today());
  await held.getByLabel("Marek Zieliński").uncheck();
  await save(page, held.getByRole("button", { name: pl("plans.group.recordMeeting") }), lng, "plans.saved");
  const facts = page.getByRole("region", { name: pl("plans.group.meeting") });
  await expect(facts).toContainText(pl("plans.group.statusHeld"));
  await expect(facts).toContainText("Omówiono mieszkania i szkolenia.");

  // The minutes as a PDF, through the documents module.
  const upload = page.getByRole("region", { name: pl("documents.uploadMinutes") });
  await upload
    .getByLabel(pl("documents.file"))
    .setInputFiles({ name: "protokol.pdf", mimeType: "application/pdf", buffer: await samplePdf("Protokół") });
  await upload.getByRole("button", { name: pl("documents.upload") }).click();
  await expect(page.getByRole("status")).toHaveText(pl("documents.uploaded"));
  await expect(page.getByRole("link", { name: /protokol\.pdf/ })).toBeVisible();
  // With its minutes attached the meeting stays.
  await page.getByRole("button", { name: pl("plans.group.removeMeeting") }).click();
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: pl("plans.group.confirmRemove.confirm") })
    .click();
  await expect(page.locator(".form-error").first()).toContainText(pl("plans.group.errors.meetingHasDocuments"));

  // Another meeting, scheduled and then removed (confirmed).
  await page.goto(groupUrl);
  const second = await open(form(page, pl("plans.group.scheduleMeeting")));
  await second.getByLabel(pl("plans.group.meetingOn"), { exact: true }).fill(addDays(today(), 40));
  await save(page, second.getByRole("button", { name: pl("plans.group.schedule") }), lng, "plans.group.scheduled");
  await confirmRemoval(page, lng, page.getByRole("button", { name: pl("plans.group.removeMeeting") }));
  await expect(page.getByRole("status")).toHaveText(pl("plans.group.meetingRemoved"));
  expect(new URL(page.url()).pathname).toBe(new URL(groupUrl).pathname);

  // An action item: no owner is refused in words; then due yesterday (late), edited, seen on the dashboard, removed.
  const item = await open(form(page, pl("plans.group.addItem")));
  await item.getByLabel(pl("plans.group.item"), { exact: true }).fill("Zamówić szkolenie z asystencji");
  await item.getByLabel(pl("plans.group.dueOn"), { exact: true }).fill(addDays(today(), -1));
  await item.getByRole("button", { name: pl("common.add") }).click();
  await expect(item).toContainText(pl("plans.group.errors.ownerRequired"));
  await item.getByLabel(pl("plans.owner"), { exact: true }).selectOption({ label: "Marek Zieliński" });
  await save(page, item.getByRole("button", { name: pl("common.add") }), lng, "plans.saved");
  const row = page.getByRole("row", { name: /Zamówić szkolenie z asystencji/ });
  await expect(row).toContainText(tr(lng, "residents.overdue"));
  const editItem = await open(form(page, pl("plans.group.editNamed", { name: "Zamówić szkolenie z asystencji" })));
  await editItem.getByLabel(pl("plans.group.item"), { exact: true }).fill("Zamówić szkolenie z asystencji osobistej");
  await editItem.getByLabel(pl("plans.group.state"), { exact: true }).selectOption("in_progress");
  await save(page, editItem.getByRole("button", { name: pl("common.save") }), lng, "plans.saved");
  await expect(page.getByRole("row", { name: /asystencji osobistej/ })).toContainText(
    pl("plans.group.itemStates.in_progress"),
  );
  await noSidewaysScroll(page);
  await expectAccessible(page);

  await page.getByRole("link", { name: PLAN_TITLE }).click();
  await page
    .getByRole("link", { name: pl("plans.dashboard.title") })
    .first()
    .click();
  const late = page.getByRole("region", { name: pl("plans.group.lateItems") });
  await expect(late).toContainText("Zamówić szkolenie z asystencji osobistej");
  await expect(late).toContainText("Marek Zieliński");

  await page.goto(groupUrl);
  await confirmRemoval(
    page,
    lng,
    page.getByRole("button", {
      name: pl("plans.group.removeNamed", { name: "Zamówić szkolenie z asystencji osobistej" }),
    }),
  );
  await expect(page.getByRole("status")).toHaveText(pl("plans.saved"));
  await expect(page.getByRole("row", { name: /asystencji osobistej/ })).toHaveCount(0);
  await page.goto(meetingUrl);
  await expect(page.getByRole("link", { name: /protokol\.pdf/ })).toBeVisible();
});

test("a consultation: comments with their answers, adoption refused in words until the report is recorded, then adopted; the PDF carries the report (Bulgarian)", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const lng = "bg" as const;
  const bg = (key: string, values?: Record<string, string>) => tr(lng, key, values);
  const t0 = today();
  await page.goto("/login");
  await signInAs(page, group.email, group.password);
  await page.goto("/plans");
  await chooseLanguage(page, lng);
  await page.getByLabel(bg("plans.planTitle")).fill("План за консултация 2027");
  await page.getByRole("button", { name: bg("plans.create") }).click();
  await expect(page.getByRole("status")).toHaveText(bg("plans.created"));
  await page.getByLabel(bg("plans.periodFrom")).fill(t0);
  await page.getByLabel(bg("plans.periodTo")).fill(addDays(t0, 365));
  // The diagnosis figures have a "save" of their own: this one is the period's form.
  await page
    .locator("form", { has: page.locator("#f-periodFrom") })
    .getByRole("button", { name: bg("common.save") })
    .click();
  await expect(page.getByRole("status")).toHaveText(bg("plans.saved"));
  const addItem = async (summary: string, fill: Record<string, string>, flash = "plans.saved") => {
    const d = await open(form(page, summary));
    for (const [label, value] of Object.entries(fill)) await d.getByLabel(label, { exact: true }).fill(value);
    await save(page, d.getByRole("button", { name: bg("common.add") }), lng, flash);
  };
  await addItem(bg("plans.addGoal"), { [bg("plans.goal")]: "Преминаване към живот в общността" });
  await addItem(bg("plans.addAction"), {
    [bg("plans.action")]: "Защитено жилище",
    [bg("plans.start")]: t0,
    [bg("plans.deadline")]: addDays(t0, 60),
    [bg("plans.budget")]: "1000",
  });
  await addItem(bg("plans.addMilestone"), {
    [bg("plans.date")]: addDays(t0, 60),
    [bg("plans.milestone")]: "Първо преместване",
    [bg("indicators.RES_MOVED")]: "1",
  });
  await page.getByRole("button", { name: bg("plans.events.START_CONSULTATION") }).click();
  await expect(page.getByRole("status")).toContainText(bg("plans.states.consultation"));

  // A comment received, about the diagnosis, not yet answered.
  const comment = await open(form(page, bg("plans.addComment")));
  await comment.getByLabel(bg("plans.receivedFrom"), { exact: true }).fill("Сдружение на родителите");
  await comment.getByLabel(bg("plans.section"), { exact: true }).selectOption("diagnosis");
  await comment.getByLabel(bg("plans.comment"), { exact: true }).fill("Липсва броят на чакащите.");
  await save(page, comment.getByRole("button", { name: bg("common.add") }), lng, "plans.commentSaved");
  const report = page.getByRole("region", { name: bg("plans.consultationReport") });
  await expect(report).toContainText(`Сдружение на родителите`);
  await expect(report).toContainText(bg("plans.sections.diagnosis"));

  // Adoption before the answer: refused, in words.
  const lifecycle = page.getByRole("region", { name: bg("plans.lifecycle") });
  const adopt = async () => {
    await lifecycle.getByLabel(bg("plans.adoptingBody")).fill("Общински съвет");
    await lifecycle.getByLabel(bg("plans.resolutionNumber")).fill("№ 123/2027");
    await lifecycle.getByRole("button", { name: bg("plans.events.ADOPT") }).click();
    const dialog = page.getByRole("alertdialog", { name: bg("confirm.ADOPT.title") });
    await dialog.getByRole("button", { name: bg("confirm.ADOPT.confirm") }).click();
    // The dialog closes once the answer (and the page's data after it) is in.
    await expect(dialog).toBeHidden();
  };
  await adopt();
  await expect(lifecycle.getByRole("alert")).toContainText(bg("plans.guards.allCommentsAnswered"));
  await expect(page.locator(".lead .state")).toHaveText(bg("plans.states.consultation"));

  // The group's answer.
  await report
    .getByRole("textbox", { name: `${bg("plans.response")}: Сдружение на родителите` })
    .fill("Допълнено: 18 души.");
  await save(page, report.getByRole("button", { name: bg("plans.answer") }), lng, "plans.commentSaved");
  await expect(report).toContainText("Допълнено: 18 души.");

  // Still no report: refused again, in words; then the report is recorded.
  await adopt();
  await expect(lifecycle.getByRole("alert")).toContainText(bg("plans.guards.consultationReportRecorded"));
  const close = await open(form(page, bg("plans.closeConsultation")));
  await close.getByLabel(bg("plans.reportSummary"), { exact: true }).fill("Едно становище, с отговор.");
  await save(page, close.getByRole("button", { name: bg("plans.recordReport") }), lng, "plans.consultationClosed");
  await expect(report).toContainText("Едно становище, с отговор.");
  await expectAccessible(page);

  await adopt();
  await expect(page.getByRole("status")).toContainText(bg("plans.states.adopted"));

  // The plan's PDF carries the consultation report.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: bg("plans.exportPdf") }).click(),
  ]);
  const text = pdfText(fs.readFileSync((await download.path())!));
  const flat = text.replace(/\s+/g, " ");
  expect(flat).toContain(bg("plans.consultationReport"));
  expect(flat).toContain("Сдружение на родителите");
  expect(flat).toContain("Допълнено: 18 души.");
});
