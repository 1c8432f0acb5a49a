import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { account, chooseLanguage, expectAccessible, LOCALES, signInAs, tr, type Lng } from "./fixtures";

/**
 * Issue #14 item 3: the demo case worker imports residents' histories. A file with one impossible
 * row is checked (the row's error, in Polish, names the columns and dates), corrected, imported;
 * the resident's page shows the history the workflow made. The templates download in every
 * language and format; part of it in Bulgarian. Screenshots of the page at 390 px and desktop, in
 * Polish and Bulgarian: test-results/screenshots/history-*.
 */
const worker = account("case_worker", "pl");
const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);
const bg = (key: string, values?: Record<string, string>) => tr("bg", key, values);

const UNIT = "Mieszkania chronione MOPS"; // a demo unit of the DPS with free places
/** The assessment's life domains, as the Polish template names their columns. */
const DOMAINS = Object.values((LOCALES.pl.transitions as { domains: Record<string, string> }).domains);
const HEADER = [
  "imię;nazwisko;płeć;data urodzenia;grupa docelowa;niepełnosprawność;zdolność do czynności prawnych;data otwarcia;ocena zakończona;ocenę przeprowadził;intensywność wsparcia",
  ...DOMAINS.map((d) => `ocena: ${d.toLocaleLowerCase("pl")}`),
  "plan sporządzony;plan sporządził;plan zatwierdzony;plan zatwierdził;data zgody;mieszkanie;data rezerwacji;data przeprowadzki;usługa;świadczeniodawca;początek usługi",
].join(";");
const moved = (approvedOn: string) =>
  `Teodora;Historyczna;kobieta;14.02.1947;osoba starsza;tak;pełna;01.02.2024;20.02.2024;Anna Nowak;Ograniczone;${DOMAINS.map(() => "Okresowe").join(";")};01.03.2024;Anna Nowak;${approvedOn};Piotr Zieliński;12.03.2024;${UNIT};15.03.2024;05.04.2024;Usługi opiekuńcze;MOPS Zielona Góra;06.04.2024`;
const opened = `Urszula;Otwarta;kobieta;03.03.1950;osoba starsza;nie;pełna;01.06.2024${";".repeat(14 + DOMAINS.length)}`;
const file = (rows: string[]) => ({
  name: "historia.csv",
  mimeType: "text/csv",
  buffer: Buffer.from([HEADER, ...rows].join("\n"), "utf8"),
});

async function shots(page: Page, name: string) {
  const desktop = page.viewportSize()!;
  await page.screenshot({ path: `test-results/screenshots/history-${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `test-results/screenshots/history-${name}-390.png`, fullPage: true });
  await page.setViewportSize(desktop);
}

async function upload(
  page: Page,
  t: (k: string) => string,
  f: ReturnType<typeof file> | { name: string; mimeType: string; buffer: Buffer },
) {
  await page.getByLabel(t("residents.import.institution")).selectOption({ index: 1 });
  await page.getByLabel(t("history.file")).setInputFiles(f);
  await page.getByRole("button", { name: t("residents.import.check") }).click();
  await expect(page.getByRole("heading", { name: t("residents.import.summaryTitle") })).toBeVisible();
}

test("a case worker imports residents' histories: an impossible row is named, fixed, imported; the resident's page shows the history", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/residents");
  await chooseLanguage(page, "pl");
  await page.getByRole("link", { name: pl("history.residents.link") }).click();
  await expect(page).toHaveURL(/\/residents\/history-import$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(pl("history.residents.title"));
  await expectAccessible(page);
  await shots(page, "pl-form");

  // Every template: three languages, CSV and XLSX; the Polish CSV has Polish column names and an example row.
  for (const lng of ["en", "pl", "bg"] as Lng[]) {
    const row = page.getByRole("row", { name: new RegExp(tr("pl", `language.names.${lng}`)) });
    for (const [label, ext] of [
      ["residents.import.downloadCsv", "csv"],
      ["residents.import.downloadXlsx", "xlsx"],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        row.getByRole("link", { name: new RegExp(pl(label).replace(/[()]/g, "\\$&")) }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`resident-history-${lng}.${ext}`);
      const body = fs.readFileSync((await download.path())!);
      if (ext === "xlsx") expect(body.subarray(0, 2).toString()).toBe("PK");
      if (ext === "csv" && lng === "pl") {
        const [header, example] = body
          .toString("utf8")
          .replace(/^\uFEFF/, "")
          .split("\r\n");
        expect(header).toMatch(/^imię;nazwisko;płeć;/);
        expect(example).toContain("Usługi opiekuńcze");
      }
    }
  }

  // 1. A file whose first row moves the resident before the plan was approved. (Dates after the
  // demo grant's end, 31 Aug 2023: the other tests' figures of its reports stay as they are.)
  await upload(page, pl, file([moved("20.04.2024"), opened]));
  await expect(
    page.getByRole("alert").filter({ hasText: pl("residents.import.fixAndRetry", { count: "1" }) }),
  ).toBeVisible();
  const bad = page.getByRole("row", { name: /Teodora Historyczna/ });
  await expect(bad).toContainText(pl("history.residents.fields.movedOn"));
  await expect(bad).toContainText(pl("history.residents.fields.planApprovedOn"));
  await expect(bad).toContainText("20 kwi 2024");
  await expect(bad).toContainText("5 kwi 2024");
  // The other row is fine and says what it would become.
  await expect(page.getByRole("row", { name: /Urszula Otwarta/ })).toContainText(pl("transitions.states.identified"));
  await expect(page.getByRole("button", { name: pl("residents.import.confirm") })).toHaveCount(0);
  await expectAccessible(page);
  await shots(page, "pl-errors");

  // 2. Corrected in the spreadsheet, uploaded again, confirmed.
  await page.getByRole("link", { name: pl("residents.import.startOver") }).click();
  await upload(page, pl, file([moved("10.03.2024"), opened]));
  await expect(page.getByRole("heading", { name: pl("residents.import.readyTitle") })).toBeVisible();
  await expect(page.getByRole("row", { name: /Teodora Historyczna/ })).toContainText(
    pl("history.stateSince", { state: pl("transitions.states.in_community"), since: "5 kwi 2024" }),
  );
  await expectAccessible(page);
  await shots(page, "pl-ready");
  await page.getByRole("button", { name: pl("residents.import.confirm") }).click();
  await expect(page).toHaveURL(/\/residents$/);
  await expect(page.getByRole("status")).toHaveText(pl("history.residents.done", { count: "2" }));

  // 3. The resident's page: the state, the approval by name, the history step by step.
  await page.getByLabel(pl("residents.search")).fill("Historyczna");
  await page.getByRole("button", { name: pl("residents.applyFilters") }).click();
  await page.getByRole("link", { name: "Historyczna, Teodora" }).click();
  await expect(page.locator(".lead .state")).toHaveText(pl("transitions.states.in_community"));
  await expect(page.getByText(/Piotr Zieliński/)).toBeVisible();
  const timeline = page.locator("ol.timeline");
  for (const event of ["START_ASSESSMENT", "COMPLETE_ASSESSMENT", "START_PREPARATION", "START_MOVE", "RECORD_MOVE"]) {
    await expect(timeline).toContainText(pl(`transitions.events.${event}`));
  }
  await expect(timeline).toContainText("5 kwi 2024");
  await expectAccessible(page);

  // 4. In Bulgarian: the same page, and a workbook whose only row is already registered.
  await page.goto("/residents/history-import");
  await chooseLanguage(page, "bg");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(bg("history.residents.title"));
  await shots(page, "bg-form");
  const xlsx = await page.request.get("/residents/history-import/template?lang=pl&format=xlsx");
  expect(xlsx.headers()["cache-control"]).toBe("no-store");
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await xlsx.body()) as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  sheet.getCell("A2").value = "Teodora";
  sheet.getCell("B2").value = "Historyczna";
  sheet.getCell("D2").value = new Date("1947-02-14T00:00:00Z");
  await upload(page, bg, {
    name: "история.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from(await wb.xlsx.writeBuffer()),
  });
  await expect(page.getByText(bg("residents.import.formats.xlsx"))).toBeVisible();
  const row = page.getByRole("row", { name: /Teodora Historyczna/ });
  await expect(row).toContainText(bg("residents.import.errors.duplicate_registered"));
  await expectAccessible(page);
  await shots(page, "bg-errors");
  // The language is the demo account's own setting: back to Polish for the tests that follow.
  await chooseLanguage(page, "pl");
});

test("the same case worker, in Bulgarian, imports staff histories: a session before the enrolment is named, fixed, imported", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/staff");
  await chooseLanguage(page, "bg");
  await page.getByRole("link", { name: bg("history.staff.link") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(bg("history.staff.title"));
  await expectAccessible(page);
  await shots(page, "staff-bg-form");
  const [template] = await Promise.all([
    page.waitForEvent("download"),
    page
      .getByRole("row", { name: /Български/ })
      .getByRole("link", { name: new RegExp(bg("residents.import.downloadCsv").replace(/[()]/g, "\\$&")) })
      .click(),
  ]);
  expect(template.suggestedFilename()).toBe("staff-history-bg.csv");

  const header =
    "име;фамилия;длъжност;пол;обучение;дата на записване;присъствие на занятия;дата на завършване;супервизия;водещ;начало на работа в общността;услуга в общността;работодател в общността";
  const first = (attended: string) =>
    `Радка;Историческа;социален асистент;жена;Подкрепа в защитено жилище;07.10.2024;${attended};28.10.2024;19.11.2024;Д-р Анна Лис;03.03.2025;Usługi opiekuńcze;MOPS Zielona Góra`;
  const second = "Петър;Супервизиран;санитар;мъж;;;;;19.11.2024;д-р анна лис;;;";
  const staffFile = (rows: string[]) => ({
    name: "персонал.csv",
    mimeType: "text/csv",
    buffer: Buffer.from([header, ...rows].join("\n"), "utf8"),
  });

  await upload(page, bg, staffFile([first("01.10.2024, 14.10.2024 28.10.2024"), second]));
  const bad = page.getByRole("row", { name: /Радка Историческа/ });
  await expect(bad).toContainText(bg("history.staff.fields.attendedOn"));
  await expect(bad).toContainText(bg("staff.guards.notBeforeEnrolment", { name: "Радка Историческа" }));
  await expect(page.getByRole("row", { name: /Петър Супервизиран/ })).toContainText(
    bg("history.staff.resultSessions_one", { count: "1" }),
  );
  await expectAccessible(page);
  await shots(page, "staff-bg-errors");

  await page.getByRole("link", { name: bg("residents.import.startOver") }).click();
  await upload(page, bg, staffFile([first("14.10.2024, 21.10.2024 28.10.2024"), second]));
  await expect(page.getByRole("heading", { name: bg("residents.import.readyTitle") })).toBeVisible();
  await page.getByRole("button", { name: bg("residents.import.confirm") }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole("status")).toHaveText(bg("history.staff.done", { count: "2" }));

  // The staff member's page: the module completed with its three sessions, the community work.
  await page.getByLabel(bg("staff.search")).fill("Историческа");
  await page.getByRole("button", { name: bg("residents.applyFilters") }).click();
  const listed = page.getByRole("row", { name: /Историческа, Радка/ });
  await expect(listed.getByRole("cell").nth(5)).toHaveText("1"); // one support session (held together with Петър)
  await expect(listed.getByRole("cell").nth(3)).toHaveText("1"); // one module completed
  await listed.getByRole("link").click();
  await expect(page.getByRole("cell", { name: bg("staff.enrolmentStates.completed") })).toBeVisible();
  await expect(page.getByText("MOPS Zielona Góra")).toBeVisible();
  await expectAccessible(page);
  // The language is the demo account's own setting: back to Polish for the tests that follow.
  await chooseLanguage(page, "pl");
});
