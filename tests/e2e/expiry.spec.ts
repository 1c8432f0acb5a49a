import { expect, test, type Page } from "@playwright/test";
import { addDays, localDate } from "#app/utils/dates";
import { formatDate } from "#app/utils/format";
import { samplePdf } from "#tests/factories/documents";
import { account, BG_WORKER_CHANGED_PASSWORD, chooseLanguage, postResident, signInAs, tr } from "./fixtures";

/**
 * Decision 047 in the production build: a reservation held until a day (set while reserving in
 * Polish), its task in the header count and the list, the task opening the extend form, the
 * extension pressed; a referral uploaded with a "valid until" day in Bulgarian and its task; the
 * changed pages at 390 px without sideways scrolling.
 */
const worker = account("case_worker", "pl");
const bgWorker = account("case_worker", "bg");
const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);
const bg = (key: string, values?: Record<string, string>) => tr("bg", key, values);

/** A resident registered by the signed-in case worker (their case), in their first institution; returns id and task name. */
async function registerResident(page: Page, today: string, hint?: string) {
  await page.goto("/residents/new");
  const option = hint
    ? page.locator("#f-institutionId option", { hasText: hint }).first()
    : page.locator("#f-institutionId option:not([value=''])").first();
  const institutionId = (await option.getAttribute("value"))!;
  const lastName = `Termin${Date.now() % 100000}`;
  const id = await postResident(page, { institutionId, lastName, openedOn: today });
  return { id, taskName: `${lastName}, Zofia` };
}

async function taskCount(page: Page, lng: "pl" | "bg") {
  const nav = page.getByRole("navigation", { name: tr(lng, "nav.label") });
  const link = nav.getByRole("link", { name: new RegExp(`^${tr(lng, "nav.tasks")}`) });
  return Number(await link.locator(".nav-count [aria-hidden]").innerText());
}

/**
 * The page does not scroll sideways at the phone's width (tables scroll inside their own box);
 * when it does, the message names what sticks out of the main area.
 */
async function expectMainFits(page: Page) {
  const over = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelector("main")!.querySelectorAll<HTMLElement>("*")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest(".table-scroll, .statechart"))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? "").trim().slice(0, 40)}"`);
  });
  expect(over, `${page.url()}: wider than the phone`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

test("a reservation held until a day: set while reserving, its task counted and listed, extended from the task", async ({
  page,
}) => {
  const today = localDate(new Date(), "Europe/Warsaw");
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/dashboard");
  await chooseLanguage(page, "pl");
  const r = await registerResident(page, today, "Kombatant");
  const before = await taskCount(page, "pl");

  await page.goto(`/residents/${r.id}/placement`);
  const unit = page.locator("#f-housingUnitId option:not([disabled]):not([value=''])").first();
  await page.locator("#f-housingUnitId").selectOption((await unit.getAttribute("value"))!);
  // Refused in words first: held until the day before the reservation.
  await page.getByLabel(pl("transitions.placement.expiresOn")).fill(addDays(today, -1));
  await page.getByRole("button", { name: pl("transitions.placement.reserve") }).click();
  await expect(page.locator(".error-summary, .form-error").first()).toContainText(
    pl("transitions.errors.expiryBeforeReservation", {
      on: formatDate(addDays(today, -1), "pl"),
      earlier: formatDate(today, "pl"),
    }),
  );
  const heldUntil = addDays(today, 3);
  await page.getByLabel(pl("transitions.placement.expiresOn")).fill(heldUntil);
  await page.getByRole("button", { name: pl("transitions.placement.reserve") }).click();
  await expect(page).toHaveURL(new RegExp(`/residents/${r.id}$`));
  await expect(page.locator("#place-title").locator("..")).toContainText(
    pl("transitions.placement.heldUntil", { date: formatDate(heldUntil, "pl") }),
  );

  // The header counts the new task; the list has it with its due date.
  await expect.poll(() => taskCount(page, "pl")).toBe(before + 1);
  await page.goto("/tasks");
  const task = page.locator(".task", { hasText: pl("tasks.kinds.reservation_expiry", { name: r.taskName }) });
  await expect(task).toHaveCount(1);
  await expect(task.locator(".task-due")).toContainText(pl("tasks.due", { date: formatDate(heldUntil, "pl") }));
  await expect(page.locator(".task")).toHaveCount(before + 1);
  await task.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/residents/${r.id}#reservation-expiry$`));

  // Extended by a month: the task leaves the list and the count.
  const form = page.locator("#reservation-expiry");
  const extended = addDays(today, 30);
  await form.getByLabel(pl("transitions.placement.expiresOn")).fill(extended);
  await form.getByRole("button", { name: pl("transitions.placement.saveExpiry") }).click();
  await expect(page.getByText(pl("transitions.placement.expirySavedFlash"))).toBeVisible();
  await expect(page.locator("#place-title").locator("..")).toContainText(
    pl("transitions.placement.heldUntil", { date: formatDate(extended, "pl") }),
  );
  await expect.poll(() => taskCount(page, "pl")).toBe(before);

  // At 390 px: the resident page, the placement page, the tasks and the housing unit's page fit.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of [`/residents/${r.id}`, `/residents/${r.id}/placement`, "/tasks"]) {
    await page.goto(url);
    await expectMainFits(page);
  }
  // The housing unit's page (the list of units is not this change's; it is only the way there).
  await page.goto("/housing");
  await page.locator("main a[href^='/housing/']:not([href='/housing/new'])").first().click();
  await expect(page).toHaveURL(/\/housing\/\d+$/);
  await expectMainFits(page);
});

test("a referral decision valid until a day, uploaded in Bulgarian, makes its task", async ({ page }) => {
  const today = localDate(new Date(), "Europe/Sofia");
  await page.goto("/login");
  await signInAs(page, bgWorker.email, [bgWorker.password, BG_WORKER_CHANGED_PASSWORD]);
  await page.goto("/dashboard");
  await chooseLanguage(page, "bg");
  const r = await registerResident(page, today);
  const before = await taskCount(page, "bg");

  await page.goto(`/residents/${r.id}/documents`);
  const form = page.locator("#upload form");
  await form.getByLabel(bg("documents.kind")).selectOption("referral_decision");
  const validUntil = addDays(today, 10);
  await form.getByLabel(bg("documents.validUntil")).fill(validUntil);
  await form.getByLabel(bg("documents.file")).setInputFiles({
    name: "направление.pdf",
    mimeType: "application/pdf",
    buffer: await samplePdf("Направление"),
  });
  await form.getByRole("button", { name: bg("documents.upload") }).click();
  await expect(page.getByText(bg("documents.uploaded"))).toBeVisible();
  await expect(page.locator("#list-title").locator("..")).toContainText(
    bg("documents.validUntilOn", { date: formatDate(validUntil, "bg") }),
  );

  await expect.poll(() => taskCount(page, "bg")).toBe(before + 1);
  await page.goto("/tasks");
  const task = page.locator(".task", { hasText: bg("tasks.kinds.referral_expiry", { name: r.taskName }) });
  await expect(task).toHaveCount(1);
  await task.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/residents/${r.id}/documents#upload$`));

  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of [`/residents/${r.id}/documents`, `/residents/${r.id}`, "/tasks"]) {
    await page.goto(url);
    await expectMainFits(page);
  }
});
