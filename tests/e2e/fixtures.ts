import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS } from "#db/seed/demo-accounts";

const load = (lng: string) =>
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../../app/locales/${lng}.json`), "utf8")) as Record<
    string,
    unknown
  >;
export const LOCALES = { en: load("en"), pl: load("pl"), bg: load("bg") } as const;
export type Lng = keyof typeof LOCALES;

/** The text of a translation key, for assertions that hold in every language. */
export function tr(lng: Lng, key: string, values: Record<string, string> = {}): string {
  const text = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], LOCALES[lng]);
  if (typeof text !== "string") throw new Error(`no text for ${key}`);
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? "");
}

export function account(role: string, locale?: string) {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role && (!locale || x.locale === locale));
  if (!a) throw new Error(`no demo account for ${role}`);
  return a;
}

/** The Bulgarian case worker's password once security.spec has changed it (it runs before some files). */
export const BG_WORKER_CHANGED_PASSWORD = "нова-парола-2026";

/**
 * Signs in through the real sign-in action; the cookie lands in the page's context. The server is
 * `origin` when given (a test's own server), else the page's (or, on a blank page, the baseURL's).
 * With several passwords, the first that signs in (an account another test may have changed).
 */
export async function signInAs(page: Page, email: string, password: string | string[], origin?: string) {
  const here = page.url() === "about:blank" ? test.info().project.use.baseURL : page.url();
  if (!origin && !here) throw new Error("signInAs: no origin (blank page and no baseURL)");
  const base = origin ?? new URL(here!).origin;
  let status = 0;
  for (const p of Array.isArray(password) ? password : [password]) {
    const res = await page.request.post(`${base}/login`, {
      form: { email, password: p, redirectTo: "/dashboard" },
      headers: { Origin: base },
      maxRedirects: 0,
    });
    status = res.status();
    if (status === 302) break;
  }
  expect(status).toBe(302);
}

/** Presses a form's button, waits for the page's data to be read again, and for its message. */
export async function submitAndSee(page: Page, lng: Lng, button: Locator, flashKey: string) {
  const reloaded = page.waitForResponse(
    (r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith(".data"),
  );
  await button.click();
  await reloaded;
  await expect(page.getByRole("status")).toHaveText(tr(lng, flashKey));
}

/** Switches the interface language with the switcher, as a user would. */
export async function chooseLanguage(page: Page, lng: Lng) {
  // On a phone the switcher of a signed-in page is inside the header's menu: open it first.
  const menu = page.locator("details.nav-menu:not([open]) > summary");
  if (!(await page.locator("#language-select").isVisible()) && (await menu.isVisible())) await menu.click();
  await page.locator("#language-select").selectOption(lng);
  await Promise.all([page.waitForURL(/.*/), page.locator(".language-switcher button").click()]);
  await expect(page.locator("html")).toHaveAttribute("lang", lng);
}

/** No serious or critical accessibility violation on the page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/**
 * Registers a resident (Zofia `lastName`, born 1948, older person, full capacity) in an
 * institution by posting the new-resident form as the signed-in user; returns the new id.
 */
export async function postResident(page: Page, input: { institutionId: string; lastName: string; openedOn: string }) {
  const base = new URL(page.url()).origin;
  const res = await page.request.post(`${base}/residents/new`, {
    headers: { Origin: base },
    maxRedirects: 0,
    form: {
      institutionId: input.institutionId,
      firstName: "Zofia",
      lastName: input.lastName,
      sex: "female",
      dateOfBirth: "1948-05-12",
      targetGroup: "older_person",
      disability: "yes",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: "",
      supportNeeds: "",
      openedOn: input.openedOn,
    },
  });
  expect(res.status(), await res.text()).toBe(302);
  return Number(/\/residents\/(\d+)/.exec(res.headers().location ?? "")![1]);
}

const DOMAINS = Object.keys((LOCALES.en.transitions as { domains: Record<string, string> }).domains);

/** A history-import CSV of `n` residents opened and assessed in 2024 (four workflow steps each), surnames from `tag`. */
export function historyCsv(n: number, tag: string): string {
  const header = [
    "first_name;last_name;sex;date_of_birth;target_group;disability;legal_capacity;opened_on;assessment_completed_on;assessment_completed_by;support_intensity",
    ...DOMAINS.map((d) => `assessment_${d}`),
  ].join(";");
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `Osoba;${tag} ${i + 1};female;1950-01-01;older_person;no;full;2024-03-01;2024-03-20;Ewa Lis;limited;${DOMAINS.map(() => "intermittent").join(";")}`,
  );
  return [header, ...rows].join("\n") + "\n";
}
