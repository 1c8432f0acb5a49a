import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import i18next, { type TFunction } from "i18next";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "#db/schema/enums";
import { reportCsv, reportFileName, reportWorkbook, type ReportMeta } from "#app/modules/grants/export.server";
import { reportPdf } from "#app/modules/grants/pdf.server";
import {
  getPeriodReport,
  reportForExport,
  submitReport,
  type ReportContent,
  type ReportRow,
} from "#app/modules/grants/reports.server";
import { createGrant, getGrant } from "#app/modules/grants/service.server";
import { breakdownsOf, indicatorDefinition } from "#app/modules/indicators/definitions";
import type { BreakdownCounts, CountedItem, ExcludedItem } from "#app/modules/indicators/engine.server";
import { i18nConfig } from "#app/i18n";
import bg from "#app/locales/bg.json";
import en from "#app/locales/en.json";
import pl from "#app/locales/pl.json";
import { contextFor } from "#tests/factories";
import { correctResident, day, grantForm, grantWorld, registerResident } from "#tests/factories/grants";
import { pdfText } from "#tests/support/pdf-text";

// ---------------------------------------------------------------------------------------------
// Translations: the real locale files.

const ts = {} as Record<Locale, TFunction>;
beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    ...i18nConfig,
    supportedLngs: [...i18nConfig.supportedLngs],
    ns: [...i18nConfig.ns],
    lng: "en",
    resources: {
      en: { common: en },
      pl: { common: pl },
      bg: { common: bg },
    },
  });
  for (const l of ["en", "pl", "bg"] as const) ts[l] = i18n.getFixedT(l, "common") as unknown as TFunction;
});

// ---------------------------------------------------------------------------------------------
// A realistic report: the Zielona Góra grant, period 2 (first half of 2026).

const PERIOD = { id: 12, seq: 2, startsOn: "2026-01-01", endsOn: "2026-06-30" };
const SEXES = ["female", "male", "female", "male", "non_binary"] as const;
const AGES = ["lt18", "18_29", "30_54", "55plus", "55plus", "30_54"] as const;
const GROUPS = ["older_person", "person_with_disability", "mental_health_crisis", null] as const;
const DISABILITY = ["yes", "no", "not_disclosed", "yes"] as const;

/** Counted items: `n` persons, the last `inPeriod` of them in the period. */
function persons(prefix: string, n: number, inPeriod: number, resident = true): CountedItem[] {
  return Array.from({ length: n }, (_, k) => {
    const isIn = k >= n - inPeriod;
    const day = String((k % 28) + 1).padStart(2, "0");
    return {
      code: `${prefix}-${String(k + 1).padStart(4, "0")}`,
      on: isIn ? `2026-0${(k % 6) + 1}-${day}` : `2025-${String((k % 6) + 7).padStart(2, "0")}-${day}`,
      inPeriod: isIn,
      weight: 1,
      sex: SEXES[k % SEXES.length]!,
      ageGroup: AGES[k % AGES.length]!,
      targetGroup: resident ? GROUPS[k % GROUPS.length]! : null,
      disability: resident ? DISABILITY[k % DISABILITY.length]! : null,
    };
  });
}

/** A report row computed from its items as the engine does (in period, cumulative, breakdowns). */
function row(
  code: ReportRow["code"],
  items: CountedItem[],
  excluded: ExcludedItem[],
  baseline: number | null,
  target: number | null,
): ReportRow {
  const def = indicatorDefinition(code);
  const sum = (list: CountedItem[]) => list.reduce((n, i) => n + i.weight, 0);
  const breakdowns: ReportRow["breakdowns"] = {};
  for (const b of breakdownsOf(def.subject)) {
    const counts: BreakdownCounts = {};
    for (const i of items) {
      const key =
        (b === "sex" ? i.sex : b === "age_group" ? i.ageGroup : b === "target_group" ? i.targetGroup : i.disability) ??
        "unknown";
      const c = (counts[key] ??= { inPeriod: 0, cumulative: 0 });
      c.cumulative += i.weight;
      if (i.inPeriod) c.inPeriod += i.weight;
    }
    breakdowns[b] = counts;
  }
  const cumulative = sum(items);
  return {
    code,
    kind: def.kind,
    unit: def.unit,
    inPeriod: def.kind === "stock" ? cumulative : sum(items.filter((i) => i.inPeriod)),
    cumulative,
    items,
    excluded,
    breakdowns,
    baseline,
    target,
    percentOfTarget: target && target > 0 ? Math.round((cumulative / target) * 1000) / 10 : null,
  };
}

const unit = (code: string, on: string, places: number, inPeriod: boolean): CountedItem => ({
  code,
  on,
  inPeriod,
  weight: places,
  sex: null,
  ageGroup: null,
  targetGroup: null,
  disability: null,
});

function zgContent(): ReportContent {
  return {
    format: 1,
    grant: {
      id: 3,
      contractNumber: "RPLB.06.02.00-08-0001/23",
      title: "Dom w społeczności — deinstytucjonalizacja DPS w Zielonej Górze",
      programme: "FEWL 2021–2027",
      funder: "Urząd Marszałkowski Województwa Lubuskiego",
      currency: "PLN",
      ageScheme: "esf_plus_2021_2027",
      startsOn: "2025-07-01",
      endsOn: "2027-06-30",
      institutions: [{ id: 1, name: "DPS „Pod Dębami” w Zielonej Górze" }],
    },
    period: PERIOD,
    rows: [
      row("RES_COVERED", persons("R", 100, 20), [], 0, 100),
      row(
        "RES_MOVED",
        persons("R", 30, 12),
        [{ code: "R-0101", on: "2026-03-14", inPeriod: true, missing: ["sex"] }],
        0,
        60,
      ),
      row("RES_RETURNED", [], [], 0, null),
      row("STAFF_SUPPORTED", persons("S", 25, 10, false), [], 0, 40),
      row(
        "STAFF_TO_COMMUNITY",
        persons("S", 5, 2, false),
        [{ code: "S-0031", on: "2026-02-02", inPeriod: true, missing: ["sex", "date_of_birth"] }],
        0,
        15,
      ),
      row(
        "PLACES_CREATED",
        [
          unit("Mieszkanie wspomagane ul. Żeromskiego 5", "2025-11-03", 6, false),
          unit("Mieszkanie treningowe ul. Łużycka 12", "2026-04-20", 6, true),
        ],
        [],
        0,
        24,
      ),
      row(
        "IN_SERVICES",
        persons("R", 18, 18).map((i) => ({ ...i, on: PERIOD.endsOn, inPeriod: true })),
        [],
        0,
        50,
      ),
    ],
    narrative: {
      problems: "Opóźnienie remontu mieszkania przy ul. Łużyckiej o dwa miesiące; zmiana wykonawcy.",
      plannedProgress: "Przeprowadzka kolejnych 12 osób; otwarcie drugiego mieszkania treningowego.",
    },
    computedAt: "2026-07-03T08:15:00.000Z",
  };
}

const SUBMITTED: ReportMeta = {
  status: "submitted",
  submittedAt: "2026-07-03T08:15:00.000Z",
  submittedByName: "Grant Manager",
  contentHash: "9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f",
  timeZone: "Europe/Warsaw",
  changes: { computedAt: "2026-07-20T09:00:00.000Z", indicators: [] },
};
const LIVE: ReportMeta = { status: "live", submittedAt: null, submittedByName: null, contentHash: null, changes: null };

async function readXlsx(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  return wb;
}

const cells = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);
/** The category headers of a breakdown sheet: each is merged over its two columns (C:D, E:F…). */
const categoryHeaders = (ws: ExcelJS.Worksheet) => cells(ws, 1).filter((_, i) => i >= 2 && i % 2 === 0);

// ---------------------------------------------------------------------------------------------

describe("grant report XLSX", () => {
  it("has translated sheets, one per breakdown, with real numbers and dates", async () => {
    const t = ts.pl;
    const content = zgContent();
    const wb = await readXlsx(await reportWorkbook(t, "pl", content, SUBMITTED));
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual([
      "Sprawozdanie",
      t("grants.breakdowns.sex"),
      t("grants.breakdowns.age_group"),
      t("grants.breakdowns.target_group"),
      t("grants.breakdowns.disability"),
      "Wykaz szczegółowy",
      "Osoby niewliczone",
      "Część opisowa",
      "Zmiany od złożenia",
    ]);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
    }

    // The Report sheet: the title block, then the table under a frozen header.
    const ws = wb.getWorksheet("Sprawozdanie")!;
    expect(String(ws.getCell("A1").value)).toContain(content.grant.title);
    const block = Array.from({ length: 12 }, (_, i) =>
      cells(ws, i + 1)
        .map(String)
        .join(" | "),
    ).join("\n");
    expect(block).toContain("RPLB.06.02.00-08-0001/23");
    expect(block).toContain("Złożone przez: Grant Manager");
    expect(block).toContain(SUBMITTED.contentHash);
    expect(block).toMatch(/1 sty 2026 – 30 cze 2026/);
    let header = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(2).value === "Kod wskaźnika") header = n;
    });
    expect(header).toBeGreaterThan(1);
    expect(cells(ws, header).slice(5)).toEqual(["Wartość w okresie", "Wartość narastająco", "% wartości docelowej"]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: header });
    const rowOf = (code: string) => {
      let found = 0;
      ws.eachRow((r, n) => {
        if (n > header && r.getCell(2).value === code) found = n;
      });
      return ws.getRow(found);
    };
    const moved = rowOf("RES_MOVED");
    expect(moved.getCell(1).value).toBe(t("indicators.RES_MOVED"));
    expect(moved.getCell(6).value).toBe(12);
    expect(moved.getCell(7).value).toBe(30);
    expect(moved.getCell(5).value).toBe(60);
    expect(moved.getCell(8).value).toBe(50);
    expect(moved.getCell(8).numFmt).toBe("0.0");
    expect(rowOf("RES_COVERED").getCell(8).value).toBe(100);
    expect(rowOf("STAFF_TO_COMMUNITY").getCell(8).value).toBe(33.3);
    expect(rowOf("PLACES_CREATED").getCell(7).value).toBe(12);
    expect(rowOf("IN_SERVICES").getCell(6).value).toBe(18);
    // No target: empty cells, not a zero or a dash.
    expect(rowOf("RES_RETURNED").getCell(5).value).toBeNull();
    expect(rowOf("RES_RETURNED").getCell(8).value).toBeNull();
    const cumulative: unknown[] = [];
    ws.eachRow((r, n) => {
      if (n > header) cumulative.push(r.getCell(7).value);
    });
    expect(cumulative).toHaveLength(7);
    expect(cumulative.every((v) => typeof v === "number")).toBe(true);

    // Age groups in the programme's order, then (in period, cumulative) per group.
    const age = wb.getWorksheet(t("grants.breakdowns.age_group"))!;
    const groups = ["lt18", "18_29", "30_54", "55plus"].map((k) => t(`grants.ageGroups.${k}`));
    expect(categoryHeaders(age)).toEqual(groups);
    expect(age.getCell("C1").isMerged && age.getCell("D1").master.address).toBe("C1");
    expect(cells(age, 2).slice(2, 4)).toEqual(["W okresie", "Narastająco"]);
    expect(age.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    const ageCodes = Array.from({ length: age.rowCount - 2 }, (_, i) => age.getRow(i + 3).getCell(2).value);
    expect(ageCodes).toEqual([
      "RES_COVERED",
      "RES_MOVED",
      "RES_RETURNED",
      "STAFF_SUPPORTED",
      "STAFF_TO_COMMUNITY",
      "IN_SERVICES",
    ]);
    const movedAge = age.getRow(4);
    const movedRow = content.rows.find((r) => r.code === "RES_MOVED")!;
    expect(movedAge.getCell(9).value).toBe(movedRow.breakdowns.age_group!["55plus"]!.inPeriod);
    expect(movedAge.getCell(10).value).toBe(movedRow.breakdowns.age_group!["55plus"]!.cumulative);
    const sum = [3, 5, 7, 9].reduce((n, c) => n + Number(movedAge.getCell(c + 1).value), 0);
    expect(sum).toBe(30);

    // Target groups: residents only, with the "not applicable" column for persons without one.
    const tg = wb.getWorksheet(t("grants.breakdowns.target_group"))!;
    expect(categoryHeaders(tg)).toEqual([
      "Osoba starsza",
      "Osoba z niepełnosprawnością",
      "Osoba w kryzysie psychicznym",
      t("grants.unknownCategory"),
    ]);
    expect(tg.rowCount - 2).toBe(4);

    // Drill-down: one row per counted person or unit, with real dates and the places of housing.
    const dd = wb.getWorksheet("Wykaz szczegółowy")!;
    const items = content.rows.reduce((n, r) => n + r.items.length, 0);
    expect(dd.rowCount - 1).toBe(items);
    expect(cells(dd, 1)).toEqual(
      ["Wskaźnik", "Kod wskaźnika", "Kod osoby lub mieszkania", "Data zliczenia", "W okresie", "Miejsca"].map((h, i) =>
        i === 0 ? t("grants.indicator") : h,
      ),
    );
    const firstMoved = movedRow.items[0]!;
    let movedLine = 0;
    dd.eachRow((r, n) => {
      if (!movedLine && r.getCell(2).value === "RES_MOVED") movedLine = n;
    });
    expect(dd.getRow(movedLine).getCell(3).value).toBe(firstMoved.code);
    expect(dd.getRow(movedLine).getCell(4).value).toEqual(new Date(`${firstMoved.on}T00:00:00Z`));
    expect(dd.getRow(movedLine).getCell(5).value).toBe(firstMoved.inPeriod ? "Tak" : "Nie");
    expect(dd.getRow(movedLine).getCell(6).value).toBeNull();
    const places: unknown[] = [];
    dd.eachRow((r) => {
      if (r.getCell(2).value === "PLACES_CREATED")
        places.push([r.getCell(3).value, r.getCell(6).value, r.getCell(5).value]);
    });
    expect(places).toEqual([
      ["Mieszkanie wspomagane ul. Żeromskiego 5", 6, "Nie"],
      ["Mieszkanie treningowe ul. Łużycka 12", 6, "Tak"],
    ]);
    expect(dd.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });

    // Left out: the persons without sex or date of birth, codes only.
    const lo = wb.getWorksheet("Osoby niewliczone")!;
    expect(lo.rowCount).toBe(3);
    expect(cells(lo, 2).slice(1)).toEqual([
      "RES_MOVED",
      "R-0101",
      new Date("2026-03-14T00:00:00Z"),
      "Tak",
      t("residents.sex"),
    ]);
    expect(lo.getRow(3).getCell(6).value).toBe(`${t("residents.sex")}, ${t("residents.dateOfBirth")}`);

    const nw = wb.getWorksheet("Część opisowa")!;
    expect(cells(nw, 1)).toEqual(["Napotkane problemy", content.narrative.problems]);
    expect(cells(nw, 2)).toEqual(["Postęp planowany w następnym okresie", content.narrative.plannedProgress]);

    // A submitted report with no late correction says so, on its sheet and in the title block.
    const cs = wb.getWorksheet("Zmiany od złożenia")!;
    expect(cells(cs, 2)).toEqual([t("grants.export.changes.none")]);
    expect(block).toContain(`${t("grants.export.changes.title")} | ${t("grants.export.changes.none")}`);
  });

  it("states live values, and names sheets safely whatever the translation", async () => {
    const pl = ts.pl;
    const t = ((key: string, opts?: object) =>
      key === "grants.export.sheets.report"
        ? "Raport: okres [2] / wersja robocza? — bardzo długa nazwa"
        : key === "grants.export.sheets.drillDown"
          ? "Raport: okres [2] / wersja robocza? — bardzo długa nazwa"
          : pl(key, opts as never)) as unknown as TFunction;
    const wb = await readXlsx(await reportWorkbook(t, "pl", zgContent(), LIVE));
    const [first, , , , , drill] = wb.worksheets;
    expect(first!.name).toBe("Raport- okres -2- - wersja robo");
    expect(drill!.name.length).toBeLessThanOrEqual(31);
    expect(drill!.name).not.toBe(first!.name);
    const block = Array.from({ length: 10 }, (_, i) =>
      cells(first!, i + 1)
        .map(String)
        .join(" | "),
    ).join("\n");
    expect(block).toContain("Wartości bieżące, sprawozdanie niezłożone");
  });

  it("keeps the programme's age groups: POWER 2014–2020 has three", async () => {
    const content = zgContent();
    content.grant.ageScheme = "esf_2014_2020";
    for (const r of content.rows) {
      for (const i of r.items)
        if (i.ageGroup) i.ageGroup = i.ageGroup === "lt18" ? "lt25" : i.ageGroup === "55plus" ? "gt54" : "25_54";
      const ages = r.breakdowns.age_group;
      if (ages) r.breakdowns.age_group = row(r.code, r.items, [], null, null).breakdowns.age_group;
    }
    const t = ts.en;
    const wb = await readXlsx(await reportWorkbook(t, "en", content, LIVE));
    const age = wb.getWorksheet("Age group")!;
    expect(cells(age, 1).slice(0, 2)).toEqual(["Indicator", "Indicator code"]);
    expect(categoryHeaders(age)).toEqual(["Under 25", "25–54", "Over 54"]);
  });
});

describe("grant report CSV", () => {
  it("is UTF-8 with a BOM, ';'-separated, with Polish headers and a decimal comma", () => {
    const buf = reportCsv(ts.pl, "pl", zgContent(), LIVE, "utf-8");
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(buf, { delimiter: ";", bom: true }) as string[][];
    expect(rows).toHaveLength(8);
    expect(rows[0]!.slice(1)).toEqual([
      "Kod wskaźnika",
      ts.pl("grants.unit"),
      ts.pl("grants.baseline"),
      ts.pl("grants.target"),
      "Wartość w okresie",
      "Wartość narastająco",
      "% wartości docelowej",
    ]);
    const byCode = new Map(rows.slice(1).map((r) => [r[1], r]));
    expect(byCode.get("RES_MOVED")).toEqual([
      ts.pl("indicators.RES_MOVED"),
      "RES_MOVED",
      ts.pl("grants.units.persons"),
      "0",
      "60",
      "12",
      "30",
      "50,0",
    ]);
    expect(byCode.get("RES_RETURNED")![0]).toContain("powróciły");
    expect(byCode.get("RES_RETURNED")!.slice(4)).toEqual(["", "0", "0", ""]);
    expect(byCode.get("STAFF_SUPPORTED")![7]).toBe("62,5");
    expect(byCode.get("PLACES_CREATED")!.slice(5)).toEqual(["6", "12", "50,0"]);
  });

  it("writes a decimal point in English", () => {
    const rows = parse(reportCsv(ts.en, "en", zgContent(), LIVE, "utf-8"), { delimiter: ";", bom: true }) as string[][];
    expect(rows[0]![0]).toBe("Indicator");
    expect(rows.find((r) => r[1] === "STAFF_TO_COMMUNITY")![7]).toBe("33.3");
  });

  it("keeps Cyrillic in UTF-8 and in windows-1251, and Polish letters in windows-1250", () => {
    const utf8 = reportCsv(ts.bg, "bg", zgContent(), LIVE, "utf-8");
    const text = utf8.subarray(3).toString("utf8");
    const rows = parse(utf8, { delimiter: ";", bom: true }) as string[][];
    expect(rows[0]!.slice(5)).toEqual(["Стойност за периода", "Натрупана стойност", "% от целевата стойност"]);
    expect(rows[1]![0]).toMatch(/^Брой лица/);
    expect(rows.find((r) => r[1] === "RES_MOVED")![7]).toBe("50,0");

    const cp1251 = reportCsv(ts.bg, "bg", zgContent(), LIVE, "windows-1251");
    expect(cp1251[0]).not.toBe(0xef);
    expect(cp1251.length).toBeLessThan(utf8.length);
    expect(iconv.decode(cp1251, "windows-1251")).toBe(text);

    const plText = reportCsv(ts.pl, "pl", zgContent(), LIVE, "utf-8").subarray(3).toString("utf8");
    const cp1250 = reportCsv(ts.pl, "pl", zgContent(), LIVE, "windows-1250");
    expect(iconv.decode(cp1250, "windows-1250")).toBe(plText);
    expect(plText).toMatch(/ł/);

    // Cyrillic has no place in windows-1250: iconv-lite's replacement character.
    const lossy = iconv.decode(reportCsv(ts.bg, "bg", zgContent(), LIVE, "windows-1250"), "windows-1250");
    expect(lossy).not.toMatch(/[А-я]/);
    expect(lossy).toContain("????");
  });
});

describe("grant report PDF", () => {
  it("is an A4 landscape document with an embedded font for Polish and Cyrillic", async () => {
    for (const [locale, meta] of [
      ["bg", SUBMITTED],
      ["pl", LIVE],
    ] as const) {
      const pdf = await reportPdf(ts[locale], locale, zgContent(), meta);
      const text = pdf.toString("latin1");
      expect(text.startsWith("%PDF-1.")).toBe(true);
      expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
      expect(text).toMatch(/DejaVuSans/);
      expect(text).toMatch(/DejaVuSans-Bold/);
      expect(text).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
      expect(text).not.toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    }
  });

  it("breaks long lists and a long narrative across pages", async () => {
    const content = zgContent();
    const moved = content.rows.find((r) => r.code === "RES_MOVED")!;
    moved.excluded = Array.from({ length: 150 }, (_, k) => ({
      code: `R-${String(200 + k).padStart(4, "0")}`,
      on: "2026-04-01",
      inPeriod: true,
      missing: k % 2 ? ["sex"] : ["sex", "date_of_birth"],
    }));
    content.narrative.problems = "Długi opis. ".repeat(400);
    const pdf = await reportPdf(ts.pl, "pl", content, SUBMITTED);
    const text = pdf.toString("latin1");
    const count = Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(text)?.[1]);
    expect(count).toBeGreaterThanOrEqual(4);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(count);
  });
});

describe("a submitted report's exports show its late corrections (real database)", () => {
  /**
   * Period 1 (Jan–Mar 2026) is submitted on 2 April with two residents covered; one registered
   * without a sex and one without a date of birth are left out. Then the case worker completes
   * the two missing sexes and, by mistake, blanks a counted resident's date of birth: the live
   * value is 3 (+1), two codes added, one removed.
   */
  async function submittedThenCorrected() {
    const w = await grantWorld();
    const r1 = registerResident(w, w.instA, "2026-01-10");
    const r2 = registerResident(w, w.instA, "2026-02-10", { sex: null });
    const r4 = registerResident(w, w.instA, "2026-03-01");
    const r5 = registerResident(w, w.instA, "2026-03-03", { sex: null });
    registerResident(w, w.instA, "2026-04-05"); // period 2
    registerResident(w, w.instB, "2026-01-15"); // not funded by the grant
    const grantId = createGrant(contextFor(w.db, w.manager, day("2026-01-05")), grantForm(w));
    const [p1, p2] = getGrant(contextFor(w.db, w.manager), grantId).periods.map((p) => p.id) as [number, number];
    submitReport(contextFor(w.db, w.manager, day("2026-04-02")), grantId, p1, {
      version: 0,
      problems: "Brak.",
      plannedProgress: "Dalsze przeprowadzki.",
    });
    const before = reportForExport(contextFor(w.db, w.manager, day("2026-04-03")), grantId, p1);
    correctResident(w, r2.id, "2026-04-20", { sex: "female" });
    correctResident(w, r5.id, "2026-04-20", { sex: "male" });
    correctResident(w, r4.id, "2026-04-20", { dateOfBirth: null });
    const ctx = contextFor(w.db, w.manager, day("2026-04-21"));
    return {
      w,
      ctx,
      grantId,
      p1,
      p2,
      before,
      after: reportForExport(ctx, grantId, p1),
      codes: { r1: r1.code, r2: r2.code, r4: r4.code, r5: r5.code },
    };
  }

  it("carries the page's own difference, with the codes added and removed; a draft has none", async () => {
    const { ctx, grantId, p1, p2, before, after, codes } = await submittedThenCorrected();
    expect(before.meta.changes).toMatchObject({ indicators: [] });
    const expected = {
      code: "RES_COVERED",
      frozenInPeriod: 2,
      liveInPeriod: 3,
      frozenCumulative: 2,
      liveCumulative: 3,
      added: [codes.r2, codes.r5].sort(),
      removed: [codes.r4],
    };
    expect(after.meta.changes!.indicators).toEqual([expected]);
    expect(after.meta.changes!.indicators).toEqual(getPeriodReport(ctx, grantId, p1).diffs);
    expect(after.meta.changes!.computedAt).toBe(ctx.now.toISOString());
    // The report itself stays as submitted.
    expect(after.content).toEqual(before.content);
    expect(after.content.rows.find((r) => r.code === "RES_COVERED")).toMatchObject({ inPeriod: 2, cumulative: 2 });
    expect(reportForExport(ctx, grantId, p2).meta.changes).toBeNull();
  });

  it("XLSX: a 'Changes since submission' sheet, numbers and codes in their own cells, pointed to from the title block", async () => {
    const { w, grantId, p2, before, after, codes } = await submittedThenCorrected();
    const t = ts.pl;
    const wb = await readXlsx(await reportWorkbook(t, "pl", after.content, after.meta));
    const cs = wb.worksheets.at(-1)!;
    expect(cs.name).toBe("Zmiany od złożenia");
    expect(cells(cs, 1)).toEqual([
      t("grants.indicator"),
      "Kod wskaźnika",
      "Złożono, w okresie",
      "Bieżąco, w okresie",
      "Złożono, narastająco",
      "Bieżąco, narastająco",
      "Różnica (narastająco)",
      "Dodane kody",
      "Usunięte kody",
    ]);
    expect(cells(cs, 2)).toEqual([
      t("indicators.RES_COVERED"),
      "RES_COVERED",
      2,
      3,
      2,
      3,
      1,
      [codes.r2, codes.r5].sort().join(", "),
      codes.r4,
    ]);
    expect(cs.getRow(2).getCell(7).numFmt).toBe("+#,##0;-#,##0;0");
    const sheetText = Array.from({ length: cs.rowCount }, (_, i) =>
      cells(cs, i + 1)
        .map(String)
        .join(" | "),
    ).join("\n");
    expect(sheetText).toContain("Wartości bieżące obliczono | 21 kwi 2026");
    const report = wb.worksheets[0]!;
    const block = Array.from({ length: 12 }, (_, i) =>
      cells(report, i + 1)
        .map(String)
        .join(" | "),
    ).join("\n");
    expect(block).toContain("Zmiany od złożenia | 1 wskaźnik się zmienił, zob. arkusz „Zmiany od złożenia”");

    // Right after the submission: the sheet is there and says there is no change.
    const quiet = await readXlsx(await reportWorkbook(t, "pl", before.content, before.meta));
    expect(cells(quiet.worksheets.at(-1)!, 2)).toEqual([t("grants.export.changes.none")]);

    // A draft (period 2) has no such sheet; no export names a resident.
    const draft = reportForExport(contextFor(w.db, w.manager, day("2026-04-21")), grantId, p2);
    const drafted = await readXlsx(await reportWorkbook(t, "pl", draft.content, draft.meta));
    expect(drafted.worksheets.map((s) => s.name)).not.toContain("Zmiany od złożenia");
    for (const book of [wb, drafted]) {
      book.eachSheet((sheet) =>
        sheet.eachRow((r) => expect((r.values as unknown[]).map(String).join(" ")).not.toMatch(/Nowak|Anna/)),
      );
    }
  });

  it("CSV: the table unchanged, then an empty record, a header and the changed indicators, in every encoding", async () => {
    const { before, after, codes } = await submittedThenCorrected();
    const added = [codes.r2, codes.r5].sort().join(", ");
    const utf8 = reportCsv(ts.pl, "pl", after.content, after.meta, "utf-8");
    const tableOnly = reportCsv(ts.pl, "pl", after.content, { ...after.meta, changes: null }, "utf-8");
    // The first table is byte for byte what it was; a reader insisting on one record length still reads the file.
    expect(utf8.subarray(0, tableOnly.length).equals(tableOnly)).toBe(true);
    const rows = parse(utf8, { delimiter: ";", bom: true }) as string[][];
    expect(rows).toHaveLength(8 + 3);
    expect(rows[8]).toEqual(Array(8).fill(""));
    expect(rows[9]).toEqual([
      ts.pl("grants.indicator"),
      "Kod wskaźnika",
      "Złożono, w okresie",
      "Bieżąco, w okresie",
      "Złożono, narastająco",
      "Bieżąco, narastająco",
      "Różnica (narastająco)",
      "Kody",
    ]);
    expect(rows[10]).toEqual([
      ts.pl("indicators.RES_COVERED"),
      "RES_COVERED",
      "2",
      "3",
      "2",
      "3",
      "1",
      `dodane: ${added}; usunięte: ${codes.r4}`,
    ]);
    expect(utf8.toString("utf8")).not.toMatch(/Nowak|Anna/);

    // Nothing changed yet: one row says so.
    const quiet = parse(reportCsv(ts.en, "en", before.content, before.meta, "utf-8"), {
      delimiter: ";",
      bom: true,
    }) as string[][];
    expect(quiet.slice(8).map((r) => r[0])).toEqual(["", "Indicator", ts.en("grants.export.changes.none")]);

    // The code pages: Bulgarian in windows-1251, Polish in windows-1250, both without a BOM.
    const bgText = reportCsv(ts.bg, "bg", after.content, after.meta, "utf-8").subarray(3).toString("utf8");
    const cp1251 = reportCsv(ts.bg, "bg", after.content, after.meta, "windows-1251");
    expect(iconv.decode(cp1251, "windows-1251")).toBe(bgText);
    const bgRows = parse(iconv.decode(cp1251, "windows-1251"), { delimiter: ";" }) as string[][];
    expect(bgRows[9]!.slice(2, 4)).toEqual(["Подадено, за периода", "Текущо, за периода"]);
    expect(bgRows[10]![7]).toBe(`добавени: ${added}; премахнати: ${codes.r4}`);
    const plText = utf8.subarray(3).toString("utf8");
    expect(iconv.decode(reportCsv(ts.pl, "pl", after.content, after.meta, "windows-1250"), "windows-1250")).toBe(
      plText,
    );
  });

  it("PDF: a section after the indicator table with the values and the codes, in Polish and Bulgarian; none for a draft", async () => {
    const { w, grantId, p2, before, after, codes } = await submittedThenCorrected();
    for (const locale of ["pl", "bg"] as const) {
      const t = ts[locale];
      const text = pdfText(await reportPdf(t, locale, after.content, after.meta));
      const title = text.indexOf(t("grants.export.changes.title"));
      expect(title).toBeGreaterThan(text.indexOf(t("grants.export.indicatorsTitle")));
      expect(title).toBeLessThan(text.indexOf(t("grants.export.breakdownsTitle")));
      const section = text.slice(title, text.indexOf(t("grants.export.breakdownsTitle")));
      expect(section).toContain(t("grants.export.changes.added"));
      expect(section).toContain(t("grants.export.changes.removed"));
      for (const code of [codes.r2, codes.r5, codes.r4]) expect(section).toContain(code);
      expect(section).toContain("+1");
      expect(section).not.toContain(codes.r1);
      expect(text).not.toMatch(/Nowak|Anna/);
    }
    const quiet = pdfText(await reportPdf(ts.pl, "pl", before.content, before.meta));
    expect(quiet).toContain(ts.pl("grants.export.changes.none"));
    const draft = reportForExport(contextFor(w.db, w.manager, day("2026-04-21")), grantId, p2);
    expect(pdfText(await reportPdf(ts.pl, "pl", draft.content, draft.meta))).not.toContain(
      ts.pl("grants.export.changes.title"),
    );
  });
});

describe("grant report PDF: changes since submission", () => {
  it("lists a long run of changed codes one a line, over further rows and pages, never cutting a code", async () => {
    const added = Array.from({ length: 240 }, (_, k) => `R-W${String(k).padStart(3, "0")}MW`);
    const meta: ReportMeta = {
      ...SUBMITTED,
      changes: {
        computedAt: "2026-07-20T09:00:00.000Z",
        indicators: [
          {
            code: "RES_COVERED",
            frozenInPeriod: 20,
            liveInPeriod: 260,
            frozenCumulative: 100,
            liveCumulative: 339,
            added,
            removed: ["R-0007"],
          },
        ],
      },
    };
    const quiet = await reportPdf(ts.pl, "pl", zgContent(), SUBMITTED);
    const pdf = await reportPdf(ts.pl, "pl", zgContent(), meta);
    const pages = (buf: Buffer) => Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(buf.toString("latin1"))?.[1]);
    expect(pages(pdf)).toBeGreaterThan(pages(quiet) + 1);
    const lines = pdfText(pdf).split("\n");
    for (const code of [...added, "R-0007"]) expect(lines).toContain(code);
    expect(lines).toContain("+239");
  });
});

describe("progress charts in the period report PDF (decision 040)", () => {
  it("draws each target's chart: its legend, the period labels and even ticks up to the target", async () => {
    const t = ts.pl;
    const pdf = await reportPdf(t, "pl", zgContent(), SUBMITTED, [
      {
        code: "RES_MOVED",
        target: 14,
        points: [
          { seq: 1, live: 3, submitted: 3 },
          { seq: 2, live: 9, submitted: 8 },
        ],
      },
    ]);
    const text = pdfText(pdf).replace(/\s+/g, " ");
    expect(text).toContain(`${t("grants.dashboardLive")} ${t("grants.dashboardSubmitted")} ${t("grants.target")}`);
    expect(text).toContain(`${t("grants.periodShort", { n: 1 })} ${t("grants.periodShort", { n: 2 })}`);
    // 0, 5, 10, 15 — not 0, 4, 8, 14 (issue #20).
    expect(text).toMatch(/0 5 10 15/);
  });
});

describe("report file names", () => {
  it("are ASCII, with unsafe characters replaced", () => {
    const content = zgContent();
    expect(reportFileName(content, "xlsx")).toBe("report-RPLB.06.02.00-08-0001-23-P2-2026-01-01_2026-06-30.xlsx");
    content.grant.contractNumber = "Umowa nr ŁÓDŹ/12 (2025)";
    expect(reportFileName(content, ".csv")).toBe("report-Umowa-nr-LODZ-12-2025-P2-2026-01-01_2026-06-30.csv");
    content.grant.contractNumber = "Договор №7";
    expect(reportFileName(content, "pdf")).toMatch(/^report-7-P2-2026-01-01_2026-06-30\.pdf$/);
    expect(reportFileName(content, "pdf")).toMatch(/^[A-Za-z0-9._-]+$/);
  });
});
