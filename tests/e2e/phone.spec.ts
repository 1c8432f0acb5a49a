/**
 * Every page at 390 × 844 (a phone held upright), for every demo role, in Polish and Bulgarian
 * (Bulgarian words are longer): the page must not scroll sideways. The page list is derived from
 * app/routes/ (one URL per page route, real ids read from the e2e server's demo database), so a new
 * page is swept without editing this file; resource routes (exports, templates) are not pages.
 * Each role's first account sweeps both languages, the others their own (see languagesOf).
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS } from "#db/seed/demo-accounts";
import { BG_WORKER_CHANGED_PASSWORD, signInAs, type Lng } from "./fixtures";

const root = path.resolve(import.meta.dirname, "../..");
const PHONE = { width: 390, height: 844 };
const LANGUAGES: Lng[] = ["pl", "bg"];

/** "_app.residents.$residentId.visits.$visitId.tsx" → "/residents/$residentId/visits/$visitId". */
export function routePattern(file: string): string | null {
  if (!file.endsWith(".tsx")) return null; // .ts modules are resource routes (files, redirects)
  const name = file.replace(/\.tsx$/, "");
  if (name === "_app" || name === "$") return null; // the layout; the 404 splat is swept on its own
  const segments = name
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .map((s) => s.replace(/\u0000/g, "."))
    .filter((s) => !s.startsWith("_") || s === "_index")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, ""));
  return "/" + segments.join("/");
}

/** Real ids from the demo database the e2e server runs on, one or more per route parameter. */
function demoIds(): Record<string, string[]> {
  const file = path.resolve(root, process.env.E2E_DATABASE_PATH ?? "test-results/e2e/app.db");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const col = (sql: string) => (db.prepare(sql).raw().all() as unknown[][]).map((r) => String(r[0]));
    // A resident at the start, one living in the community (visits, services) and one per other institution.
    const moved = col(`select t.resident_id from transitions t join follow_up_visits v on v.transition_id = t.id
                       where t.state = 'in_community' order by t.resident_id limit 1`);
    const residents = [
      ...col(`select t.resident_id from transitions t where t.state = 'identified' order by t.resident_id limit 1`),
      ...moved,
      ...col(`select min(id) from residents group by institution_id`),
      // A closed record (its retention line and the refusal of erasure; decision 042).
      ...col(`select t.resident_id from transitions t where t.state = 'deceased' order by t.resident_id limit 1`),
    ];
    return {
      residentId: [...new Set(residents)],
      visitId: moved.length
        ? col(
            `select v.id from follow_up_visits v join transitions t on t.id = v.transition_id where t.resident_id = ${Number(moved[0])} order by v.id limit 1`,
          )
        : [],
      // The moved resident's service with the most hours entries (the hours page, decision 048).
      serviceId: moved.length
        ? col(
            `select s.id from community_services s join transitions t on t.id = s.transition_id
             where t.resident_id = ${Number(moved[0])}
             order by (select count(*) from service_deliveries d where d.service_id = s.id) desc, s.id limit 1`,
          )
        : [],
      institutionId: col(`select id from institutions order by id`),
      municipalityId: col(`select id from municipalities order by id`),
      // Every housing unit (the demo has a handful; a unit's occupants and operator vary its page).
      unitId: col(`select id from housing_units order by id`),
      staffId: col(`select min(id) from staff_members group by institution_id`),
      moduleId: col(`select id from training_modules order by id limit 1`),
      planId: col(`select id from plans order by id`),
      // The demo plan's meetings: one held (minutes), one scheduled ahead (decision 037).
      meetingId: col(`select min(id) from wg_meetings group by held order by held desc`),
      // The public summary of a published plan (none in the demo until a working group publishes one).
      token: col(`select token from plan_publications where published = 1 order by plan_id limit 1`),
      grantId: col(`select id from grants order by id limit 1`),
      periodId: col(`select id from reporting_periods order by id desc limit 1`),
      userId: col(`select id from users where email = 'pracownik@demo.local'`),
    };
  } finally {
    db.close();
  }
}

/** Every concrete URL: each pattern with each of its parameters' ids (the cartesian product). */
function pageUrls(): string[] {
  const ids = demoIds();
  const urls: string[] = [];
  for (const file of fs.readdirSync(path.join(root, "app/routes")).sort()) {
    const pattern = routePattern(file);
    if (!pattern) continue;
    let expanded = [pattern];
    for (const param of pattern.match(/\$\w+/g) ?? []) {
      const values = ids[param.slice(1)];
      if (!values) throw new Error(`no demo id for ${param} (route ${file}): add it to demoIds()`);
      expanded = expanded.flatMap((u) => values.map((v) => u.replace(param, v)));
    }
    urls.push(...expanded);
  }
  return [...urls, "/no/such/page"];
}

/**
 * Null when the page fits; otherwise names what sticks out: the widest element whose right edge
 * passes the viewport and which is not inside a box that scrolls or clips on its own.
 */
async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const doc = document.documentElement;
    if (doc.scrollWidth <= vw) return null;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== "visible") return true;
      }
      return false;
    };
    const describe = (el: Element) => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        const cls = [...e.classList]
          .slice(0, 2)
          .map((c) => `.${c}`)
          .join("");
        parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${cls}`);
      }
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 50);
      const r = el.getBoundingClientRect();
      return `${parts.join(" > ")} (${Math.round(r.width)} px wide, right edge at ${Math.round(r.right)} px) "${text}"`;
    };
    const all = [...document.body.querySelectorAll("*")].filter(
      (el) => el.getBoundingClientRect().right > vw + 0.5 && el.checkVisibility(),
    );
    // An absolutely placed element escapes the box that clips its parent (its containing block is outside).
    const escapes = (el: Element) => ["absolute", "fixed"].includes(getComputedStyle(el).position);
    const unclipped = all.filter((el) => !clipped(el));
    const offenders = (unclipped.length ? unclipped : all.filter(escapes)).sort(
      (a, b) =>
        b.getBoundingClientRect().width - a.getBoundingClientRect().width ||
        b.getBoundingClientRect().right - a.getBoundingClientRect().right,
    );
    const names = offenders.slice(0, 2).map(describe);
    return `page is ${doc.scrollWidth} px wide at ${vw} px; widest overflowing: ${names.join("; also ") || "(none found)"}`;
  });
}

async function setLanguage(page: Page, lng: Lng) {
  const res = await page.request.post("/set-language", {
    form: { locale: lng, redirectTo: "/dashboard" },
    headers: { Origin: new URL(test.info().project.use.baseURL!).origin },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
}

test.use({ viewport: PHONE });

test("the route list is derived from app/routes (it can fail)", () => {
  expect(routePattern("_app.residents.$residentId.visits.$visitId.tsx")).toBe("/residents/$residentId/visits/$visitId");
  expect(routePattern("_app.residents.history-import_.template.ts")).toBeNull();
  expect(routePattern("_app.grants.$grantId.periods.$periodId._index.tsx")).toBe("/grants/$grantId/periods/$periodId");
  expect(routePattern("_index.tsx")).toBe("/");
  const urls = pageUrls();
  expect(urls).toContain("/login");
  expect(urls).toContain("/admin/users/new");
  expect(urls.some((u) => /^\/residents\/\d+\/visits\/\d+$/.test(u))).toBe(true);
  expect(urls.some((u) => /^\/residents\/\d+\/services\/\d+$/.test(u))).toBe(true);
  // The monitoring pages (decision 033): the overview and every plan area and institution of the demo.
  expect(urls).toContain("/monitoring");
  expect(urls.filter((u) => /^\/monitoring\/municipalities\/\d+$/.test(u))).toHaveLength(3);
  expect(urls.filter((u) => /^\/monitoring\/institutions\/\d+$/.test(u))).toHaveLength(3);
  expect(urls.length).toBeGreaterThan(45);
});

test("the sign-in page and the 404 page fit a phone in pl and bg", async ({ page }) => {
  const failures: string[] = [];
  for (const lng of LANGUAGES) {
    await setLanguage(page, lng);
    for (const url of ["/login", "/no/such/page"]) {
      await page.goto(url);
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      const o = await overflow(page);
      if (o) failures.push(`${lng} ${url}: ${o}`);
    }
  }
  expect(failures).toEqual([]);
});

/**
 * What is wrong with the charts of the page open now, drawn at 390 px: a chart wider than its box
 * (it would scroll inside it), month or period labels that overlap, a legend cut off at the edge.
 */
async function chartProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    document.querySelectorAll("figure.chart").forEach((figure, i) => {
      const svg = figure.querySelector("svg.recharts-surface");
      const name = `chart ${i + 1} "${figure.getAttribute("aria-label")}"`;
      if (!svg) return void problems.push(`${name}: no SVG`);
      const box = figure.getBoundingClientRect();
      const drawn = svg.getBoundingClientRect();
      if (drawn.width > box.width + 0.5 || figure.scrollWidth > figure.clientWidth + 1)
        problems.push(`${name}: drawn ${Math.round(drawn.width)} px wide in a box of ${Math.round(box.width)} px`);
      const ticks = [...svg.querySelectorAll(".recharts-xAxis .recharts-cartesian-axis-tick text")]
        .map((t) => t.getBoundingClientRect())
        .sort((a, b) => a.left - b.left);
      if (ticks.length < 2) problems.push(`${name}: ${ticks.length} labels on its time axis`);
      for (let k = 1; k < ticks.length; k++)
        if (ticks[k]!.left < ticks[k - 1]!.right) problems.push(`${name}: axis labels ${k} and ${k + 1} overlap`);
      for (const t of svg.querySelectorAll("text")) {
        const r = t.getBoundingClientRect();
        if (r.width > 0 && (r.right > drawn.right + 1 || r.left < drawn.left - 1))
          problems.push(`${name}: "${t.textContent}" runs past the chart's edge`);
      }
    });
    return problems;
  });
}

// A menu opened while the page's scripts still load must stay open once they run: hydration is not
// a navigation (it was closed so once, and a test that opened it early failed now and then in CI).
test("the header menu opened before the page hydrates stays open after it does", async ({ page }) => {
  await page.setViewportSize(PHONE);
  const account = DEMO_ACCOUNTS.find((a) => a.role === "working_group")!;
  await page.goto("/login");
  await signInAs(page, account.email, account.password);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/build/**/*.js", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/plans", { waitUntil: "domcontentloaded" });
  await page.locator(".nav-menu > summary").click();
  await expect(page.locator(".nav-menu")).toHaveAttribute("open", "");
  release();
  await page.waitForFunction(() => !!(window as unknown as { __remixRouter?: unknown }).__remixRouter);
  await page.waitForLoadState("networkidle");
  await expect(page.locator(".nav-menu")).toHaveAttribute("open", "");
  await expect(page.locator("#language-select")).toBeVisible();
  // A navigation still closes it.
  await page.locator(".app-header nav").getByRole("link").first().click();
  await expect(page.locator(".nav-menu")).not.toHaveAttribute("open", "");
});

test("the charts are drawn at the width of a phone, their labels apart, in pl and bg", async ({ page }) => {
  test.setTimeout(120_000);
  const ids = demoIds();
  const pages: [string, string][] = [
    ["working_group", `/plans/${ids.planId![0]}/dashboard`],
    ["monitoring", `/monitoring/municipalities/${ids.municipalityId![0]}`],
    ["grant_manager", `/grants/${ids.grantId![0]}/dashboard`],
  ];
  const problems: string[] = [];
  for (const [role, url] of pages) {
    const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
    await page.context().clearCookies();
    await page.goto("/login");
    await signInAs(page, account.email, account.password);
    try {
      for (const lng of LANGUAGES) {
        await setLanguage(page, lng);
        await page.goto(url);
        await expect(page.locator("html")).toHaveAttribute("lang", lng);
        const charts = page.locator("figure.chart svg.recharts-surface");
        await expect(charts.first()).toBeVisible();
        // Drawn again at its box's width once hydrated (the server draws the full width): every chart.
        await expect
          .poll(() =>
            page.evaluate(() =>
              [...document.querySelectorAll(".chart-fit")].every(
                (box) => Number(box.querySelector("svg.recharts-surface")?.getAttribute("width")) <= box.clientWidth,
              ),
            ),
          )
          .toBe(true);
        problems.push(...(await chartProblems(page)).map((p) => `${role} ${lng} ${url}: ${p}`));
      }
    } finally {
      await setLanguage(page, (account.locale ?? "en") as Lng);
    }
  }
  expect(problems).toEqual([]);
});

/**
 * One account's sweep in its own browser context: every page in each language, then the header
 * menu opened. Returns what does not fit (or answered 5xx) instead of throwing, so that a lane
 * running beside it is not cut short.
 */
async function sweepAccount(
  browser: Browser,
  account: (typeof DEMO_ACCOUNTS)[number],
  urls: string[],
  baseURL: string,
  languages: Lng[],
): Promise<string[]> {
  const context = await browser.newContext({ viewport: PHONE, baseURL });
  const page = await context.newPage();
  const who = `${account.role} ${account.email}`;
  const failures: string[] = [];
  let seen = 0;
  try {
    await page.goto("/login");
    await signInAs(page, account.email, [account.password, BG_WORKER_CHANGED_PASSWORD]);
    // What a URL answers this account does not depend on the language: asked once.
    const statusOf = new Map<string, number>();
    for (const lng of languages) {
      await setLanguage(page, lng);
      // A refusal (403, 404) is drawn by one layout whatever the URL: the browser draws the first
      // of each kind per language, the rest are only asked for (the sweep's time goes on pages).
      const refusalsDrawn = new Set<number>();
      for (const url of urls) {
        let asked = statusOf.get(url);
        if (asked === undefined) statusOf.set(url, (asked = (await page.request.get(url)).status()));
        if (asked >= 500) {
          failures.push(`${who} ${lng} ${url}: answered ${asked}`);
          continue;
        }
        if (asked !== 200) {
          if (refusalsDrawn.has(asked)) continue;
          refusalsDrawn.add(asked);
        }
        const res = await page.goto(url);
        const status = res?.status() ?? 0;
        if (status >= 500) failures.push(`${who} ${lng} ${url}: answered ${status}`);
        const lang = await page.locator("html").getAttribute("lang");
        if (lang !== lng) failures.push(`${who} ${lng} ${url}: the page is in "${lang}"`);
        if (status === 200) seen++;
        const o = await overflow(page);
        if (o) failures.push(`${who} ${lng} ${url}: ${o}`);
      }
      // The header menu opened on a phone fits as well.
      await page.goto("/dashboard");
      await page.locator(".nav-menu > summary").click();
      await expect(page.locator(".app-header nav ul")).toBeVisible();
      const o = await overflow(page);
      if (o) failures.push(`${who} ${lng} /dashboard with the menu open: ${o}`);
    }
    if (seen <= 4 * languages.length) failures.push(`${who}: saw only ${seen} pages, the rest were refusals`);
  } catch (e) {
    failures.push(`${who}: ${(e as Error).message}`);
  } finally {
    await setLanguage(page, (account.locale ?? "en") as Lng).catch(() => {});
    await context.close();
  }
  return failures;
}

/**
 * The first account of each role sweeps both languages; the others (the same pages, their own
 * institution's data) sweep the language they work in, or both when that is neither.
 */
function languagesOf(account: (typeof DEMO_ACCOUNTS)[number]): Lng[] {
  const first = DEMO_ACCOUNTS.find((a) => a.role === account.role) === account;
  const own = account.locale as Lng | undefined;
  return first || !own || !LANGUAGES.includes(own) ? LANGUAGES : [own];
}

// The sweep waits on round trips more than it computes: two accounts at a time, each in its own
// context, cut its time. Each account has its own stored language, so no two lanes ever switch
// the same one.
test("every page fits 390 px for every demo account, in pl and bg (two accounts at a time)", async ({ browser }) => {
  test.setTimeout(900_000);
  const urls = pageUrls().filter((u) => u !== "/login");
  const baseURL = test.info().project.use.baseURL!;
  const queue = [...DEMO_ACCOUNTS];
  const failures: string[] = [];
  const lane = async () => {
    for (let a = queue.shift(); a; a = queue.shift())
      failures.push(...(await sweepAccount(browser, a, urls, baseURL, languagesOf(a))));
  };
  await Promise.all([lane(), lane()]);
  expect(failures).toEqual([]);
});
