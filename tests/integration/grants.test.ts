import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, grants, periodReports, reportingPeriods } from "#db/schema";
import {
  contentHash,
  drillDown,
  getPeriodReport,
  reportForExport,
  saveNarrative,
  submitReport,
  type PeriodReportView,
  type ReportContent,
} from "#app/modules/grants/reports.server";
import { grantCreateSchema, periodsSchema } from "#app/modules/grants/schemas";
import { createGrant, getGrant, listGrants, updatePeriods } from "#app/modules/grants/service.server";
import { AppError } from "#app/utils/errors";
import { contextFor, createUser } from "#tests/factories";
import {
  correctResident,
  day,
  grantForm,
  grantWorld,
  registerResident as register,
  type GrantWorld,
} from "#tests/factories/grants";

function refusal(fn: () => unknown): { key: string; values?: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { key: e.messageKey, values: e.values };
    throw e;
  }
  throw new Error("expected a refusal");
}

const narrative = { problems: "Brak.", plannedProgress: "Dalsze przeprowadzki." };

describe("grants: contract, periods and bad input", () => {
  let w: GrantWorld;
  beforeEach(async () => {
    w = await grantWorld();
  });

  it("creates the grant with periods that follow the contract, budget in minor units", () => {
    const id = createGrant(
      contextFor(w.db, w.manager, day("2026-01-05")),
      grantForm(w, { firstPeriodStart: "2026-02-01", periodMonths: "5" }),
    );
    const g = getGrant(contextFor(w.db, w.manager), id);
    expect(g.grant.budgetMinor).toBe(49_445_193);
    expect(g.grant.partners).toEqual(["Община Тутракан"]);
    // A short opening period, then five-month periods, the last cut at the grant's end.
    expect(g.periods.map((p) => [p.startsOn, p.endsOn])).toEqual([
      ["2026-01-01", "2026-01-31"],
      ["2026-02-01", "2026-06-30"],
      ["2026-07-01", "2026-11-30"],
      ["2026-12-01", "2026-12-31"],
    ]);
  });

  it("refuses a target in the wrong unit, an institution out of scope, a taken number, a first period outside: nothing written", () => {
    const ctx = contextFor(w.db, w.manager, day("2026-01-05"));
    expect(refusal(() => createGrant(ctx, grantForm(w, { unit_RES_COVERED: "places" })))).toMatchObject({
      key: "grants.errors.targetWrongUnit",
    });
    expect(
      refusal(() => createGrant(ctx, grantForm(w, { unit_PLACES_CREATED: "persons", target_PLACES_CREATED: "12" }))),
    ).toMatchObject({ key: "grants.errors.targetWrongUnit" });
    expect(
      refusal(() => createGrant(ctx, grantForm(w, { institutionIds: [String(w.instA), String(w.instB)] }))),
    ).toMatchObject({ key: "errors.institutionOutOfScope" });
    expect(refusal(() => createGrant(ctx, grantForm(w, { firstPeriodStart: "2027-01-01" })))).toMatchObject({
      key: "grants.errors.firstPeriodOutsideGrant",
    });
    expect(
      w.db
        .select({ n: sql<number>`count(*)` })
        .from(grants)
        .get()!.n,
    ).toBe(0);
    createGrant(ctx, grantForm(w));
    expect(refusal(() => createGrant(ctx, grantForm(w)))).toMatchObject({ key: "grants.errors.contractNumberTaken" });
    expect(
      w.db
        .select({ n: sql<number>`count(*)` })
        .from(grants)
        .get()!.n,
    ).toBe(1);
    expect(
      w.db
        .select({ n: sql<number>`count(*)` })
        .from(reportingPeriods)
        .get()!.n,
    ).toBe(4);
  });

  it("the form schema refuses a bad budget, an end before the start and a period length out of range", () => {
    const bad = grantCreateSchema.safeParse({
      ...grantForm(w),
      budget: "12,345.67",
      endsOn: "2025-12-31",
      periodMonths: "0",
      startsOn: "2026-01-01",
    });
    expect(bad.success).toBe(false);
    const keys = bad.error!.issues.map((i) => i.message);
    expect(keys).toEqual(expect.arrayContaining(["grants.errors.budget", "grants.errors.periodMonths"]));
  });

  it("periods: overlap, gap, outside the grant, not starting with it are refused with the period named; a valid list is saved", () => {
    const ctx = contextFor(w.db, w.manager, day("2026-01-05"));
    const id = createGrant(ctx, grantForm(w));
    const version = () => getGrant(ctx, id).grant.version;
    const edit = (rows: [string, string][]) => () =>
      updatePeriods(
        ctx,
        id,
        periodsSchema.parse({
          version: String(version()),
          startsOn: rows.map((r) => r[0]),
          endsOn: rows.map((r) => r[1]),
        }),
      );
    expect(
      refusal(
        edit([
          ["2026-01-01", "2026-06-30"],
          ["2026-06-15", "2026-12-31"],
        ]),
      ),
    ).toMatchObject({ key: "grants.errors.periodsOverlap", values: { n: 2, m: 1 } });
    expect(
      refusal(
        edit([
          ["2026-01-01", "2026-06-30"],
          ["2026-07-05", "2026-12-31"],
        ]),
      ),
    ).toMatchObject({ key: "grants.errors.periodsGap", values: { from: "2026-07-01", to: "2026-07-04" } });
    expect(
      refusal(
        edit([
          ["2026-01-01", "2026-06-30"],
          ["2026-07-01", "2027-01-31"],
        ]),
      ),
    ).toMatchObject({ key: "grants.errors.periodOutsideGrant", values: { n: 2 } });
    expect(refusal(edit([["2026-02-01", "2026-12-31"]]))).toMatchObject({ key: "grants.errors.firstPeriodNotAtStart" });
    expect(refusal(edit([["2026-01-01", "2025-12-31"]]))).toMatchObject({ key: "grants.errors.periodEndsBeforeStart" });
    expect(getGrant(ctx, id).periods).toHaveLength(4);
    edit([
      ["2026-01-01", "2026-06-30"],
      ["2026-07-01", "2026-12-31"],
    ])();
    expect(getGrant(ctx, id).periods.map((p) => p.endsOn)).toEqual(["2026-06-30", "2026-12-31"]);
    // A stale form: the second writer is told.
    expect(
      refusal(() =>
        updatePeriods(ctx, id, periodsSchema.parse({ version: "1", startsOn: ["2026-01-01"], endsOn: ["2026-12-31"] })),
      ),
    ).toMatchObject({ key: "errors.conflict" });
  });

  it("a grant is seen only by users with every institution it funds in scope; others get an audited 404", async () => {
    const id = createGrant(contextFor(w.db, w.manager, day("2026-01-05")), grantForm(w));
    const other = contextFor(w.db, w.otherManager);
    expect(listGrants(other)).toHaveLength(0);
    expect(refusal(() => getGrant(other, id))).toMatchObject({ key: "errors.notFound.body" });
    const denied = w.db.select().from(auditEvents).where(eq(auditEvents.action, "access.denied")).all();
    expect(denied.some((a) => a.entityType === "grant" && a.entityId === String(id))).toBe(true);
  });
});

describe("grants: period report, submit, freeze and late corrections", () => {
  let w: GrantWorld;
  let grantId: number;
  let p1: number;
  let p2: number;
  let p3: number;
  let r1: { id: number; code: string };
  let r2: { id: number; code: string };
  let r3: { id: number; code: string };
  let admin: number;
  beforeEach(async () => {
    w = await grantWorld();
    admin = (await createUser(w.db, { role: "admin" })).id;
    r1 = register(w, w.instA, "2026-01-10");
    r2 = register(w, w.instA, "2026-02-10", { sex: null });
    r3 = register(w, w.instA, "2026-04-05", { dateOfBirth: "2010-01-01" });
    register(w, w.instB, "2026-01-15"); // not funded by the grant
    grantId = createGrant(contextFor(w.db, w.manager, day("2026-01-05")), grantForm(w));
    [p1, p2, p3] = getGrant(contextFor(w.db, w.manager), grantId).periods.map((p) => p.id) as [number, number, number];
  });

  it("computes the period live: in period, cumulative, % of target, the person left out for missing data", () => {
    const ctx = contextFor(w.db, w.manager, day("2026-05-01"));
    const row = (periodId: number) =>
      getPeriodReport(ctx, grantId, periodId).rows.find((r) => r.code === "RES_COVERED")!;
    expect(row(p1)).toMatchObject({
      inPeriod: 1,
      cumulative: 1,
      target: 10,
      percentOfTarget: 10,
      excludedInPeriod: 1,
      excludedTotal: 1,
    });
    const view = getPeriodReport(ctx, grantId, p1);
    expect(drillDown(ctx, view, "RES_COVERED", "excluded")).toMatchObject({
      value: 1,
      items: [{ code: r2.code, on: "2026-02-10", missing: ["sex"] }],
    });
    expect(drillDown(ctx, view, "RES_COVERED", "cumulative").items).toHaveLength(1);
    expect(row(p2)).toMatchObject({ inPeriod: 1, cumulative: 2 });
    // The in-period values of consecutive periods add up to the cumulative value.
    expect(row(p1).inPeriod + row(p2).inPeriod).toBe(row(p2).cumulative);
    // Age at the counting moment, by the programme's groups (POWER: under 25 …), as the
    // administrator sees it (exact); the grant manager sees these single persons' cells hidden.
    const exact = (periodId: number) =>
      getPeriodReport(contextFor(w.db, admin, day("2026-05-01")), grantId, periodId).rows.find(
        (r) => r.code === "RES_COVERED",
      )!;
    expect(exact(p2).breakdowns.age_group).toEqual({
      gt54: { inPeriod: 0, cumulative: 1 },
      lt25: { inPeriod: 1, cumulative: 1 },
    });
    expect(
      Object.values(row(p2).breakdowns.age_group!).every((c) => c.inPeriod === null && c.cumulative === null),
    ).toBe(true);
  });

  it("refuses to submit before the period is over or without the narrative; submits once and freezes", () => {
    expect(
      refusal(() =>
        submitReport(contextFor(w.db, w.manager, day("2026-03-31")), grantId, p1, { version: 0, ...narrative }),
      ),
    ).toMatchObject({ key: "grants.guards.periodOver" });
    expect(
      refusal(() =>
        submitReport(contextFor(w.db, w.manager, day("2026-04-02")), grantId, p1, {
          version: 0,
          problems: " ",
          plannedProgress: "x",
        }),
      ),
    ).toMatchObject({
      key: "grants.guards.problemsDescribed",
    });
    expect(
      w.db
        .select({ n: sql<number>`count(*)` })
        .from(periodReports)
        .get()!.n,
    ).toBe(0);

    const ctx = contextFor(w.db, w.manager, day("2026-04-02"));
    const { hash } = submitReport(ctx, grantId, p1, { version: 0, ...narrative });
    const row = w.db.select().from(periodReports).where(eq(periodReports.periodId, p1)).get()!;
    expect(row).toMatchObject({ state: "submitted", contentHash: hash, submittedBy: w.manager });
    expect(contentHash(row.content!)).toBe(hash);
    const frozen = JSON.parse(row.content!) as ReportContent;
    expect(frozen.narrative).toEqual(narrative);
    expect(frozen.rows.find((r) => r.code === "RES_COVERED")!.items.map((i) => i.code)).toHaveLength(1);

    // Submitting twice, or editing the narrative afterwards: refused, nothing changed.
    expect(refusal(() => submitReport(ctx, grantId, p1, { version: row.version, ...narrative }))).toMatchObject({
      key: "grants.errors.alreadySubmitted",
    });
    expect(
      refusal(() =>
        saveNarrative(ctx, grantId, p1, { version: row.version, problems: "changed", plannedProgress: "changed" }),
      ),
    ).toMatchObject({
      key: "grants.errors.reportSubmitted",
    });
    // Even a direct write to the database is refused (a trigger guards submitted rows).
    const frozenError = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return String((e as { cause?: unknown }).cause ?? e);
      }
      return "written";
    };
    expect(frozenError(() => w.db.run(sql`update period_reports set problems = 'x' where id = ${row.id}`))).toMatch(
      /frozen/,
    );
    expect(frozenError(() => w.db.run(sql`delete from period_reports where id = ${row.id}`))).toMatch(/frozen/);
    expect(w.db.select().from(periodReports).where(eq(periodReports.periodId, p1)).get()).toEqual(row);
    // A submitted period keeps its dates.
    expect(
      refusal(() =>
        updatePeriods(
          ctx,
          grantId,
          periodsSchema.parse({ version: "1", startsOn: ["2026-01-01"], endsOn: ["2026-12-31"] }),
        ),
      ),
    ).toMatchObject({
      key: "grants.errors.periodSubmitted",
    });
    const audit = w.db.select().from(auditEvents).where(eq(auditEvents.action, "grant_report.submitted")).all();
    expect(audit).toHaveLength(1);
  });

  it("a submitted report stays frozen after a case worker corrects the data, and shows the difference", () => {
    const ctx = contextFor(w.db, w.manager, day("2026-04-02"));
    const { hash } = submitReport(ctx, grantId, p1, { version: 0, ...narrative });
    const before = getPeriodReport(ctx, grantId, p1);
    expect(before.diffs).toEqual([]);

    // The worker completes the missing sex after the submission.
    correctResident(w, r2.id, "2026-04-20", { sex: "female" });

    const after = getPeriodReport(contextFor(w.db, w.manager, day("2026-04-21")), grantId, p1);
    const frozenRow = after.rows.find((x) => x.code === "RES_COVERED")!;
    expect(drillDown(ctx, after, "RES_COVERED", "cumulative").items.map((i) => i.code)).not.toContain(r2.code);
    expect(frozenRow).toMatchObject({ inPeriod: 1, cumulative: 1 });
    expect(after.report!.contentHash).toBe(hash);
    expect(after.integrityOk).toBe(true);
    expect(after.diffs).toEqual([
      {
        code: "RES_COVERED",
        frozenInPeriod: 1,
        liveInPeriod: 2,
        frozenCumulative: 1,
        liveCumulative: 2,
        added: [r2.code],
        removed: [],
      },
    ]);
  });

  it("a later period's cumulative value carries the correction and says which; a later submitted report's own diff shows a correction made after it", () => {
    const at = (d: string) => contextFor(w.db, w.manager, day(d));
    const covered = (v: PeriodReportView) => v.rows.find((r) => r.code === "RES_COVERED")!;
    submitReport(at("2026-04-02"), grantId, p1, { version: 0, ...narrative });
    expect(getPeriodReport(at("2026-04-10"), grantId, p2).carried).toBeNull();

    // The worker completes period 1's missing sex after its submission.
    correctResident(w, r2.id, "2026-04-20", { sex: "female" });
    const ctx = at("2026-04-21");
    const live = getPeriodReport(ctx, grantId, p2);
    // Period 2 is computed live from the grant's start: the corrected person is in its cumulative value …
    expect(covered(live)).toMatchObject({ inPeriod: 1, cumulative: 3 });
    expect(drillDown(ctx, live, "RES_COVERED", "cumulative").items.map((i) => i.code)).toEqual(
      expect.arrayContaining([r1.code, r2.code, r3.code]),
    );
    // … which is no longer period 1's submitted value plus period 2's own: the page says by how much and who.
    const first = getPeriodReport(ctx, grantId, p1);
    expect(covered(first)).toMatchObject({ inPeriod: 1, cumulative: 1 });
    const carriedP1 = {
      code: "RES_COVERED",
      frozenInPeriod: 1,
      liveInPeriod: 2,
      frozenCumulative: 1,
      liveCumulative: 2,
      added: [r2.code],
      removed: [],
    };
    expect(live.carried).toEqual({
      period: { id: p1, seq: 1, startsOn: "2026-01-01", endsOn: "2026-03-31" },
      indicators: [carriedP1],
    });
    // For every flow: submitted before + carried correction + this period's own = this period's cumulative.
    for (const row of live.rows.filter((r) => r.kind === "flow")) {
      const carried = live.carried!.indicators.find((c) => c.code === row.code);
      const before = first.rows.find((r) => r.code === row.code)!.cumulative;
      expect(before + (carried ? carried.liveCumulative - carried.frozenCumulative : 0) + row.inPeriod).toBe(
        row.cumulative,
      );
    }

    // Period 2 submitted: its frozen values include the correction and still say which it carries.
    submitReport(at("2026-07-02"), grantId, p2, { version: 0, ...narrative });
    const second = getPeriodReport(at("2026-07-03"), grantId, p2);
    expect(covered(second)).toMatchObject({ inPeriod: 1, cumulative: 3 });
    expect(second.diffs).toEqual([]);
    expect(second.carried!.indicators).toEqual([carriedP1]);

    // A correction after both submissions (period 1's counted resident loses the date of birth):
    // each submitted report's own diff shows it, and period 3 carries it from period 2.
    correctResident(w, r1.id, "2026-07-10", { dateOfBirth: null });
    const now = at("2026-07-11");
    expect(getPeriodReport(now, grantId, p1).diffs).toEqual([
      {
        code: "RES_COVERED",
        frozenInPeriod: 1,
        liveInPeriod: 1,
        frozenCumulative: 1,
        liveCumulative: 1,
        added: [r2.code],
        removed: [r1.code],
      },
    ]);
    const lateP2 = {
      code: "RES_COVERED",
      frozenInPeriod: 1,
      liveInPeriod: 1,
      frozenCumulative: 3,
      liveCumulative: 2,
      added: [],
      removed: [r1.code],
    };
    expect(getPeriodReport(now, grantId, p2).diffs).toEqual([lateP2]);
    expect(reportForExport(now, grantId, p2).meta.changes!.indicators).toEqual([lateP2]);
    const third = getPeriodReport(now, grantId, p3);
    expect(covered(third)).toMatchObject({ inPeriod: 0, cumulative: 2 });
    expect(third.carried).toEqual({
      period: { id: p2, seq: 2, startsOn: "2026-04-01", endsOn: "2026-06-30" },
      indicators: [lateP2],
    });
  });

  it("detects a stored report altered behind the application's back", () => {
    const ctx = contextFor(w.db, w.manager, day("2026-04-02"));
    submitReport(ctx, grantId, p1, { version: 0, ...narrative });
    w.db.run(sql`drop trigger period_reports_frozen_update`);
    w.db.run(
      sql`update period_reports set content = replace(content, '"cumulative":1', '"cumulative":5') where period_id = ${p1}`,
    );
    expect(getPeriodReport(ctx, grantId, p1).integrityOk).toBe(false);
  });
});
