import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { createActor } from "xstate";
import { periodReports, users, type AgeScheme, type IndicatorCode } from "#db/schema";
import {
  REPORT_MACHINE_VERSION,
  reportEditable,
  reportMachine,
  reportWorkflow,
  type ReportEvent,
  type ReportState,
} from "#machines/report";
import { acceptsInState, judge, restore, takeStep } from "#machines/workflow";
import type { DbOrTx } from "#db/client";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { iso } from "#app/utils/time";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";
import {
  computeIndicators,
  indicatorValue,
  summariseIndicators,
  summariseIndicatorsByPeriod,
  summariseTotals,
  type IndicatorSummary,
  type IndicatorTotals,
  type IndicatorValue,
  type PeriodQuery,
} from "#app/modules/indicators/engine.server";
import { indicatorDefinition } from "#app/modules/indicators/definitions";
import {
  anyHidden,
  protectRows,
  type Disclosure,
  type HiddenSets,
  type ShownRow,
} from "#app/modules/indicators/disclosure";
import { getEnv } from "#app/utils/env.server";
import { roleHasPermission } from "#app/utils/permissions";
import { breakdownCategories } from "./breakdowns";
import { getGrant, type GrantDetail } from "./service.server";
import type { NarrativeInput } from "./schemas";

/** One row of a period report: the engine's value with the contract's baseline and target. */
export interface ReportRow extends IndicatorValue {
  baseline: number | null;
  target: number | null;
  /** Cumulative ÷ target, in per cent with one decimal; null without a (positive) target. */
  percentOfTarget: number | null;
}

/** Everything a report states. Frozen as JSON text at submission; its SHA-256 is the content hash. */
export interface ReportContent {
  format: 1;
  grant: {
    id: number;
    contractNumber: string;
    title: string;
    programme: string;
    funder: string;
    currency: string;
    ageScheme: AgeScheme;
    startsOn: string;
    endsOn: string;
    institutions: { id: number; name: string }[];
  };
  period: { id: number; seq: number; startsOn: string; endsOn: string };
  rows: ReportRow[];
  narrative: { problems: string; plannedProgress: string };
  /** When the values were computed (the submission instant for a frozen report). */
  computedAt: string;
}

/** A report as a reader is shown it: its breakdowns protected (docs/decisions/022-small-count-suppression.md). */
export type ShownReportContent = Omit<ReportContent, "rows"> & { rows: ShownRow<ReportRow>[] };

export const percentOfTarget = (cumulative: number, target: number | null) =>
  target && target > 0 ? Math.round((cumulative / target) * 1000) / 10 : null;

export const contentHash = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

function findPeriod(g: GrantDetail, periodId: number) {
  const p = g.periods.find((x) => x.id === periodId);
  if (!p) throw new AppError("not_found", "errors.notFound.body");
  return p;
}

/** The report's content computed now from the live case data. */
export function liveContent(
  db: DbOrTx,
  now: Date,
  g: GrantDetail,
  periodId: number,
  narrative: ReportContent["narrative"],
): ReportContent {
  const p = findPeriod(g, periodId);
  const values = computeIndicators(db, periodQuery(g, p));
  return {
    format: 1,
    grant: {
      id: g.grant.id,
      contractNumber: g.grant.contractNumber,
      title: g.grant.title,
      programme: g.grant.programme,
      funder: g.grant.funder,
      currency: g.grant.currency,
      ageScheme: g.grant.ageScheme,
      startsOn: g.grant.startsOn,
      endsOn: g.grant.endsOn,
      institutions: g.institutions,
    },
    period: { id: p.id, seq: p.seq, startsOn: p.startsOn, endsOn: p.endsOn },
    rows: values.map((v) => ({ ...v, ...targetsOf(g, v) })),
    narrative,
    computedAt: iso(now),
  };
}

/** A late correction: how the live value of an indicator differs from what was submitted. */
export interface IndicatorDiff {
  code: IndicatorCode;
  frozenInPeriod: number;
  liveInPeriod: number;
  frozenCumulative: number;
  liveCumulative: number;
  /** Codes counted now and not then, and the other way round (cumulative lists). */
  added: string[];
  removed: string[];
}

export function diffContent(frozen: ReportContent, live: ReportContent): IndicatorDiff[] {
  return frozen.rows.map((f) => {
    const l = live.rows.find((r) => r.code === f.code)!;
    const was = new Set(f.items.map((i) => i.code));
    const now = new Set(l.items.map((i) => i.code));
    return {
      code: f.code,
      frozenInPeriod: f.inPeriod,
      liveInPeriod: l.inPeriod,
      frozenCumulative: f.cumulative,
      liveCumulative: l.cumulative,
      added: [...now].filter((c) => !was.has(c)).sort(),
      removed: [...was].filter((c) => !now.has(c)).sort(),
    };
  });
}

/**
 * A submitted report's late corrections: the indicators whose live values or codes now differ
 * from the frozen ones (empty when none do). The report page and every export show this list.
 */
export function lateCorrections(frozen: ReportContent, live: ReportContent): IndicatorDiff[] {
  return diffContent(frozen, live).filter(
    (d) =>
      d.frozenCumulative !== d.liveCumulative ||
      d.frozenInPeriod !== d.liveInPeriod ||
      d.added.length > 0 ||
      d.removed.length > 0,
  );
}

/** A late correction of an earlier submitted report, as a later report's cumulative values carry it. */
export interface CarriedCorrections {
  /** The latest earlier period whose report was submitted. */
  period: { id: number; seq: number; startsOn: string; endsOn: string };
  /** Frozen = that report as submitted; live = what this report counts up to that period's end. */
  indicators: IndicatorDiff[];
}

/**
 * A report's flow indicators as it counts them up to an earlier period's end: its own items
 * whose counting moment is on or before that day. (A stock's cumulative value is the state on
 * the report's own last day: it carries nothing of an earlier period.)
 */
function flowsAsOf(content: ReportContent, p: { startsOn: string; endsOn: string }): ReportContent {
  const sum = (items: { weight: number }[]) => items.reduce((n, i) => n + i.weight, 0);
  const rows = content.rows
    .filter((r) => r.kind === "flow")
    .map((r): ReportRow => {
      const items = r.items.filter((i) => i.on <= p.endsOn).map((i) => ({ ...i, inPeriod: i.on >= p.startsOn }));
      const cumulative = sum(items);
      return {
        ...r,
        items,
        excluded: [],
        breakdowns: {},
        inPeriod: sum(items.filter((i) => i.inPeriod)),
        cumulative,
        percentOfTarget: percentOfTarget(cumulative, r.target),
      };
    });
  return { ...content, rows };
}

/** The latest period before this one whose report was submitted, if any. */
function latestSubmittedBefore(g: GrantDetail, period: { seq: number }) {
  return (
    g.periods
      .filter((p) => p.seq < period.seq && p.reportState === "submitted" && p.reportId !== null)
      .sort((a, b) => b.seq - a.seq)[0] ?? null
  );
}

/**
 * What a report's cumulative values carry of corrections to an earlier submitted report: that
 * report as submitted against this report's own count up to that period's end (flow indicators
 * only). Null when nothing differs.
 */
function carriedCorrections(
  db: DbOrTx,
  earlier: GrantDetail["periods"][number],
  shown: ReportContent,
): CarriedCorrections | null {
  const text = db
    .select({ content: periodReports.content })
    .from(periodReports)
    .where(eq(periodReports.id, earlier.reportId!))
    .get()?.content;
  if (!text) return null;
  const submitted = JSON.parse(text) as ReportContent;
  const indicators = lateCorrections(
    { ...submitted, rows: submitted.rows.filter((r) => r.kind === "flow") },
    flowsAsOf(shown, earlier),
  );
  return indicators.length
    ? { period: { id: earlier.id, seq: earlier.seq, startsOn: earlier.startsOn, endsOn: earlier.endsOn }, indicators }
    : null;
}

/** A report row's numbers (no lists): what the report page and the dashboard show. */
export interface ReportRowSummary extends IndicatorSummary {
  baseline: number | null;
  target: number | null;
  percentOfTarget: number | null;
}

/** What a grant's periods share in the engine's query: its institutions, start and age scheme. */
function grantQuery(g: GrantDetail): Omit<PeriodQuery, "periodStart" | "periodEnd"> {
  return {
    institutionIds: g.institutions.map((i) => i.id),
    grantStart: g.grant.startsOn,
    ageScheme: g.grant.ageScheme,
  };
}

function periodQuery(g: GrantDetail, p: { startsOn: string; endsOn: string }): PeriodQuery {
  return { ...grantQuery(g), periodStart: p.startsOn, periodEnd: p.endsOn };
}

/** The engine's periods of a grant's periods. */
const enginePeriods = (periods: readonly { startsOn: string; endsOn: string }[]) =>
  periods.map((p) => ({ periodStart: p.startsOn, periodEnd: p.endsOn }));

/** The contract's baseline and target of an indicator, and how far its cumulative value is. */
function targetsOf(g: GrantDetail, v: { code: IndicatorCode; cumulative: number }) {
  const t = g.targets.find((x) => x.indicatorCode === v.code);
  return {
    baseline: t?.baseline ?? null,
    target: t?.target ?? null,
    percentOfTarget: percentOfTarget(v.cumulative, t?.target ?? null),
  };
}

/** A frozen row's numbers, in the shape of a live summary. */
function summaryOf({ items: _i, excluded, ...row }: ReportRow): ReportRowSummary {
  return { ...row, excludedInPeriod: excluded.filter((e) => e.inPeriod).length, excludedTotal: excluded.length };
}

/**
 * How the actor may see breakdowns: exactly with access to residents' personal data (the
 * administrator; every institution of a grant is in the actor's scope, or the grant is not
 * shown at all), else with small cells hidden (docs/decisions/022-small-count-suppression.md).
 */
export function disclosureFor(
  ctx: Pick<ServiceContext, "actor">,
  threshold = getEnv().SMALL_COUNT_THRESHOLD,
): Disclosure {
  return roleHasPermission(ctx.actor.role, "read:residents") ? { exact: true } : { exact: false, threshold };
}

/** What the reader is told about hidden cells. */
export interface DisclosureNote {
  exact: boolean;
  threshold: number | null;
  /** Some breakdown cell of this report is hidden. */
  hidden: boolean;
}

/**
 * Periods' rows as their reports show them: frozen once submitted, else live (the live ones
 * computed together, `summariseIndicatorsByPeriod`). In the order given.
 */
function shownSummaries(db: DbOrTx, g: GrantDetail, periods: GrantDetail["periods"]): ReportRowSummary[][] {
  const frozen = periods.map((p) => {
    if (p.reportState !== "submitted" || p.reportId === null) return null;
    const text = db
      .select({ content: periodReports.content })
      .from(periodReports)
      .where(eq(periodReports.id, p.reportId))
      .get()?.content;
    return text ? (JSON.parse(text) as ReportContent).rows.map(summaryOf) : null;
  });
  const liveOnes = periods.filter((_, i) => frozen[i] === null);
  const live = summariseIndicatorsByPeriod(db, grantQuery(g), enginePeriods(liveOnes));
  let next = 0;
  return frozen.map((rows) => rows ?? live[next++]!.map((s) => ({ ...s, ...targetsOf(g, s) })));
}

/**
 * A period's rows with their breakdowns protected for the reader. The categories hidden in the
 * grant's earlier periods stay hidden (their cumulative cells would otherwise be the difference
 * of two shown ones), so the earlier periods are protected first, in order.
 */
export function protectPeriodRows<R extends ReportRowSummary | ReportRow>(
  db: DbOrTx,
  g: GrantDetail,
  period: { seq: number },
  rows: R[],
  d: Disclosure,
): { rows: ShownRow<R>[]; note: DisclosureNote } {
  if (d.exact) return { rows, note: { exact: true, threshold: null, hidden: false } };
  const categoriesOf =
    (list: readonly { breakdowns: ReportRowSummary["breakdowns"] }[]) =>
    (b: Parameters<typeof breakdownCategories>[0]) =>
      breakdownCategories(
        b,
        g.grant.ageScheme,
        list.filter((r) => r.breakdowns[b]),
      );
  let carried: HiddenSets | undefined;
  const before = g.periods.filter((x) => x.seq < period.seq).sort((a, b) => a.seq - b.seq);
  for (const earlier of shownSummaries(db, g, before)) {
    carried = protectRows(earlier, { threshold: d.threshold, categoriesOf: categoriesOf(earlier), carried }).hidden;
  }
  const shown = protectRows(rows, { threshold: d.threshold, categoriesOf: categoriesOf(rows), carried }).rows;
  return { rows: shown, note: { exact: false, threshold: d.threshold, hidden: anyHidden(shown) } };
}

export interface PeriodReportView {
  grant: GrantDetail;
  period: GrantDetail["periods"][number];
  report: {
    id: number;
    state: ReportState;
    version: number;
    problems: string;
    plannedProgress: string;
    submittedAt: string | null;
    submittedByName: string | null;
    contentHash: string | null;
  } | null;
  /** The numbers shown: frozen once submitted, else live (aggregated in SQL); breakdowns protected for the reader. */
  rows: ShownRow<ReportRowSummary>[];
  disclosure: DisclosureNote;
  narrative: ReportContent["narrative"];
  computedAt: string;
  /** The submitted content, lists included; null for a draft. */
  frozen: ReportContent | null;
  /** Submitted reports: the stored text still hashes to the stored hash. */
  integrityOk: boolean | null;
  /** Submitted reports: how the live data now differ, per indicator (empty when they do not). */
  diffs: IndicatorDiff[];
  /** Corrections to the latest earlier submitted report that this report's cumulative values include. */
  carried: CarriedCorrections | null;
  today: string;
}

/** A period's grant, dates and stored report row (with its frozen text, if submitted). */
function loadReport(ctx: ServiceContext, grantId: number, periodId: number) {
  const g = getGrant(ctx, grantId);
  const period = findPeriod(g, periodId);
  const row = ctx.db
    .select({
      id: periodReports.id,
      state: periodReports.state,
      version: periodReports.version,
      problems: periodReports.problems,
      plannedProgress: periodReports.plannedProgress,
      submittedAt: periodReports.submittedAt,
      submittedByName: users.name,
      content: periodReports.content,
      contentHash: periodReports.contentHash,
    })
    .from(periodReports)
    .leftJoin(users, eq(users.id, periodReports.submittedBy))
    .where(and(eq(periodReports.periodId, periodId), eq(periodReports.grantId, grantId)))
    .get();
  const narrative = { problems: row?.problems ?? "", plannedProgress: row?.plannedProgress ?? "" };
  const report = row ? (({ content: _c, ...r }) => r)(row) : null;
  const frozen = row?.state === "submitted" && row.content ? (JSON.parse(row.content) as ReportContent) : null;
  return { g, period, row, report, narrative, frozen };
}

export function getPeriodReport(ctx: ServiceContext, grantId: number, periodId: number): PeriodReportView {
  const { g, period, row, report, narrative, frozen } = loadReport(ctx, grantId, periodId);
  const today = localDate(ctx.now, g.timeZone);
  const earlier = latestSubmittedBefore(g, period);
  if (frozen && row?.content) {
    // The lists are needed to name the codes a late correction added or removed.
    const live = liveContent(ctx.db, ctx.now, g, periodId, narrative);
    const diffs = lateCorrections(frozen, live);
    const shown = protectPeriodRows(ctx.db, g, period, frozen.rows.map(summaryOf), disclosureFor(ctx));
    return {
      grant: g,
      period,
      report,
      rows: shown.rows,
      disclosure: shown.note,
      narrative: frozen.narrative,
      computedAt: frozen.computedAt,
      frozen,
      integrityOk: contentHash(row.content) === row.contentHash,
      diffs,
      carried: earlier ? carriedCorrections(ctx.db, earlier, frozen) : null,
      today,
    };
  }
  const rows = summariseIndicators(ctx.db, periodQuery(g, period)).map((s) => ({ ...s, ...targetsOf(g, s) }));
  const shown = protectPeriodRows(ctx.db, g, period, rows, disclosureFor(ctx));
  // The lists (to name the codes of an earlier report's corrections) only when there is one.
  const carried = earlier
    ? carriedCorrections(ctx.db, earlier, liveContent(ctx.db, ctx.now, g, periodId, narrative))
    : null;
  return {
    grant: g,
    period,
    report,
    rows: shown.rows,
    disclosure: shown.note,
    narrative,
    computedAt: iso(ctx.now),
    frozen: null,
    integrityOk: null,
    diffs: [],
    carried,
    today,
  };
}

/** A report row's figures without breakdowns or lists: what the monitoring overview shows of a grant. */
export type ReportTotals = IndicatorTotals & Pick<ReportRowSummary, "baseline" | "target" | "percentOfTarget">;

/**
 * The totals each grant's report shows for a period, for many grants at once (the monitoring
 * overview): frozen once submitted, else live — the live ones in one read of the counting moments
 * per indicator (`summariseTotals`), the same figures as `getPeriodReport`'s rows.
 */
export function periodTotals(
  ctx: ServiceContext,
  items: readonly { g: GrantDetail; period: GrantDetail["periods"][number] }[],
): ReportTotals[][] {
  const submitted = items.flatMap(({ period }) =>
    period.reportState === "submitted" && period.reportId !== null ? [period.reportId] : [],
  );
  const frozen = new Map(
    submitted.length === 0
      ? []
      : ctx.db
          .select({ id: periodReports.id, content: periodReports.content })
          .from(periodReports)
          .where(and(inArray(periodReports.id, submitted), eq(periodReports.state, "submitted")))
          .all()
          .flatMap((r) => (r.content ? [[r.id, JSON.parse(r.content) as ReportContent] as const] : [])),
  );
  const contentOf = (period: GrantDetail["periods"][number]) =>
    period.reportId === null ? undefined : frozen.get(period.reportId);
  const live = summariseTotals(
    ctx.db,
    items.filter(({ period }) => !contentOf(period)).map(({ g, period }) => periodQuery(g, period)),
  );
  let next = 0;
  return items.map(({ g, period }) => {
    const content = contentOf(period);
    if (content)
      return content.rows.map((r) => {
        const { breakdowns: _b, ...totals } = summaryOf(r);
        return totals;
      });
    return live[next++]!.map((t) => ({ ...t, ...targetsOf(g, t) }));
  });
}

export type DrillList = "period" | "cumulative" | "excluded";

/** The codes behind one number of the report: frozen ones once submitted, else live. */
export function drillDown(ctx: ServiceContext, view: PeriodReportView, code: IndicatorCode, list: DrillList) {
  const row = view.frozen
    ? view.frozen.rows.find((r) => r.code === code)!
    : indicatorValue(ctx.db, indicatorDefinition(code), periodQuery(view.grant, view.period));
  const items =
    list === "excluded"
      ? row.excluded.map((e) => ({ code: e.code, on: e.on, weight: 1, missing: e.missing as string[] }))
      : row.items
          .filter((i) => list === "cumulative" || i.inPeriod)
          .map((i) => ({ code: i.code, on: i.on, weight: i.weight, missing: [] as string[] }));
  const value = list === "period" ? row.inPeriod : list === "cumulative" ? row.cumulative : row.excluded.length;
  return { code, list, unit: row.unit, value, items };
}

/** Loads or starts the report row of a period, inside the transaction. */
function reportRow(tx: DbOrTx, grantId: number, periodId: number) {
  return tx
    .select()
    .from(periodReports)
    .where(and(eq(periodReports.periodId, periodId), eq(periodReports.grantId, grantId)))
    .get();
}

/** Saves the narrative of a draft report (version 0: no report row yet). */
export function saveNarrative(ctx: ServiceContext, grantId: number, periodId: number, input: NarrativeInput): void {
  const g = getGrant(ctx, grantId);
  findPeriod(g, periodId);
  ctx.db.transaction(
    (tx) => {
      const row = reportRow(tx, grantId, periodId);
      const current = restore(reportWorkflow, row?.snapshot ?? null, row?.machineVersion ?? null);
      if (!reportEditable(current)) throw new AppError("validation", "grants.errors.reportSubmitted");
      if ((row?.version ?? 0) !== input.version) throw new AppError("conflict", "errors.conflict");
      const narrative = { problems: input.problems, plannedProgress: input.plannedProgress };
      if (row) {
        updateVersioned(tx, periodReports, row.id, input.version, narrative);
      } else {
        tx.insert(periodReports)
          .values({
            grantId,
            periodId,
            state: "draft",
            snapshot: initialSnapshot(),
            machineVersion: REPORT_MACHINE_VERSION,
            ...narrative,
          })
          .run();
      }
      auditByActor(tx, ctx, {
        action: "grant_report.narrative_saved",
        entityType: "period_report",
        entityId: `${grantId}/${periodId}`,
        before: row ? { problems: row.problems, plannedProgress: row.plannedProgress } : null,
        after: narrative,
      });
    },
    { behavior: "immediate" },
  );
}

const initialSnapshot = () => reportMachine.getPersistedSnapshot(createActor(reportMachine).getSnapshot());

/**
 * Submits and freezes a period's report: the narrative as typed, the values and drill-down
 * lists computed in the same transaction, stored as JSON text with its SHA-256. Once submitted
 * nothing about it changes; a second submission is refused.
 */
export function submitReport(
  ctx: ServiceContext,
  grantId: number,
  periodId: number,
  input: NarrativeInput,
): { hash: string } {
  const g = getGrant(ctx, grantId);
  const period = findPeriod(g, periodId);
  return ctx.db.transaction(
    (tx) => {
      const existing = reportRow(tx, grantId, periodId);
      const snapshot = restore(reportWorkflow, existing?.snapshot ?? null, existing?.machineVersion ?? null);
      // A submitted report is final: the machine takes no event there.
      if (!acceptsInState(reportWorkflow, snapshot, "SUBMIT")) {
        throw new AppError("validation", "grants.errors.alreadySubmitted");
      }
      if ((existing?.version ?? 0) !== input.version) throw new AppError("conflict", "errors.conflict");
      const event: ReportEvent = {
        type: "SUBMIT",
        facts: {
          today: localDate(ctx.now, g.timeZone),
          periodEndsOn: period.endsOn,
          problems: input.problems,
          plannedProgress: input.plannedProgress,
        },
      };
      const verdict = judge(reportWorkflow, snapshot, event);
      if (!verdict.ok) {
        const failing = verdict.inState ? verdict.failing[0] : undefined;
        if (failing) throw new AppError("validation", `grants.guards.${failing}`, { date: period.endsOn });
        throw new AppError("validation", "grants.errors.alreadySubmitted");
      }
      const { persisted } = takeStep(reportWorkflow, snapshot, event);
      const narrative = { problems: input.problems, plannedProgress: input.plannedProgress };
      const text = JSON.stringify(liveContent(tx, ctx.now, g, periodId, narrative));
      const hash = contentHash(text);
      const values = {
        state: "submitted" as const,
        snapshot: persisted,
        machineVersion: REPORT_MACHINE_VERSION,
        ...narrative,
        content: text,
        contentHash: hash,
        submittedBy: ctx.actor.id,
        submittedAt: iso(ctx.now),
      };
      if (existing) {
        updateVersioned(tx, periodReports, existing.id, input.version, values);
      } else {
        tx.insert(periodReports)
          .values({ grantId, periodId, ...values })
          .run();
      }
      auditByActor(tx, ctx, {
        action: "grant_report.submitted",
        entityType: "period_report",
        entityId: `${grantId}/${periodId}`,
        after: { contentHash: hash, period: { startsOn: period.startsOn, endsOn: period.endsOn } },
      });
      return { hash };
    },
    { behavior: "immediate" },
  );
}

export interface ProgressPoint {
  seq: number;
  endsOn: string;
  live: number;
  /** The cumulative value as submitted for that period, if it was. */
  submitted: number | null;
}

/**
 * Each indicator's cumulative value at the end of every period that has begun (live), beside the
 * submitted value, for the grant's dashboard.
 */
export function grantProgress(ctx: ServiceContext, grantId: number) {
  const g = getGrant(ctx, grantId);
  const today = localDate(ctx.now, g.timeZone);
  const frozen = new Map(
    ctx.db
      .select({ periodId: periodReports.periodId, content: periodReports.content })
      .from(periodReports)
      .where(and(eq(periodReports.grantId, grantId), eq(periodReports.state, "submitted")))
      .all()
      .map((r) => [r.periodId, JSON.parse(r.content!) as ReportContent]),
  );
  const started = g.periods.filter((p) => p.startsOn <= today);
  const summaries = summariseIndicatorsByPeriod(ctx.db, grantQuery(g), enginePeriods(started));
  const perPeriod = started.map((p, i) => ({ p, values: summaries[i]! }));
  const indicators = g.targets.map((tg) => ({
    code: tg.indicatorCode,
    unit: tg.unit,
    baseline: tg.baseline,
    target: tg.target,
    points: perPeriod.map(({ p, values }): ProgressPoint => ({
      seq: p.seq,
      endsOn: p.endsOn,
      live: values.find((v) => v.code === tg.indicatorCode)!.cumulative,
      submitted: frozen.get(p.id)?.rows.find((r) => r.code === tg.indicatorCode)?.cumulative ?? null,
    })),
  }));
  return { grant: g.grant, indicators };
}

/**
 * What an export needs: the content shown (frozen once submitted), its status line and, for a
 * submitted report, its late corrections computed now, as the report page shows them.
 */
export function reportForExport(ctx: ServiceContext, grantId: number, periodId: number) {
  const { g, period, report, narrative, frozen } = loadReport(ctx, grantId, periodId);
  auditByActor(ctx.db, ctx, {
    action: "grant_report.exported",
    entityType: "period_report",
    entityId: `${grantId}/${periodId}`,
  });
  const live = liveContent(ctx.db, ctx.now, g, periodId, narrative);
  const content = frozen ?? live;
  const d = disclosureFor(ctx);
  const shown = protectPeriodRows(ctx.db, g, period, content.rows, d);
  // The files list codes and dates only; a protected reader's copy carries no one's categories either.
  const rows = d.exact
    ? shown.rows
    : shown.rows.map((r) => ({
        ...r,
        items: r.items.map((i) => ({ ...i, sex: null, ageGroup: null, targetGroup: null, disability: null })),
      }));
  return {
    content: { ...content, rows } as ShownReportContent,
    country: g.country,
    meta: {
      status: frozen ? ("submitted" as const) : ("live" as const),
      submittedAt: report?.submittedAt ?? null,
      submittedByName: report?.submittedByName ?? null,
      contentHash: report?.contentHash ?? null,
      timeZone: g.timeZone,
      changes: frozen ? { computedAt: live.computedAt, indicators: lateCorrections(frozen, live) } : null,
      disclosure: shown.note,
    },
  };
}
