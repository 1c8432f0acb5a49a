import { expect, test, type Page } from "@playwright/test";
import { firstLoadScripts, scriptContents } from "../../scripts/lib/first-load";
import { account, chooseLanguage, signInAs, tr } from "./fixtures";

/**
 * Decision 049: what the cuts took off a first load stays off (read from this production build's
 * metafile, not timed), and the pages they touched hydrate without an error or a mismatch warning
 * in every language.
 */

/** The packages and source modules in the scripts the page's HTML loads. */
async function firstLoadModules(page: Page, path: string): Promise<Set<string>> {
  const res = await page.request.get(path);
  expect(res.status(), path).toBe(200);
  const names = new Set<string>();
  for (const url of firstLoadScripts(await res.text())) for (const c of scriptContents(url)) names.add(c.name);
  expect(names.has("react-dom"), `${path}: the metafile names the scripts' contents`).toBe(true);
  return names;
}

/** Console errors and warnings, and uncaught errors (React reports a hydration mismatch so). */
function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/** Opens a page and waits until it has hydrated (its scripts ran and the network is quiet). */
async function openHydrated(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(200);
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !!(window as unknown as { __remixRouter?: unknown }).__remixRouter);
}

async function firstLink(page: Page, from: string, pattern: RegExp): Promise<string> {
  await page.goto(from);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link like ${pattern} on ${from}`).toBeTruthy();
  return href!;
}

test("a case worker's pages: no xstate, react-hook-form only with a form, hydration without a warning", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const cw = account("case_worker", "pl");
  const problems = collectProblems(page);
  await page.goto("/login");
  await signInAs(page, cw.email, cw.password);
  const resident = await firstLink(page, "/residents", /^\/residents\/\d+$/);
  const plan = await firstLink(page, "/plans", /^\/plans\/\d+$/);

  for (const path of ["/residents", plan]) {
    expect((await firstLoadModules(page, path)).has("xstate"), `${path} loads xstate`).toBe(false);
  }
  for (const path of ["/caseload", `${resident}/key-worker`, `${plan}/publication`]) {
    expect((await firstLoadModules(page, path)).has("react-hook-form"), `${path} loads react-hook-form`).toBe(false);
  }
  // A page with a form of its own still has it (the check can fail).
  expect((await firstLoadModules(page, "/account/password")).has("react-hook-form")).toBe(true);

  for (const path of ["/residents", resident, `${resident}/key-worker`, "/caseload", plan, `${plan}/publication`]) {
    await openHydrated(page, path);
  }
  // The plan page's lifecycle comes from the loader (the machine stays on the server): the
  // working group is offered the demo plan's next step, in Polish.
  const wg = account("working_group");
  await signInAs(page, wg.email, wg.password);
  // The account keeps the language an earlier test chose (the plan tests switch it to Bulgarian).
  await chooseLanguage(page, "pl");
  await openHydrated(page, await firstLink(page, "/plans", /^\/plans\/\d+$/));
  await expect(page.locator("#lifecycle-title")).toHaveText(tr("pl", "plans.lifecycle"));
  await expect(page.locator('section[aria-labelledby="lifecycle-title"] form').first()).toBeVisible();
  expect(problems).toEqual([]);
});

test("the three languages switch and hydrate without a warning; the grant and retention pages too", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const problems = collectProblems(page);
  const admin = account("admin");
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  await openHydrated(page, "/dashboard");
  for (const lng of ["bg", "pl", "en"] as const) {
    await chooseLanguage(page, lng);
    await page.waitForLoadState("networkidle");
    await expect(page.locator("main h1")).toHaveText(tr(lng, "dashboard.title", { name: admin.name }));
  }
  expect((await firstLoadModules(page, "/admin/retention")).has("react-hook-form")).toBe(false);
  await openHydrated(page, "/admin/retention");

  const gm = account("grant_manager", "pl");
  await signInAs(page, gm.email, gm.password);
  const grant = await firstLink(page, "/grants", /^\/grants\/\d+$/);
  expect((await firstLoadModules(page, grant)).has("react-hook-form")).toBe(false);
  await openHydrated(page, grant);
  expect(problems).toEqual([]);
});
