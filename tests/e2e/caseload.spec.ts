import { expect, test, type Browser, type Page } from "@playwright/test";
import { addDays, localDate } from "#app/utils/dates";
import { formatDate } from "#app/utils/format";
import {
  account,
  BG_WORKER_CHANGED_PASSWORD,
  chooseLanguage,
  expectAccessible,
  postResident,
  signInAs,
  tr,
  type Lng,
} from "./fixtures";

/**
 * Issue #15 items 1–3 in the production build: key workers (take, hand over, a supervisor's
 * reassignment and its refusal in words), the task list and its header count, case notes
 * (add, a refused date, a correction keeping the earlier text) — in Polish and Bulgarian, at
 * desktop width and 390 px.
 */
const admin = account("admin");
const worker = account("case_worker", "pl");
const second = { email: "pracownik2@demo.local", password: "demo-praca2-2026", name: "Piotr Kamiński" };
const bgWorker = account("case_worker", "bg");
const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);
const bg = (key: string, values?: Record<string, string>) => tr("bg", key, values);
const today = localDate(new Date(), "Europe/Warsaw");

let seq = 0;
/** A resident of the Zielona Góra DPS registered by the administrator: nobody's case yet. */
async function unassignedResident(browser: Browser): Promise<{ id: number; name: string }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  await page.goto("/residents/new");
  const institutionId = await page
    .locator("#f-institutionId option", { hasText: "Kombatant" })
    .first()
    .getAttribute("value");
  const lastName = `Nowak${(Date.now() % 10000) + 100 * ++seq}`;
  const id = await postResident(page, { institutionId: institutionId!, lastName, openedOn: today });
  await ctx.close();
  return { id, name: `Zofia ${lastName}` };
}

/** Nothing inside the page's main area is wider than the window (the header is issue #15 item 6's). */
async function expectMainFits(page: Page) {
  const over = await page.evaluate(() => {
    const main = document.querySelector("main")!;
    const width = document.documentElement.clientWidth;
    return [...main.querySelectorAll<HTMLElement>("*")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest(".table-scroll, .statechart"))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
      .slice(0, 5);
  });
  expect(over).toEqual([]);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/caseload-${name}.png`, fullPage: true });
}

test("key workers: a case worker takes a case and hands it over; a supervisor's reassignment to a worker without the institution is refused in words", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const r = await unassignedResident(browser);
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/caseload");
  await chooseLanguage(page, "pl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(pl("caseload.title"));
  const unassigned = page.locator("section", {
    has: page.getByRole("heading", { name: pl("caseload.unassignedCases") }),
  });
  await expect(unassigned.getByRole("link", { name: r.name.split(" ").reverse().join(", ") })).toBeVisible();
  await expectAccessible(page);
  // Take it on.
  await unassigned
    .getByRole("button", { name: pl("caseload.takeCase", { name: r.name.split(" ").reverse().join(", ") }) })
    .click();
  await expect(page.getByRole("status")).toHaveText(
    pl("caseload.assignedFlash", { worker: worker.name, resident: r.name }),
  );
  const mine = page.locator("section", { has: page.getByRole("heading", { name: pl("caseload.mine") }) });
  await expect(mine.getByRole("link", { name: r.name.split(" ").reverse().join(", ") })).toBeVisible();

  // Hand it over to Piotr from the resident's page.
  await page.goto(`/residents/${r.id}`);
  await expect(page.locator(".key-worker")).toContainText(`${pl("caseload.keyWorker")}: ${worker.name}`);
  await page
    .locator(".key-worker")
    .getByRole("link", { name: pl("caseload.transfer") })
    .click();
  await expect(page).toHaveURL(new RegExp(`/residents/${r.id}/key-worker$`));
  // Nothing chosen: said in words, nothing changed.
  await page.getByRole("button", { name: pl("caseload.transfer") }).click();
  await expect(page.getByText(pl("validation.required"))).toBeVisible();
  await page.getByLabel(pl("caseload.transferTo")).selectOption({ label: second.name });
  await expectAccessible(page);
  await page.getByRole("button", { name: pl("caseload.transfer") }).click();
  await expect(page.getByRole("status")).toHaveText(
    pl("caseload.assignedFlash", { worker: second.name, resident: r.name }),
  );
  await expect(page.locator(".key-worker")).toContainText(second.name);
  await expect(page.locator(".timeline")).toContainText(
    pl("transitions.history.facts.transition.key_worker_assigned", { from: worker.name, to: second.name }),
  );
  // The case is Piotr's now: Katarzyna may no longer hand it over.
  await expect(page.locator(".key-worker").getByRole("link")).toHaveCount(0);

  // The administrator supervises: Piotr's caseload, reassigned.
  const supCtx = await browser.newContext();
  const sup = await supCtx.newPage();
  await sup.goto("/login");
  await signInAs(sup, admin.email, admin.password);
  await sup.goto("/caseload");
  await chooseLanguage(sup, "pl");
  await expect(sup.getByRole("heading", { level: 1 })).toHaveText(pl("caseload.supervisorTitle"));
  await sup.getByRole("link", { name: second.name }).click();
  await expect(sup.getByRole("heading", { name: pl("caseload.casesOf", { worker: second.name }) })).toBeVisible();
  const box = sup.getByRole("checkbox", {
    name: pl("caseload.selectCase", { name: r.name.split(" ").reverse().join(", ") }),
  });
  await box.check();
  // To the Bulgarian case worker, who does not hold the Polish DPS: refused in words, nothing written.
  await sup.getByLabel(pl("caseload.reassignTo")).selectOption({ label: bgWorker.name });
  await sup.getByRole("button", { name: pl("caseload.reassign") }).click();
  await expect(sup.getByRole("alert")).toContainText(`${bgWorker.name} nie ma dostępu do`);
  await expect(sup.getByRole("alert")).toContainText(r.name);
  await shot(sup, "reassign-refused-pl");
  await sup.goto(sup.url());
  await expect(
    sup.getByRole("checkbox", { name: pl("caseload.selectCase", { name: r.name.split(" ").reverse().join(", ") }) }),
  ).toBeVisible();
  // To Katarzyna: done.
  await sup
    .getByRole("checkbox", { name: pl("caseload.selectCase", { name: r.name.split(" ").reverse().join(", ") }) })
    .check();
  await sup.getByLabel(pl("caseload.reassignTo")).selectOption({ label: worker.name });
  await sup.getByRole("button", { name: pl("caseload.reassign") }).click();
  await expect(sup.getByRole("status")).toHaveText(
    tr("pl", "caseload.reassignedFlash_one", { count: "1", worker: worker.name }),
  );
  await expect(
    sup.getByRole("checkbox", { name: pl("caseload.selectCase", { name: r.name.split(" ").reverse().join(", ") }) }),
  ).toHaveCount(0);
  await expectAccessible(sup);
  await supCtx.close();
  await page.goto(`/residents/${r.id}`);
  await expect(page.locator(".key-worker")).toContainText(worker.name);
});

test("tasks: the header counts them, the list gives due dates, opening one goes to the form that completes it", async ({
  page,
}) => {
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/dashboard");
  await chooseLanguage(page, "pl");
  const nav = page.getByRole("navigation", { name: pl("nav.label") });
  const link = nav.getByRole("link", { name: new RegExp(`^${pl("nav.tasks")}`) });
  const count = Number(await link.locator(".nav-count [aria-hidden]").innerText());
  expect(count).toBeGreaterThan(0);
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${pl("tasks.title")} (${count})`);
  await expect(page.locator(".task")).toHaveCount(count);
  await expectAccessible(page);
  // The demo's assessments started in 2022–2023 are long overdue.
  const task = page
    .locator(".task.overdue", { hasText: pl("tasks.kinds.assessment", { name: "" }).replace(/:\s*$/, "") })
    .first();
  await expect(task.locator(".badge")).toHaveText(pl("residents.overdue"));
  await task.getByRole("link").click();
  await expect(page).toHaveURL(/\/residents\/\d+\/assessment$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(pl("transitions.assessment.title"));

  // In Bulgarian, at 390 px.
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/tasks");
  await chooseLanguage(page, "bg");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${bg("tasks.title")} (${count})`);
  await expectMainFits(page);
  await shot(page, "tasks-bg-390");
  await page.goto("/caseload");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(bg("caseload.title"));
  await expectMainFits(page);
  await shot(page, "mine-bg-390");
});

test("case notes: added with the day it happened (not after today), corrected with the earlier text kept; another institution's worker sees none", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const r = await unassignedResident(browser);
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto(`/residents/${r.id}`);
  await chooseLanguage(page, "bg");
  const panel = page.locator("section", { has: page.getByRole("heading", { name: bg("notes.title") }) });
  await expect(panel).toContainText(bg("notes.none"));
  // A day after today: refused in words, nothing written.
  await panel.getByText(bg("notes.add")).click();
  const tomorrow = addDays(today, 1);
  await panel.getByLabel(bg("notes.occurredOn")).fill(tomorrow);
  await panel.getByLabel(bg("notes.body")).fill("Посещение у дома: иска да живее близо до сестра си.");
  await panel.getByRole("button", { name: bg("notes.save") }).click();
  await expect(page).toHaveURL(new RegExp(`/residents/${r.id}/notes$`));
  await expect(page.getByRole("alert")).toHaveText(
    bg("notes.errors.inFuture", { on: formatDate(tomorrow, "bg"), today: formatDate(today, "bg") }),
  );
  await expect(page.getByText(bg("notes.none"))).toBeVisible();
  // The typed text is kept; the right day, and it is saved.
  await expect(page.getByLabel(bg("notes.body"))).toHaveValue("Посещение у дома: иска да живее близо до сестра си.");
  await page.getByLabel(bg("notes.occurredOn")).fill(today);
  await page.getByRole("button", { name: bg("notes.save") }).click();
  await expect(page.getByRole("status")).toHaveText(bg("notes.addedFlash"));
  await expect(page).toHaveURL(new RegExp(`/residents/${r.id}$`));
  await expect(panel).toContainText("иска да живее близо до сестра си");
  await expect(page.locator(".timeline .note-entry")).toContainText(bg("notes.entry"));

  // Corrected: the new text is shown, the earlier one stays readable with the reason.
  await panel.getByText(bg("notes.correct")).click();
  await panel.getByLabel(bg("notes.correctedText")).fill("Посещение у дома: иска да живее близо до брат си.");
  await panel.getByLabel(bg("notes.reason")).fill("Сбърках роднината.");
  await panel.getByRole("button", { name: bg("notes.saveCorrection") }).click();
  await expect(page.getByRole("status")).toHaveText(bg("notes.correctedFlash"));
  await expect(panel.locator(".note-item > .prewrap")).toHaveText("Посещение у дома: иска да живее близо до брат си.");
  await expect(panel.locator(".badge")).toHaveText(bg("notes.correctedBadge"));
  await panel.getByText(tr("bg", "notes.earlier_one", { count: "1" })).click();
  await expect(panel.locator(".note-earlier")).toContainText("иска да живее близо до сестра си");
  await expect(panel.locator(".note-earlier")).toContainText(
    bg("notes.correctedBecause", { reason: "Сбърках роднината." }),
  );
  await expectAccessible(page);

  // At 390 px, in Polish: the panel and the key-worker line fit.
  await page.setViewportSize({ width: 390, height: 800 });
  await chooseLanguage(page, "pl");
  await expect(page.getByRole("heading", { name: pl("notes.title") })).toBeVisible();
  await expect(page.locator(".notes .note-item > .prewrap")).toBeVisible();
  await expectMainFits(page);
  await shot(page, "resident-notes-pl-390");
  await page
    .locator("section", { has: page.getByRole("heading", { name: pl("notes.title") }) })
    .screenshot({ path: "test-results/screenshots/caseload-notes-panel-pl-390.png" });
  await page.locator(".timeline").screenshot({ path: "test-results/screenshots/caseload-timeline-pl-390.png" });

  // A colleague may read it but not correct it; the Bulgarian worker (another institution) gets "not found".
  const colleagueCtx = await browser.newContext();
  const colleague = await colleagueCtx.newPage();
  await colleague.goto("/login");
  await signInAs(colleague, second.email, second.password);
  await colleague.goto(`/residents/${r.id}/notes`);
  await expect(colleague.locator(".note-item")).toContainText("брат си");
  await expect(colleague.getByText(tr("pl", "notes.correct"))).toHaveCount(0);
  await colleagueCtx.close();
  const strangerCtx = await browser.newContext();
  const stranger = await strangerCtx.newPage();
  await stranger.goto("/login");
  await signInAs(stranger, bgWorker.email, [bgWorker.password, BG_WORKER_CHANGED_PASSWORD]);
  const res = await stranger.goto(`/residents/${r.id}/notes`);
  expect(res?.status()).toBe(404);
  await expect(stranger.locator("body")).not.toContainText("брат си");
  await strangerCtx.close();
});

for (const lng of ["pl", "bg"] as Lng[]) {
  test(`the key-worker page and the caseload read well at 390 px in ${lng}`, async ({ page, browser }) => {
    const r = await unassignedResident(browser);
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto("/login");
    await signInAs(page, worker.email, worker.password);
    await page.goto(`/residents/${r.id}/key-worker`);
    await chooseLanguage(page, lng);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(tr(lng, "caseload.keyWorkerTitle"));
    await expectMainFits(page);
    await shot(page, `key-worker-${lng}-390`);
    await page.goto("/caseload");
    await expectMainFits(page);
    await shot(page, `caseload-${lng}-390`);
  });
}
