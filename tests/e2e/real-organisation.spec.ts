/**
 * Issue #14, "Done when", as one story on today's real clock: from `npm run admin:create` on an
 * empty database and its own production server, an administrator sets up a plan area, a DPS and
 * its users; the case worker opens a housing unit and imports a 2022–2023 history of residents
 * and staff (tests/fixtures/real-organisation/*.csv); the grant manager creates the 2022–2023
 * grant with quarterly periods and submits period 2; the case worker then corrects one move date
 * (across the end of period 2) and one death date (likewise). The live reports, the frozen
 * period's differences (codes added and removed) and its XLSX, CSV and PDF show what the counting
 * rules of /work/shared/DOMAIN.md give. Every expected number below is worked out by hand from
 * the fixture (the comments say how), never by the engine. Scenario: docs/decisions/020.
 *
 * The fixture, in the order the numbers need it (all have sex and date of birth, so nobody is
 * left out):
 *   unit "Mieszkanie chronione ul. Lipowa 4", 4 places, opened 2022-09-15 (typed on the Housing page)
 *   R1 Adamska    opened 2022-08-10, moved 2022-10-05, service from 2022-10-06 (still running)
 *   R2 Borowski   opened 2022-08-20, moved 2023-01-20, service from 2023-02-10 → move corrected to 2023-02-03
 *   R3 Cieślak    opened 2022-09-01, moved 2022-10-20, service from 2022-10-21, died 2023-01-10 → corrected to 2023-02-14
 *   R4 Dąbrowski  opened 2022-11-15, moved 2022-12-12, service from 2022-12-13, returned 2023-03-20
 *   R5 Ekiert     opened 2023-02-01, assessed only
 *   R6 Fabiański  opened 2022-06-01, before the grant: never counted by it
 *   S1 Hołub supervision 2022-09-20 · S2 Iwańska psychological support 2022-12-05 ·
 *   S3 Jankowski supervision 2023-03-01, community work from 2023-03-15 · S4 Kowal nothing
 * Grant 2022-08-01 – 2023-08-31, periods of 3 months from 2022-08-01:
 *   P1 Aug–Oct 2022 · P2 1 Nov 2022 – 31 Jan 2023 · P3 Feb–Apr 2023 · P4 May–Jul 2023 · P5 Aug 2023.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pdfText } from "#tests/support/pdf-text";
import { ROOT, startServerOnFreePort, tempDir, type Server } from "#tests/support/server";
import { chooseLanguage, signInAs, tr } from "./fixtures";

const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);
const FIXTURES = path.join(ROOT, "tests/fixtures/real-organisation");
const ADMIN = { email: "admin@dps-wieliczka.test", name: "Anna Nowak", password: "administrator wieliczka 2026" };
const WORKER = { email: "ewa.lis@dps-wieliczka.test", name: "Ewa Lis", password: "pracownik socjalny 2026" };
const MANAGER = {
  email: "piotr.grant@dps-wieliczka.test",
  name: "Piotr Grabowski",
  password: "kierownik projektu 2026",
};
const DPS = "Dom Pomocy Społecznej w Wieliczce";
const UNIT = "Mieszkanie chronione ul. Lipowa 4";
const CONTRACT = "RPMP.09.02.01-12-0042/22";

let server: Server | undefined;
let dir: string | undefined;
test.afterEach(async ({}, testInfo) => {
  if (server && testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach("server stderr", { body: server.stderr() || "(empty)" });
  await server?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const cell = (page: Page, code: string, which: "in-period" | "cumulative") =>
  page.locator(`tr[data-indicator="${code}"] td[data-cell="${which}"]`);

/** The report table's in-period and cumulative value of each indicator. */
async function expectTable(page: Page, expected: Record<string, readonly [number, number]>) {
  for (const [code, [inPeriod, cumulative]] of Object.entries(expected)) {
    await expect(cell(page, code, "in-period"), `${code} in period`).toHaveText(String(inPeriod));
    await expect(cell(page, code, "cumulative"), `${code} cumulative`).toHaveText(String(cumulative));
  }
}

async function signedIn(browser: Browser, origin: string, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await signInAs(page, who.email, who.password, origin);
  await page.goto("/dashboard");
  await chooseLanguage(page, "pl");
  return page;
}

async function download(page: Page, label: string): Promise<Buffer> {
  const [d] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: label, exact: true }).click(),
  ]);
  return fs.readFileSync((await d.path())!);
}

async function openPeriod(page: Page, n: number) {
  await page.goto("/grants");
  await page.getByRole("link", { name: CONTRACT }).click();
  await page
    .getByRole("row", { name: new RegExp(`^${pl("grants.periodN", { n: String(n) })}\\b`) })
    .getByRole("link")
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(pl("grants.report.heading", { n: String(n) }));
}

async function importFile(page: Page, pathname: string, file: string, done: string) {
  await page.goto(pathname);
  await page.getByLabel(pl("residents.import.institution")).selectOption({ label: DPS });
  await page.getByLabel(pl("history.file")).setInputFiles(path.join(FIXTURES, file));
  await page.getByRole("button", { name: pl("residents.import.check") }).click();
  await expect(page.getByRole("heading", { name: pl("residents.import.readyTitle") })).toBeVisible();
  await page.getByRole("button", { name: pl("residents.import.confirm") }).click();
  await expect(page.getByRole("status")).toHaveText(done);
}

/** A resident's page, found by surname; returns the pseudonymous code the grant manager sees. */
async function openResident(page: Page, surname: string): Promise<string> {
  await page.goto(`/residents?q=${encodeURIComponent(surname)}`);
  await page.getByRole("link", { name: new RegExp(`^${surname},`) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(surname);
  return (await page.locator("h1 code").textContent())!.trim();
}

/** Corrects the date of the log entry of `event` in force on the open resident page. */
async function correctDate(page: Page, event: string, date: string, reason: string, state: string) {
  const entry = page
    .locator(".timeline li.event", { hasText: pl(`transitions.events.${event}`) })
    .filter({ hasNot: page.locator(".badge") });
  await entry.locator("summary", { hasText: pl("transitions.corrections.correct") }).click();
  await entry.getByLabel(pl("transitions.corrections.newDate")).fill(date);
  await entry.getByLabel(pl("transitions.corrections.reason")).fill(reason);
  await entry.getByRole("button", { name: pl("transitions.corrections.saveCorrection") }).click();
  await expect(page.getByRole("status")).toContainText(
    pl("transitions.corrections.corrected", { state: pl(`transitions.states.${state}`) }),
  );
}

test("a real organisation from admin:create: set-up, a 2022–2023 history imported, a period frozen, a move and a death corrected; the reports and exports count exactly", async ({
  browser,
}) => {
  // About 25 s on an idle machine; 60–100 s measured on the shared one (decision 020).
  test.setTimeout(180_000);
  dir = tempDir("di-real-org-");
  const file = path.join(dir, "app.db");

  // 1. The first administrator, from the command line, on an empty database.
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
        SESSION_SECRET: "real-org-e2e-secret-real-org-e2e-secret-0123",
        ADMIN_PASSWORD: ADMIN.password,
      },
    },
  );
  expect(created.status, created.stderr).toBe(0);
  // Its own production server on that file (a port of 3210–3219, as setup.spec's).
  server = await startServerOnFreePort(file, [], 3210, 3219);
  const origin = `http://localhost:${server.port}`;

  // 2. The administrator sets up the plan area, the DPS and its two users.
  const admin = await signedIn(browser, origin, ADMIN);
  await admin.goto("/municipalities/new");
  await admin.getByLabel(pl("municipalities.country")).selectOption("PL");
  await admin.getByLabel(pl("municipalities.name")).fill("Gmina Wieliczka");
  await admin.getByLabel(pl("municipalities.kind")).selectOption("gmina");
  await admin.getByRole("button", { name: pl("municipalities.create") }).click();
  await expect(admin.getByRole("status")).toHaveText(pl("municipalities.created"));
  await admin.goto("/institutions/new");
  await admin.getByLabel(pl("institutions.name"), { exact: true }).fill(DPS);
  await admin.getByLabel(pl("institutions.address")).fill("ul. Szpitalna 1, 32-020 Wieliczka");
  await admin.getByLabel(pl("institutions.places")).fill("60");
  await admin.getByRole("button", { name: pl("institutions.create") }).click();
  await expect(admin.getByRole("status")).toHaveText(pl("institutions.created"));
  for (const [who, role] of [
    [WORKER, "case_worker"],
    [MANAGER, "grant_manager"],
  ] as const) {
    await admin.goto("/admin/users/new");
    await admin.getByLabel(pl("users.email")).fill(who.email);
    await admin.getByLabel(pl("users.name"), { exact: true }).fill(who.name);
    await admin.getByLabel(pl("users.role")).selectOption(role);
    await admin.getByLabel(DPS).check();
    await admin.getByLabel(pl("users.initialPassword")).fill(who.password);
    await admin.getByRole("button", { name: pl("users.create") }).click();
    await expect(admin.getByRole("status")).toHaveText(pl("users.created"));
  }
  await admin.context().close();

  // 3. The case worker records the housing unit (opened 2022-09-15, 4 places) and imports the
  //    histories: 6 residents, 4 staff members, all accepted.
  const worker = await signedIn(browser, origin, WORKER);
  await worker.goto("/housing/new");
  await worker.getByLabel(pl("housing.institution"), { exact: true }).selectOption({ label: DPS });
  await worker.getByLabel(pl("housing.housingType"), { exact: true }).selectOption("pl_protected_training_flat");
  await worker.getByLabel(pl("housing.name"), { exact: true }).fill(UNIT);
  await worker.getByLabel(pl("housing.address"), { exact: true }).fill("ul. Lipowa 4/2, 32-020 Wieliczka");
  await worker.getByLabel(pl("housing.operatorName"), { exact: true }).fill("Gmina Wieliczka");
  await worker.getByLabel(pl("housing.capacity"), { exact: true }).fill("4");
  await worker.getByLabel(pl("housing.status"), { exact: true }).selectOption("open");
  await worker.getByLabel(pl("housing.openedOn"), { exact: true }).fill("2022-09-15");
  await worker.getByRole("button", { name: pl("housing.create") }).click();
  await expect(worker.getByRole("status")).toHaveText(pl("housing.created"));
  await importFile(
    worker,
    "/residents/history-import",
    "residents-2022-2023.csv",
    pl("history.residents.done", { count: "6" }),
  );
  await importFile(worker, "/staff/history-import", "staff-2022-2023.csv", pl("history.staff.done", { count: "4" }));
  const borowski = await openResident(worker, "Borowski");
  await expect(worker.locator(".lead .state")).toHaveText(pl("transitions.states.in_community"));
  const cieslak = await openResident(worker, "Cieślak");
  await expect(worker.locator(".lead .state")).toHaveText(pl("transitions.states.deceased"));

  // 4. The grant manager creates the grant, quarterly periods from its start, with targets.
  const manager = await signedIn(browser, origin, MANAGER);
  await manager.goto("/grants/new");
  await manager.getByLabel(pl("grants.contractNumber"), { exact: true }).fill(CONTRACT);
  await manager.getByLabel(pl("grants.grantTitle"), { exact: true }).fill("Z DPS do mieszkań chronionych w Wieliczce");
  await manager.getByLabel(pl("grants.programme"), { exact: true }).fill("RPO WM 2014–2020, działanie 9.2.1");
  await manager.getByLabel(pl("grants.funder"), { exact: true }).fill("Województwo Małopolskie");
  await manager.getByLabel(pl("grants.budget"), { exact: true }).fill("850 000,00");
  await manager.getByLabel(pl("grants.startsOn"), { exact: true }).fill("2022-08-01");
  await manager.getByLabel(pl("grants.endsOn"), { exact: true }).fill("2023-08-31");
  await manager.getByLabel(pl("grants.firstPeriodStart"), { exact: true }).fill("2022-08-01");
  await manager.getByLabel(pl("grants.periodMonths"), { exact: true }).fill("3");
  await manager.getByLabel(DPS).check();
  const TARGETS: Record<string, [string, string]> = {
    RES_COVERED: ["persons", "5"],
    RES_MOVED: ["persons", "4"],
    RES_RETURNED: ["persons", "1"],
    STAFF_SUPPORTED: ["persons", "4"],
    STAFF_TO_COMMUNITY: ["persons", "2"],
    PLACES_CREATED: ["places", "4"],
    IN_SERVICES: ["persons", "3"],
  };
  for (const [code, [unit, target]] of Object.entries(TARGETS)) {
    await manager.getByLabel(`${pl(`indicators.${code}`)}: ${pl("grants.unit")}`).selectOption(unit);
    await manager.getByLabel(`${pl(`indicators.${code}`)}: ${pl("grants.target")}`).fill(target);
  }
  await manager.getByRole("button", { name: pl("grants.create") }).click();
  await expect(manager.getByRole("status").first()).toHaveText(pl("grants.created", { number: CONTRACT }));
  for (let n = 1; n <= 5; n++)
    await expect(
      manager.getByRole("row", { name: new RegExp(`^${pl("grants.periodN", { n: String(n) })}\\b`) }),
    ).toBeVisible();
  await expect(manager.getByRole("row", { name: new RegExp(`^${pl("grants.periodN", { n: "6" })}\\b`) })).toHaveCount(
    0,
  );

  // 5. Period 2 (1 Nov 2022 – 31 Jan 2023), live, as imported:
  const P2_AS_IMPORTED = {
    RES_COVERED: [1, 4], // in P2 R4 (15 Nov); before it R1, R2, R3 (Aug–Sep); R6 opened before the grant, R5 after P2
    RES_MOVED: [2, 4], // in P2 R4 (12 Dec) and R2 (20 Jan); before it R1 (5 Oct) and R3 (20 Oct)
    RES_RETURNED: [0, 0], // R4's return is in March 2023
    STAFF_SUPPORTED: [1, 2], // in P2 S2 (5 Dec); before it S1 (20 Sep); S3 only in March; S4 never
    STAFF_TO_COMMUNITY: [0, 0], // S3 from 15 Mar 2023
    PLACES_CREATED: [0, 4], // the unit's 4 places opened on 15 Sep 2022 (P1)
    IN_SERVICES: [2, 2], // stock on 31 Jan 2023: R1 and R4; R3 died on 10 Jan, R2's service starts 10 Feb
  } as const;
  await openPeriod(manager, 2);
  await expectTable(manager, P2_AS_IMPORTED);
  // Submitted, after the confirmation, with its narrative.
  await manager.getByLabel(pl("grants.report.problems")).fill("Jedna osoba zmarła w styczniu 2023 r.");
  await manager.getByLabel(pl("grants.report.plannedProgress")).fill("Przeprowadzka kolejnej osoby w lutym 2023 r.");
  await manager.getByRole("button", { name: pl("grants.report.submit") }).click();
  await manager
    .getByRole("alertdialog", { name: pl("confirm.SUBMIT.title") })
    .getByRole("button", { name: pl("confirm.SUBMIT.confirm") })
    .click();
  await expect(manager.getByRole("status").first()).toHaveText(pl("grants.report.submittedFlash"));
  await expect(manager.getByText(pl("grants.report.frozen"), { exact: true })).toBeVisible();

  // 6. The case worker corrects R2's move (20 Jan → 3 Feb 2023, into P3) and R3's death
  //    (10 Jan → 14 Feb 2023, into P3; the service the death ended now ends on 14 Feb).
  await openResident(worker, "Borowski");
  await correctDate(worker, "RECORD_MOVE", "2023-02-03", "Data z protokołu przeprowadzki", "in_community");
  await openResident(worker, "Cieślak");
  await correctDate(worker, "RECORD_DEATH", "2023-02-14", "Data z aktu zgonu", "deceased");

  // 7. Period 2 keeps its submitted values and shows the difference with the codes.
  await openPeriod(manager, 2);
  await expectTable(manager, P2_AS_IMPORTED);
  const diffs = manager.getByRole("region", { name: pl("grants.report.diffsTitle") });
  await expect(diffs.locator("tbody tr")).toHaveCount(2); // nothing else changed
  // RES_MOVED: R2 moved out of P2 → in period 2 → 1, cumulative 4 → 3, R2's code removed.
  await expect(diffs.getByRole("row", { name: new RegExp(pl("indicators.RES_MOVED")) }).getByRole("cell")).toHaveText([
    "2",
    "1",
    "4",
    "3",
    "-1",
    pl("grants.report.removed", { codes: borowski }),
  ]);
  // IN_SERVICES on 31 Jan 2023: R3 was alive and her service running → 2 → 3, R3's code added.
  await expect(diffs.getByRole("row", { name: new RegExp(pl("indicators.IN_SERVICES")) }).getByRole("cell")).toHaveText(
    ["2", "3", "2", "3", "+1", pl("grants.report.added", { codes: cieslak })],
  );

  // 8. Its exports: the submitted table, then the changes.
  const csv = parse((await download(manager, pl("grants.report.downloadCsv"))).subarray(3).toString("utf8"), {
    delimiter: ";",
  }) as string[][];
  const csvRow = (code: string, from = 0) => csv.slice(from).find((r) => r[1] === code)!;
  // [baseline, target, in period, cumulative, % of target]; % = cumulative ÷ target.
  expect(csvRow("RES_COVERED").slice(3)).toEqual(["0", "5", "1", "4", "80,0"]);
  expect(csvRow("RES_MOVED").slice(3)).toEqual(["0", "4", "2", "4", "100,0"]);
  expect(csvRow("RES_RETURNED").slice(3)).toEqual(["0", "1", "0", "0", "0,0"]);
  expect(csvRow("STAFF_SUPPORTED").slice(3)).toEqual(["0", "4", "1", "2", "50,0"]);
  expect(csvRow("STAFF_TO_COMMUNITY").slice(3)).toEqual(["0", "2", "0", "0", "0,0"]);
  expect(csvRow("PLACES_CREATED").slice(3)).toEqual(["0", "4", "0", "4", "100,0"]);
  expect(csvRow("IN_SERVICES").slice(3)).toEqual(["0", "3", "2", "2", "66,7"]);
  const changesAt = csv.findIndex((r) => r.every((c) => c === ""));
  expect(changesAt).toBe(8); // header + 7 indicators
  expect(csv.length).toBe(changesAt + 2 + 2); // empty record, header, two changed indicators
  expect(csvRow("RES_MOVED", changesAt).slice(2)).toEqual([
    "2",
    "1",
    "4",
    "3",
    "-1",
    pl("grants.report.removed", { codes: borowski }),
  ]);
  expect(csvRow("IN_SERVICES", changesAt).slice(2)).toEqual([
    "2",
    "3",
    "2",
    "3",
    "1",
    pl("grants.report.added", { codes: cieslak }),
  ]);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await download(manager, pl("grants.report.downloadXlsx"))) as unknown as ArrayBuffer);
  const rowsOf = (name: string) => {
    const out: unknown[][] = [];
    wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
    return out;
  };
  const report = rowsOf(wb.worksheets[0]!.name);
  const xlsxRow = (rows: unknown[][], code: string) => rows.find((r) => r[1] === code)!;
  expect(xlsxRow(report, "RES_MOVED").slice(3, 7)).toEqual([0, 4, 2, 4]);
  expect(xlsxRow(report, "IN_SERVICES").slice(3, 7)).toEqual([0, 3, 2, 2]);
  expect(xlsxRow(report, "STAFF_SUPPORTED").slice(3, 7)).toEqual([0, 4, 1, 2]);
  // The sex breakdown of RES_MOVED as submitted: women R1, R3 (both before P2); men R2, R4 (both in P2).
  const bySex = rowsOf(wb.worksheets.find((s) => s.name.startsWith(pl("grants.breakdowns.sex").slice(0, 20)))!.name);
  const sexHeader = bySex[0]!;
  const women = sexHeader.indexOf(pl("residents.sexes.female"));
  const men = sexHeader.indexOf(pl("residents.sexes.male"));
  expect(women).toBeGreaterThan(1);
  // Counts of 1 or 2 are hidden from the grant manager (decision 022, threshold 3): women 0 / 2
  // (2 cumulative) and men 2 / 2 are all small, so the whole RES_MOVED-by-sex row shows the mark.
  expect(xlsxRow(bySex, "RES_MOVED").slice(women, women + 2)).toEqual(["•", "•"]);
  expect(xlsxRow(bySex, "RES_MOVED").slice(men, men + 2)).toEqual(["•", "•"]);
  const changes = rowsOf(pl("grants.export.changes.sheet"));
  expect(xlsxRow(changes, "RES_MOVED").slice(2)).toEqual([2, 1, 4, 3, -1, "", borowski]);
  expect(xlsxRow(changes, "IN_SERVICES").slice(2)).toEqual([2, 3, 2, 3, 1, cieslak, ""]);

  const pdf = pdfText(await download(manager, pl("grants.report.downloadPdf")));
  // The submitted table (unit, baseline, target, in period, cumulative, % of target), then the
  // changes (submitted / live in period, submitted / live cumulative, difference, the code).
  const [table, changed] = pdf.split(`\n${pl("grants.export.changes.title")}\n`) as [string, string];
  expect(changed).toBeDefined();
  expect(table).toContain(["RES_MOVED", pl("grants.units.persons"), "0", "4", "2", "4", "100,0%"].join("\n"));
  expect(table).toContain(["IN_SERVICES", pl("grants.units.persons"), "0", "3", "2", "2", "66,7%"].join("\n"));
  expect(changed).toContain(["RES_MOVED", "2", "1", "4", "3", "-1", borowski].join("\n"));
  expect(changed).toContain(["IN_SERVICES", "2", "3", "2", "3", "+1", cieslak].join("\n"));

  // 9. Period 3 (Feb–Apr 2023), live, after the corrections:
  await openPeriod(manager, 3);
  await expectTable(manager, {
    RES_COVERED: [1, 5], // R5 (1 Feb) joins R1–R4
    RES_MOVED: [1, 4], // R2, now on 3 Feb; R1, R3, R4 before
    RES_RETURNED: [1, 1], // R4 on 20 Mar
    STAFF_SUPPORTED: [1, 3], // S3 on 1 Mar; S1, S2 before
    STAFF_TO_COMMUNITY: [1, 1], // S3 from 15 Mar
    PLACES_CREATED: [0, 4],
    IN_SERVICES: [2, 2], // on 30 Apr: R1 and R2 (from 10 Feb); R3 died 14 Feb, R4 returned 20 Mar
  });
  // Its cumulative values carry the correction of period 2 (flows only): RES_MOVED counted up
  // to 31 Jan 2023 is now 3 (R1, R3, R4), R2 removed.
  const carried = manager.getByRole("region", { name: pl("grants.report.carriedTitle", { n: "2" }) });
  await expect(carried.locator("tbody tr")).toHaveCount(1);
  await expect(carried.getByRole("row", { name: new RegExp(pl("indicators.RES_MOVED")) }).getByRole("cell")).toHaveText(
    ["4", "3", "-1", pl("grants.report.removed", { codes: borowski })],
  );

  // Period 1 (Aug–Oct 2022) is untouched by both corrections.
  await openPeriod(manager, 1);
  await expectTable(manager, {
    RES_COVERED: [3, 3], // R1, R2, R3
    RES_MOVED: [2, 2], // R1 (5 Oct), R3 (20 Oct)
    RES_RETURNED: [0, 0],
    STAFF_SUPPORTED: [1, 1], // S1 (20 Sep)
    STAFF_TO_COMMUNITY: [0, 0],
    PLACES_CREATED: [4, 4], // the unit, 15 Sep
    IN_SERVICES: [2, 2], // on 31 Oct: R1 (from 6 Oct), R3 (from 21 Oct)
  });
});
