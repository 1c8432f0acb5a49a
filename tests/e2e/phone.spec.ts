/**
 * Every page at 390 × 844 (a phone held upright), for every demo role, in Polish and Bulgarian
 * (Bulgarian words are longer): the page must not scroll sideways. The page list is derived from
 * app/routes/ (one URL per page route, real ids read from the e2e server's demo database), so a new
 * page is swept without editing this file; resource routes (exports, templates) are not pages.
 */
import { expect, test, type Page } from "@playwright/test";
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
      institutionId: col(`select id from institutions order by id`),
      municipalityId: col(`select id from municipalities order by id`),
      unitId: col(`select min(id) from housing_units group by institution_id`),
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

for (const account of DEMO_ACCOUNTS) {
  test(`every page fits 390 px for the ${account.role} ${account.email}`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto("/login");
    await signInAs(page, account.email, [account.password, BG_WORKER_CHANGED_PASSWORD]);
    const urls = pageUrls().filter((u) => u !== "/login");
    const failures: string[] = [];
    let seen = 0;
    try {
      for (const lng of LANGUAGES) {
        await setLanguage(page, lng);
        for (const url of urls) {
          const res = await page.goto(url);
          const status = res?.status() ?? 0;
          expect(status, `${url} answered ${status}`).toBeLessThan(500);
          await expect(page.locator("html")).toHaveAttribute("lang", lng);
          if (status === 200) seen++;
          const o = await overflow(page);
          if (o) failures.push(`${lng} ${url}: ${o}`);
        }
        // The header menu opened on a phone fits as well.
        await page.goto("/dashboard");
        const menu = page.locator(".nav-menu > summary");
        await menu.click();
        await expect(page.locator(".app-header nav ul")).toBeVisible();
        const o = await overflow(page);
        if (o) failures.push(`${lng} /dashboard with the menu open: ${o}`);
      }
    } finally {
      await setLanguage(page, (account.locale ?? "en") as Lng);
    }
    expect(seen, "the role saw pages, not only refusals").toBeGreaterThan(4);
    expect(failures).toEqual([]);
  });
}
