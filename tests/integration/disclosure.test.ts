import ExcelJS from "exceljs";
import i18next, { type TFunction } from "i18next";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { periodReports } from "#db/schema";
import { i18nConfig } from "#app/i18n";
import en from "#app/locales/en.json";
import { HIDDEN_MARK } from "#app/modules/grants/breakdowns";
import { reportCsv, reportWorkbook } from "#app/modules/grants/export.server";
import { reportPdf } from "#app/modules/grants/pdf.server";
import {
  drillDown,
  getPeriodReport,
  reportForExport,
  submitReport,
  type PeriodReportView,
  type ReportContent,
} from "#app/modules/grants/reports.server";
import { periodsSchema } from "#app/modules/grants/schemas";
import { createGrant, getGrant, updatePeriods } from "#app/modules/grants/service.server";
import { BREAKDOWNS, type Breakdown } from "#app/modules/indicators/definitions";
import { summariseIndicators } from "#app/modules/indicators/engine.server";
import { contextFor, createUser } from "#tests/factories";
import { day, grantForm, grantWorld, registerResident, type GrantWorld } from "#tests/factories/grants";
import { pdfText } from "#tests/support/pdf-text";

/**
 * Issue #16, finding 1: a grant manager (no access to residents' personal data) makes whatever
 * grants and periods they like; no view or export may then give one person's sex, age band,
 * target group or disability. The administrator (personal-data access) keeps exact figures, and
 * the engine's values and frozen reports are untouched (docs/decisions/022-small-count-suppression.md).
 */

let t: TFunction;
beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    ...i18nConfig,
    supportedLngs: [...i18nConfig.supportedLngs],
    ns: [...i18nConfig.ns],
    lng: "en",
    resources: { en: { common: en } },
  });
  t = i18n.getFixedT("en", "common") as unknown as TFunction;
});

/** The one person whose categories the attack is after: a man of 36 with a disability. */
const TARGET = {
  sex: "male",
  dateOfBirth: "1990-02-01",
  targetGroup: "person_with_disability",
  disability: "yes",
} as const;
/** The categories of TARGET in each breakdown (ESF 2014–2020 age groups: 25–54). */
const TARGET_CATEGORY: Record<Breakdown, string> = {
  sex: "male",
  age_group: "25_54",
  target_group: "person_with_disability",
  disability: "yes",
};

type Row = PeriodReportView["rows"][number];
const covered = (v: PeriodReportView): Row => v.rows.find((r) => r.code === "RES_COVERED")!;
const cell = (r: Row, b: Breakdown, c: string) => r.breakdowns[b]?.[c] ?? { inPeriod: 0, cumulative: 0 };

/** Every breakdown cell of an indicator row is hidden. */
function allHidden(r: Row) {
  for (const b of BREAKDOWNS)
    for (const c of Object.values(r.breakdowns[b] ?? {}))
      if (c.inPeriod !== null || c.cumulative !== null) return false;
  return true;
}

describe("small-count suppression of the breakdowns", () => {
  let w: GrantWorld;
  let admin: number;
  let target: { id: number; code: string };
  beforeEach(async () => {
    w = await grantWorld();
    admin = (await createUser(w.db, { role: "admin" })).id;
    // Eight older women and men before 13 May, the target on that day, eight more after it.
    for (const [i, on] of [
      "2026-01-10",
      "2026-01-20",
      "2026-02-03",
      "2026-02-17",
      "2026-03-02",
      "2026-03-16",
      "2026-04-01",
      "2026-04-14",
    ].entries())
      registerResident(w, w.instA, on, { sex: i % 2 ? "male" : "female", disability: i % 3 ? "not_disclosed" : "yes" });
    target = registerResident(w, w.instA, "2026-05-13", TARGET);
    const later = [
      "2026-07-02",
      "2026-07-20",
      "2026-08-07",
      "2026-08-21",
      "2026-09-09",
      "2026-10-05",
      "2026-10-19",
      "2026-11-03",
    ];
    for (const [i, on] of later.entries())
      registerResident(w, w.instA, on, {
        sex: i % 2 ? "male" : "female",
        targetGroup: i % 2 ? "person_with_disability" : "older_person",
        disability: (["yes", "no", "not_disclosed"] as const)[i % 3],
      });
    registerResident(w, w.instB, "2026-05-13", TARGET); // not the manager's institution
  });

  const managerAt = (d = "2026-12-01") => contextFor(w.db, w.manager, day(d));
  const adminAt = (d = "2026-12-01") => contextFor(w.db, admin, day(d));

  it("the one-day grant: the total and the code stay, every breakdown cell of that person is hidden, and the page says why", () => {
    const id = createGrant(
      managerAt("2026-05-01"),
      grantForm(w, {
        contractNumber: "ONE-DAY",
        startsOn: "2026-05-13",
        endsOn: "2026-05-13",
        firstPeriodStart: "2026-05-13",
        periodMonths: "1",
      }),
    );
    const [period] = getGrant(managerAt(), id).periods;
    expect([period!.startsOn, period!.endsOn]).toEqual(["2026-05-13", "2026-05-13"]);
    const view = getPeriodReport(managerAt(), id, period!.id);
    const row = covered(view);
    // The funder's numbers are exact, and the drill-down names the one code.
    expect(row).toMatchObject({ inPeriod: 1, cumulative: 1 });
    expect(drillDown(managerAt(), view, "RES_COVERED", "period").items.map((i) => i.code)).toEqual([target.code]);
    // No breakdown says who that person is.
    expect(allHidden(row)).toBe(true);
    expect(view.disclosure).toEqual({ exact: false, threshold: 3, hidden: true });
    // The administrator sees the exact figures, which are the engine's.
    const exact = getPeriodReport(adminAt(), id, period!.id);
    expect(exact.disclosure).toEqual({ exact: true, threshold: null, hidden: false });
    for (const b of BREAKDOWNS)
      expect(cell(covered(exact), b, TARGET_CATEGORY[b])).toEqual({ inPeriod: 1, cumulative: 1 });
    const engine = summariseIndicators(w.db, {
      institutionIds: [w.instA],
      grantStart: "2026-05-13",
      periodStart: "2026-05-13",
      periodEnd: "2026-05-13",
      ageScheme: "esf_2014_2020",
    });
    expect(covered(exact).breakdowns).toEqual(engine.find((e) => e.code === "RES_COVERED")!.breakdowns);
  });

  it("a period of one day inside a longer grant: neither its own cells nor the differences with the periods around it give the person back", () => {
    const ctx = managerAt("2026-01-05");
    const id = createGrant(
      ctx,
      grantForm(w, { contractNumber: "LONG", firstPeriodStart: "2026-01-01", periodMonths: "12" }),
    );
    const version = getGrant(ctx, id).grant.version;
    updatePeriods(
      ctx,
      id,
      periodsSchema.parse({
        version: String(version),
        startsOn: ["2026-01-01", "2026-05-13", "2026-05-14"],
        endsOn: ["2026-05-12", "2026-05-13", "2026-12-31"],
      }),
    );
    const [p1, p2, p3] = getGrant(ctx, id).periods.map((p) => covered(getPeriodReport(managerAt(), id, p.id)));
    expect([p1!.cumulative, p2!.inPeriod, p2!.cumulative, p3!.inPeriod, p3!.cumulative]).toEqual([8, 1, 9, 8, 17]);
    for (const b of BREAKDOWNS) {
      const c = TARGET_CATEGORY[b];
      const [one, two, three] = [cell(p1!, b, c), cell(p2!, b, c), cell(p3!, b, c)];
      // Each way of working out how many of this category were counted on 13 May needs a hidden number.
      const ways: (number | null)[][] = [
        [two.inPeriod],
        [two.cumulative, one.cumulative],
        [three.cumulative, three.inPeriod, one.cumulative],
      ];
      for (const operands of ways)
        expect(
          operands.some((n) => n === null),
          `${b}: ${JSON.stringify(operands)}`,
        ).toBe(true);
    }
  });

  it("one or two persons in a cell of a one-institution grant are hidden, with a second cell so that the total cannot give them back", () => {
    const id = createGrant(
      managerAt("2026-01-05"),
      grantForm(w, { contractNumber: "Q", firstPeriodStart: "2026-01-01", periodMonths: "3" }),
    );
    const periods = getGrant(managerAt(), id).periods;
    for (const p of periods) {
      const shown = covered(getPeriodReport(managerAt(), id, p.id));
      const exact = covered(getPeriodReport(adminAt(), id, p.id));
      for (const b of BREAKDOWNS) {
        const cats = Object.keys(exact.breakdowns[b] ?? {});
        const small = (n: number) => n >= 1 && n < 3;
        const hidden = Object.keys(shown.breakdowns[b] ?? {}).filter((c) => shown.breakdowns[b]![c]!.inPeriod === null);
        for (const c of cats) {
          const x = cell(exact, b, c) as { inPeriod: number; cumulative: number };
          if (small(x.inPeriod) || small(x.cumulative) || small(x.cumulative - x.inPeriod))
            expect(hidden, `${p.seq} ${b} ${c}`).toContain(c);
          else if (!hidden.includes(c)) expect(cell(shown, b, c)).toEqual(x);
        }
        // Never exactly one hidden category: the total minus the others would give it.
        expect(hidden.length, `${p.seq} ${b}`).not.toBe(1);
      }
    }
    // Q2 counts three: the target is the one person with a disability as target group, and two
    // and one are of each disability status: both special-category breakdowns go whole.
    const q2 = covered(getPeriodReport(managerAt(), id, periods[1]!.id));
    expect(q2.inPeriod).toBe(3);
    for (const b of ["target_group", "disability"] as const)
      for (const c of Object.values(q2.breakdowns[b]!)) expect(c).toEqual({ inPeriod: null, cumulative: null });
  });

  it("the XLSX and PDF of a protected reader hide the same cells and say why; the administrator's carry the numbers; the CSV has no breakdowns", async () => {
    const id = createGrant(
      managerAt("2026-05-01"),
      grantForm(w, {
        contractNumber: "ONE-DAY",
        startsOn: "2026-05-13",
        endsOn: "2026-05-13",
        firstPeriodStart: "2026-05-13",
        periodMonths: "1",
      }),
    );
    const periodId = getGrant(managerAt(), id).periods[0]!.id;
    const shown = reportForExport(managerAt(), id, periodId);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportWorkbook(t, "en", shown.content, shown.meta)) as never);
    const note = t("grants.disclosure.note", { mark: HIDDEN_MARK, threshold: 3 });
    for (const b of BREAKDOWNS) {
      const sheet = book.getWorksheet(t(`grants.breakdowns.${b}`).slice(0, 31))!;
      let cells: unknown[] = [];
      sheet.eachRow((r) => {
        const v = (r.values as unknown[]).slice(1);
        if (v[1] === "RES_COVERED") cells = v.slice(2);
      });
      expect(cells.length).toBeGreaterThan(0);
      expect(
        cells.every((c) => c === HIDDEN_MARK),
        b,
      ).toBe(true);
      expect(JSON.stringify(sheet.getSheetValues())).toContain(note.slice(0, 40));
    }
    // The drill-down sheet: the code and date only.
    expect(shown.content.rows.find((r) => r.code === "RES_COVERED")!.items).toEqual([
      expect.objectContaining({ code: target.code, on: "2026-05-13", sex: null, targetGroup: null, disability: null }),
    ]);
    const pdf = pdfText(await reportPdf(t, "en", shown.content, shown.meta)).replace(/\s+/g, " ");
    expect(pdf).toContain(note.slice(0, 60));
    expect(reportCsv(t, "en", shown.content, shown.meta, "utf-8").toString("utf8")).not.toContain(
      t("residents.targetGroups.person_with_disability"),
    );

    const exact = reportForExport(adminAt(), id, periodId);
    const exactBook = new ExcelJS.Workbook();
    await exactBook.xlsx.load((await reportWorkbook(t, "en", exact.content, exact.meta)) as never);
    expect(JSON.stringify(exactBook.getWorksheet(t("grants.breakdowns.disability"))!.getSheetValues())).not.toContain(
      HIDDEN_MARK,
    );
    expect(pdfText(await reportPdf(t, "en", exact.content, exact.meta)).replace(/\s+/g, " ")).not.toContain(
      note.slice(0, 60),
    );
  });

  it("a submitted report keeps its exact frozen values; the protected reader still sees them hidden", () => {
    const id = createGrant(
      managerAt("2026-05-01"),
      grantForm(w, {
        contractNumber: "ONE-DAY",
        startsOn: "2026-05-13",
        endsOn: "2026-05-13",
        firstPeriodStart: "2026-05-13",
        periodMonths: "1",
      }),
    );
    const periodId = getGrant(managerAt(), id).periods[0]!.id;
    submitReport(managerAt("2026-05-20"), id, periodId, { version: 0, problems: "—", plannedProgress: "—" });
    const stored = JSON.parse(
      w.db.select({ c: periodReports.content }).from(periodReports).where(eq(periodReports.periodId, periodId)).get()!
        .c!,
    ) as ReportContent;
    expect(stored.rows.find((r) => r.code === "RES_COVERED")!.breakdowns.disability).toEqual({
      yes: { inPeriod: 1, cumulative: 1 },
    });
    const view = getPeriodReport(managerAt(), id, periodId);
    expect(view.integrityOk).toBe(true);
    expect(allHidden(covered(view))).toBe(true);
    expect(cell(covered(getPeriodReport(adminAt(), id, periodId)), "disability", "yes")).toEqual({
      inPeriod: 1,
      cumulative: 1,
    });
  });
});
