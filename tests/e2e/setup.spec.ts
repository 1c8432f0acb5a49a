/**
 * An installation without demo data, built from `npm run admin:create` alone (issue #14 item 1):
 * the first administrator sets up a plan area and an institution in the app, in Polish, then a
 * Bulgarian one and its case worker in Bulgarian; the case worker signs in and registers a
 * resident there. The test starts its own production server on an empty database (DEMO_MODE=false).
 */
import { expect, test, type Page } from "@playwright/test";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, startServerOnFreePort, tempDir, type Server } from "#tests/support/server";
import { chooseLanguage, expectAccessible, signInAs, tr, type Lng } from "./fixtures";

const ADMIN = { email: "anna.nowak@setup.test", name: "Anna Nowak", password: "first administrator 2026" };
const WORKER = { email: "maria.ivanova@setup.test", name: "Мария Иванова", password: "social worker 2026 tutrakan" };
const PL_DPS = "Dom Pomocy Społecznej w Wieliczce";
const BG_HOME = "Дом за стари хора „Милосърдие“ – Тутракан";

let server: Server | undefined;
let dir: string | undefined;
test.afterEach(async ({}, testInfo) => {
  if (server && testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach("server stderr", { body: server.stderr() || "(empty)" });
  await server?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The page at both widths the app is used at (a phone of 390 px, a desktop), for looking at. */
async function shoot(page: Page, name: string) {
  const desktop = page.viewportSize()!;
  await page.screenshot({ path: `test-results/screenshots/setup-${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `test-results/screenshots/setup-${name}-390.png`, fullPage: true });
  await page.setViewportSize(desktop);
}

const flash = (page: Page, lng: Lng, key: string) => expect(page.getByRole("status")).toHaveText(tr(lng, key));

test("a working install from admin:create alone: plan areas, institutions, a case worker and a resident, in Polish and Bulgarian", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  dir = tempDir("di-setup-");
  const file = path.join(dir, "app.db");

  // 1. The first administrator, from the command line, on an empty database (migrated by the command).
  const created = spawnSync(
    "npm",
    ["run", "--silent", "admin:create", "--", "--email", ADMIN.email, "--name", ADMIN.name],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        NODE_ENV: "production",
        DEMO_MODE: "false",
        DATABASE_PATH: file,
        SESSION_SECRET: "setup-e2e-secret-setup-e2e-secret-0123456789",
        ADMIN_PASSWORD: ADMIN.password,
      },
    },
  );
  expect(created.status, created.stderr).toBe(0);
  expect(created.stdout).toContain(`Administrator ${ADMIN.email} created`);

  // 2. The production server on that file, on a port of its own (3210-3219); `localhost`, whose
  //    Secure cookies the browser keeps over plain HTTP.
  server = await startServerOnFreePort(file, [], 3210, 3219);
  const origin = `http://localhost:${server.port}`;
  const at = (p: string) => `${origin}${p}`;

  // 3. The administrator signs in with the form, as a person would.
  await page.goto(at("/login"));
  await page.getByLabel(tr("en", "auth.email")).fill(ADMIN.email);
  await page.getByLabel(tr("en", "auth.password"), { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: tr("en", "auth.submit") }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // An empty install: the institutions page says what to do first, in Polish.
  await chooseLanguage(page, "pl");
  await page.getByRole("link", { name: tr("pl", "nav.institutions") }).click();
  await expect(page.getByText(tr("pl", "institutions.none"))).toBeVisible();
  await expect(page.getByText(tr("pl", "municipalities.none"))).toBeVisible();
  await expectAccessible(page);

  // 4. A plan area: the empty form is refused field by field, then accepted.
  await page.getByRole("link", { name: tr("pl", "municipalities.new") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(tr("pl", "municipalities.new"));
  await expectAccessible(page);
  await page.getByRole("button", { name: tr("pl", "municipalities.create") }).click();
  await expect(page.locator("#f-name-error")).toHaveText(tr("pl", "validation.required"));
  await expect(page.locator("#f-country-error")).toHaveText(tr("pl", "validation.invalidChoice"));
  await expectAccessible(page);
  await page.getByLabel(tr("pl", "municipalities.country")).selectOption("PL");
  await expect(page.getByLabel(tr("pl", "municipalities.kind")).locator("option")).toHaveText([
    tr("pl", "municipalities.kinds.gmina"),
    tr("pl", "municipalities.kinds.powiat"),
  ]);
  await page.getByLabel(tr("pl", "municipalities.name")).fill("Gmina Wieliczka");
  await page.getByLabel(tr("pl", "municipalities.kind")).selectOption("gmina");
  await page.getByLabel(tr("pl", "municipalities.region")).fill("małopolskie");
  await page.getByRole("button", { name: tr("pl", "municipalities.create") }).click();
  await flash(page, "pl", "municipalities.created");
  await expect(page.getByRole("link", { name: "Gmina Wieliczka" })).toBeVisible();

  // 5. An institution in it: with plan areas of one country, that country, its zone and the only
  //    plan area are chosen already; a negative number of places is refused.
  await page.getByRole("link", { name: tr("pl", "institutions.new") }).click();
  await expectAccessible(page);
  await expect(page.getByLabel(tr("pl", "institutions.country"))).toHaveValue("PL");
  await expect(page.getByLabel(tr("pl", "institutions.timeZone"))).toHaveValue("Europe/Warsaw");
  await expect(page.getByLabel(tr("pl", "institutions.municipality"))).toHaveValue(/\d+/);
  await page.getByLabel(tr("pl", "institutions.name"), { exact: true }).fill(PL_DPS);
  await page.getByLabel(tr("pl", "institutions.address")).fill("ul. Szpitalna 1, 32-020 Wieliczka");
  await page.getByLabel(tr("pl", "institutions.places")).fill("-5");
  await page.getByRole("button", { name: tr("pl", "institutions.create") }).click();
  await expect(page.locator("#f-places-error")).toHaveText(tr("pl", "validation.wholeNumberOrZero"));
  await expect(page.getByLabel(tr("pl", "institutions.name"), { exact: true })).toHaveValue(PL_DPS);
  await page.getByLabel(tr("pl", "institutions.places")).fill("120");
  await page.getByRole("button", { name: tr("pl", "institutions.create") }).click();
  await flash(page, "pl", "institutions.created");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PL_DPS);
  await expect(page.locator(".facts")).toContainText("120");
  await expectAccessible(page);
  const dpsUrl = page.url();

  // 6. Two tabs edit it at once: the first save wins; the second is told, and sees the saved state.
  const stale = await page.context().newPage();
  await stale.goto(dpsUrl);
  await page.getByLabel(tr("pl", "institutions.places")).fill("118");
  await page.getByRole("button", { name: tr("pl", "common.save") }).click();
  await flash(page, "pl", "institutions.updated");
  await expect(page.locator(".facts")).toContainText("118");
  await stale.getByLabel(tr("pl", "institutions.address")).fill("ul. Szpitalna 3, 32-020 Wieliczka");
  await stale.getByRole("button", { name: tr("pl", "common.save") }).click();
  await expect(stale.getByRole("alert")).toHaveText(tr("pl", "errors.conflict"));
  await expect(stale.locator(".facts")).toContainText("118");
  await expect(stale.locator(".facts")).toContainText("ul. Szpitalna 1, 32-020 Wieliczka");
  await expect(stale.getByLabel(tr("pl", "institutions.address"))).toHaveValue("ul. Szpitalna 3, 32-020 Wieliczka");
  await expectAccessible(stale);
  await stale.close();

  // 7. In Bulgarian: a Bulgarian plan area and a home in it. Choosing Bulgaria offers only its
  //    plan areas and its time zone.
  await chooseLanguage(page, "bg");
  await page.goto(at("/municipalities/new"));
  await page.getByLabel(tr("bg", "municipalities.country")).selectOption("BG");
  await expect(page.getByLabel(tr("bg", "municipalities.kind")).locator("option")).toHaveText([
    tr("bg", "municipalities.kinds.obshtina"),
    tr("bg", "municipalities.kinds.oblast"),
  ]);
  await page.getByLabel(tr("bg", "municipalities.name")).fill("Община Тутракан");
  await page.getByLabel(tr("bg", "municipalities.region")).fill("Силистра");
  await page.getByRole("button", { name: tr("bg", "municipalities.create") }).click();
  await flash(page, "bg", "municipalities.created");

  await page.getByRole("link", { name: tr("bg", "institutions.new") }).click();
  await expect(page.getByLabel(tr("bg", "institutions.country"))).toHaveValue("");
  await page.getByLabel(tr("bg", "institutions.country")).selectOption("BG");
  await expect(page.getByLabel(tr("bg", "institutions.timeZone"))).toHaveValue("Europe/Sofia");
  await expect(page.getByLabel(tr("bg", "institutions.timeZone")).locator("option")).toHaveText(["Europe/Sofia"]);
  await expect(page.getByLabel(tr("bg", "institutions.municipality")).locator("option")).toHaveText([
    tr("bg", "institutions.chooseMunicipality"),
    "Община Тутракан",
  ]);
  await page.getByLabel(tr("bg", "institutions.municipality")).selectOption({ label: "Община Тутракан" });
  await page.getByLabel(tr("bg", "institutions.name"), { exact: true }).fill(BG_HOME);
  await page.getByLabel(tr("bg", "institutions.places")).fill("45");
  await expectAccessible(page);
  await page.getByRole("button", { name: tr("bg", "institutions.create") }).click();
  await flash(page, "bg", "institutions.created");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(BG_HOME);

  // 8. Its case worker, granted that home (the users form lists the new institutions).
  await page.getByRole("link", { name: tr("bg", "nav.users") }).click();
  await page.getByRole("link", { name: tr("bg", "users.new") }).click();
  await page.getByLabel(tr("bg", "users.email")).fill(WORKER.email);
  await page.getByLabel(tr("bg", "users.name"), { exact: true }).fill(WORKER.name);
  await page.getByLabel(tr("bg", "users.role")).selectOption("case_worker");
  await expect(page.getByLabel(PL_DPS)).toBeVisible();
  await page.getByLabel(BG_HOME).check();
  await page.getByLabel(tr("bg", "users.initialPassword")).fill(WORKER.password);
  await page.getByRole("button", { name: tr("bg", "users.create") }).click();
  await flash(page, "bg", "users.created");

  // 9. The case worker signs in (their own browser), sees only that home, and registers a resident.
  const other = await browser.newContext();
  const cw = await other.newPage();
  await signInAs(cw, WORKER.email, WORKER.password, origin);
  await cw.goto(at("/dashboard"));
  await chooseLanguage(cw, "bg");
  await cw.goto(at("/institutions"));
  await expect(cw.getByRole("row")).toHaveCount(2); // header + the granted home
  await expect(cw.getByRole("link", { name: BG_HOME })).toBeVisible();
  await expect(cw.getByRole("link", { name: tr("bg", "institutions.new") })).toHaveCount(0);
  expect((await cw.goto(at("/institutions/new")))?.status()).toBe(403);
  await cw.goto(at("/residents/new"));
  await expect(cw.getByLabel(tr("bg", "residents.institution"), { exact: true })).toHaveValue(/\d+/);
  await expect(cw.getByLabel(tr("bg", "residents.institution"), { exact: true }).locator("option")).toHaveText([
    BG_HOME,
  ]);
  await cw.getByLabel(tr("bg", "residents.firstName"), { exact: true }).fill("Стоянка");
  await cw.getByLabel(tr("bg", "residents.lastName"), { exact: true }).fill("Петрова");
  await cw.getByRole("button", { name: tr("bg", "residents.create") }).click();
  await flash(cw, "bg", "residents.created");
  await expect(cw).toHaveURL(/\/residents\/\d+$/);
  await expect(cw.getByRole("heading", { level: 1 })).toContainText("Петрова");
  await other.close();

  // 10. The set-up is in the audit log, with its actor.
  await page.goto(at("/admin/audit"));
  for (const action of ["municipality.created", "institution.created", "institution.updated", "user.created"]) {
    // Shown by its label (decision 044), in the log's table.
    await expect(
      page
        .locator("table.audit tbody")
        .getByText(tr("bg", `audit.actions.${action}`), { exact: true })
        .first(),
    ).toBeVisible();
  }

  // 11. The new pages in both languages, at both widths (test-results/screenshots/setup-*).
  const ids = {
    dps: new URL(dpsUrl).pathname,
    muni: await page
      .goto(at("/institutions"))
      .then(() => page.getByRole("link", { name: "Gmina Wieliczka" }).getAttribute("href")),
  };
  for (const lng of ["pl", "bg"] as const) {
    await chooseLanguage(page, lng);
    for (const [name, p] of [
      ["institutions", "/institutions"],
      ["institution-new", "/institutions/new"],
      ["institution", ids.dps],
      ["municipality-new", "/municipalities/new"],
      ["municipality", ids.muni!],
    ] as const) {
      expect((await page.goto(at(p)))?.status(), p).toBe(200);
      await shoot(page, `${name}-${lng}`);
    }
  }
});
