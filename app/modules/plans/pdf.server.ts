import type { TFunction } from "i18next";
import { createElement } from "react";
import type { Locale } from "#db/schema/enums";
import { BurnupChartView, BURNUP_SIZE, type BurnupPoint } from "#app/components/burnup-chart";
import { HOUSING_TYPES } from "#app/modules/catalogues/catalogues";
import { chartSvg } from "#app/modules/charts/pdf-chart.server";
import { formatDate, formatMoney, formatNumber } from "#app/utils/format";
import { createPdf } from "#app/utils/pdf.server";
import { budgetTotals, costLinesOf, planCurrency, type PlanCurrency } from "./costs";
import {
  FIGURE_GROUPS,
  FIGURE_TOTALS,
  figureKey,
  fromRegister,
  groupCategories,
  type DiagnosisFigures,
  type FigureGroup,
} from "./diagnosis";
import type { MilestoneStatus } from "./milestones";
import type { PlanContent } from "./schemas";

export interface PlanPdfInput {
  title: string;
  area: string;
  versionNumber: number;
  state: string;
  adoption: string | null;
  content: PlanContent;
  /** Tracked action statuses (over the document's own). */
  statuses: Record<string, string>;
  milestones: {
    date: string;
    title: string;
    targets: Record<string, number>;
    actual: Record<string, number>;
    status: MilestoneStatus | null;
  }[];
  /** The plan's currency (default: its own or its first action's, else PLN). */
  currency?: PlanCurrency;
  /** The country's catalogue codes, so that the figures list the same types as the page. */
  catalogue?: { housing: readonly string[]; services: readonly string[] };
  /** Burn-up charts of the dashboard (decision 040). */
  charts?: { code: string; points: BurnupPoint[]; periodEnd?: string }[];
  /** The consultation report: comments received with their answers, and its close (decision 038). */
  consultation?: ConsultationReport;
}

export interface ConsultationReport {
  comments: {
    receivedFrom: string;
    receivedOn: string | null;
    section: string;
    comment: string;
    response: string | null;
  }[];
  closedOn: string | null;
  summary: string | null;
}

type PdfKit = Awaited<ReturnType<typeof createPdf>>;

/**
 * The plan PDF's consultation report: when it closed, its summary, and each comment (who, when,
 * which part of the plan, what) with the group's answer. Nothing when the plan never went to consultation.
 */
/** Whether the plan went to consultation: a comment came in or the consultation was closed. */
function hasConsultationReport(report: ConsultationReport | undefined): report is ConsultationReport {
  return !!report && (report.comments.length > 0 || !!report.closedOn);
}

export function consultationReportSection(
  pdf: Pick<PdfKit, "doc" | "p">,
  t: TFunction,
  locale: Locale,
  report: ConsultationReport | undefined,
) {
  if (!report || !hasConsultationReport(report)) return;
  const { doc, p } = pdf;
  p(
    report.closedOn
      ? t("plans.consultationClosedOn", { date: formatDate(report.closedOn, locale), count: report.comments.length })
      : t("plans.consultationOpen", { count: report.comments.filter((c) => !c.response).length }),
  );
  if (report.summary) p(report.summary);
  report.comments.forEach((c, i) => {
    doc
      .moveDown(0.2)
      .font("bold")
      .fontSize(10)
      .text(
        `${i + 1}. ${c.receivedFrom}${c.receivedOn ? `, ${formatDate(c.receivedOn, locale)}` : ""} · ${t(`plans.sections.${c.section}`)}`,
      );
    p(c.comment);
    p(`${t("plans.response")}: ${c.response ?? t("plans.unanswered")}`);
  });
}

/** One section of the plan's PDF: its heading (listed in the contents) and what it writes. */
export interface PlanPdfSection {
  title: string;
  write: () => void;
}

const MARGIN = 50;
const FOOTER_BELOW = 28;

/**
 * The plan as a print-ready PDF (A4), in the user's language (decision 040): a title block and
 * the table of contents on the first page, then each section; on every page the plan's title,
 * version and stage at the foot, and "page n of m".
 */
export async function planPdf(t: TFunction, locale: Locale, input: PlanPdfInput): Promise<Buffer> {
  const pdf = await createPdf({
    title: input.title,
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN },
    sizes: { h1: 18, h2: 13, h3: 11, body: 10 },
    bufferPages: true,
  });
  const { doc, done, p, line, h1, h2, h3, table, left, usable, bottom } = pdf;
  const c = input.content;
  const date = (d: string | null) => (d ? formatDate(d, locale) : "—");
  const currency = input.currency ?? planCurrency(c, "PL");
  const money = (n: number, cur: string = currency) => formatMoney(n, cur, locale);
  const versionLine = `${t("plans.versionN", { number: input.versionNumber })} · ${input.state}`;

  h1(input.title);
  p(`${input.area} · ${versionLine}`);
  if (input.adoption) p(input.adoption);
  line(t("plans.period"), `${date(c.periodFrom)} – ${date(c.periodTo)}`);
  if (c.regionalPlanLink) line(t("plans.regionalPlanLink"), c.regionalPlanLink);

  const sections: PlanPdfSection[] = [
    { title: t("plans.diagnosis"), write: () => (c.diagnosis.text ? p(c.diagnosis.text) : p("—")) },
    { title: t("plans.diagnosisFigures.title"), write: () => writeFigures() },
    { title: t("plans.goals"), write: () => writeGoals() },
    { title: t("plans.costs.title"), write: () => writeCosts() },
    { title: t("plans.milestones"), write: () => writeMilestones() },
    ...(c.risks.length ? [{ title: t("plans.risks"), write: () => writeRisks() }] : []),
    ...(c.monitoring ? [{ title: t("plans.monitoring"), write: () => p(c.monitoring) }] : []),
    ...(hasConsultationReport(input.consultation)
      ? [
          {
            title: t("plans.consultationReport"),
            write: () => consultationReportSection(pdf, t, locale, input.consultation),
          },
        ]
      : []),
  ];

  // The contents are written once the sections' pages are known: room is kept for them here.
  const tocLine = 15;
  doc.moveDown(0.8);
  const tocTop = doc.y;
  doc.y = tocTop + 24 + sections.length * tocLine;
  if (doc.y > bottom() - 80) doc.addPage();

  const pageOf = () => {
    const r = doc.bufferedPageRange();
    return r.start + r.count;
  };
  const starts: number[] = [];
  for (const s of sections) {
    h2(s.title);
    starts.push(pageOf());
    s.write();
  }

  // Contents on the first page, each heading with the page it starts on.
  doc.switchToPage(0);
  doc.font("bold").fontSize(13).text(t("plans.pdf.contents"), left, tocTop, { width: usable });
  sections.forEach((s, i) => {
    const y = tocTop + 24 + i * tocLine;
    const n = String(starts[i]);
    doc.font("body").fontSize(10);
    const nw = doc.widthOfString(n);
    doc.text(s.title, left, y, { width: usable - nw - 12, lineBreak: false, ellipsis: true });
    doc.text(n, left + usable - nw, y, { lineBreak: false });
  });

  pdf.footer(`${input.title} · ${versionLine}`, (page, pages) => t("common.pageOf", { page, pages }), FOOTER_BELOW);
  doc.end();
  return done;

  function writeFigures() {
    const d = c.diagnosis as PlanContent["diagnosis"] & DiagnosisFigures;
    const catalogue = input.catalogue ?? { housing: [], services: [] };
    const asOf = d.register ? date(d.register.asOf) : "";
    p(d.register ? t("plans.diagnosisFigures.drafted", { date: asOf }) : t("plans.diagnosisFigures.notDrafted"));
    const source = (key: string) =>
      fromRegister(d, key)
        ? t("plans.diagnosisFigures.fromRegister", { date: asOf })
        : t("plans.diagnosisFigures.typed");
    const shown = (n: number | null | undefined) => (n === null ? "•" : formatNumber(n ?? 0, locale));
    const columns = [
      { header: t("plans.diagnosisFigures.category"), width: usable * 0.5 },
      { header: t("plans.diagnosisFigures.value"), width: usable * 0.15, align: "right" as const },
      { header: t("plans.diagnosisFigures.source"), width: usable * 0.35 },
    ];
    h3(t("plans.diagnosisFigures.totals"));
    table(
      columns,
      FIGURE_TOTALS.map((n) => [t(`plans.figures.${n}`), shown(d[n] ?? 0), source(n)]),
    );
    const label = (g: FigureGroup, k: string) =>
      g === "residentsByTargetGroup"
        ? t(`residents.targetGroups.${k}`)
        : g === "residentsByAgeBand"
          ? k === "unknown"
            ? t("plans.diagnosisFigures.unknownAge")
            : t(`grants.ageGroups.${k}`)
          : g === "residentsByLegalCapacity"
            ? t(`residents.legalCapacities.${k}`)
            : g === "placesByType"
              ? t(HOUSING_TYPES.some((h) => h.code === k) ? `catalogues.housing.${k}` : `catalogues.services.${k}`)
              : g === "servicesByType"
                ? t(`catalogues.services.${k}`)
                : g === "staffByRetraining"
                  ? t(`plans.diagnosisFigures.retraining.${k}`)
                  : k;
    for (const g of FIGURE_GROUPS) {
      const cats = groupCategories(d, g, catalogue).filter((k) => d[g]?.[k] !== undefined);
      if (cats.length === 0) continue;
      h3(t(`plans.diagnosisFigures.groups.${g}`));
      table(
        columns,
        cats.map((k) => [label(g, k), shown(d[g]?.[k]), source(figureKey(g, k))]),
      );
    }
    doc.font("body").fontSize(8).text(t("plans.diagnosisFigures.hiddenNote"), left, doc.y, { width: usable });
  }

  function writeGoals() {
    for (const g of c.goals) {
      h3(g.title);
      if (g.description) p(g.description);
      for (const a of c.actions.filter((x) => x.goalId === g.id)) {
        p(
          `• ${a.title} — ${a.owner || "—"}; ${date(a.start)} – ${date(a.deadline)}; ${money(a.budget, a.currency)}` +
            `${a.fundingSource ? ` (${a.fundingSource})` : ""}; ${t(`plans.actionStatuses.${input.statuses[a.id] ?? a.status}`)}`,
        );
      }
    }
    if (c.goals.length === 0) p(t("plans.noItems"));
  }

  function writeCosts() {
    const totals = budgetTotals(c.actions, currency);
    if (totals.years.length === 0) {
      p(t("plans.costs.none"));
      return;
    }
    h3(t("plans.costs.budgetTable"));
    const sourceName = (s: string) => s || t("plans.costs.noSource");
    const first = 60;
    const w = (usable - first) / (totals.sources.length + 1);
    table(
      [
        { header: t("plans.costs.year"), width: first },
        ...totals.sources.map((s) => ({ header: sourceName(s), width: w, align: "right" as const })),
        { header: t("plans.costs.total"), width: w, align: "right" as const },
      ],
      [
        ...totals.years.map((y) => [
          String(y),
          ...totals.sources.map((s) => (totals.cells[y]?.[s] ? money(totals.cells[y]![s]!) : "—")),
          money(totals.byYear[y]!),
        ]),
        [t("plans.costs.total"), ...totals.sources.map((s) => money(totals.bySource[s]!)), money(totals.total)],
      ],
    );
    if (totals.otherCurrency.length)
      p(
        t("plans.costs.otherCurrencyNote", {
          currency,
          actions: totals.otherCurrency.map((x) => `${x.title} (${x.currency})`).join(", "),
        }),
      );
    h3(t("plans.costs.byAction"));
    table(
      [
        { header: t("plans.action"), width: usable * 0.4 },
        { header: t("plans.costs.year"), width: usable * 0.1 },
        { header: t("plans.costs.amount"), width: usable * 0.2, align: "right" },
        { header: t("plans.fundingSource"), width: usable * 0.3 },
      ],
      c.actions.flatMap((a) =>
        costLinesOf(a).map((l) => [a.title, String(l.year), money(l.amount, a.currency), l.source || "—"]),
      ),
    );
  }

  function writeMilestones() {
    for (const m of input.milestones) {
      const targets = Object.entries(m.targets)
        .map(
          ([k, v]) => `${t(`indicators.${k}`)}: ${formatNumber(m.actual[k] ?? 0, locale)} / ${formatNumber(v, locale)}`,
        )
        .join("; ");
      p(`${date(m.date)} — ${m.title}${m.status ? ` [${t(`plans.milestoneStatuses.${m.status}`)}]` : ""}`);
      if (targets)
        doc
          .font("body")
          .fontSize(9)
          .text(targets, left + 12, doc.y, { width: usable - 12 });
    }
    if (input.milestones.length === 0) p(t("plans.noItems"));
    for (const chart of input.charts ?? []) {
      const height = (usable * BURNUP_SIZE.height) / BURNUP_SIZE.width;
      if (doc.y + 30 + height > bottom()) doc.addPage();
      h3(t(`indicators.${chart.code}`));
      const svg = chartSvg(
        createElement(BurnupChartView, {
          title: t(`indicators.${chart.code}`),
          points: chart.points,
          locale,
          periodEnd: chart.periodEnd,
          labels: {
            planned: t("plans.dashboard.planned"),
            actual: t("plans.dashboard.actual"),
            forecast: t("plans.dashboard.forecast"),
            planEnd: date(chart.periodEnd ?? null),
          },
        }),
      );
      const used = pdf.chart(svg, { x: left, y: doc.y, width: usable });
      doc.x = left;
      doc.y += used + 6;
    }
  }

  function writeRisks() {
    for (const r of c.risks) {
      p(
        `• ${r.description} — ${t("plans.riskLine", { likelihood: t(`plans.levels.${r.likelihood}`), impact: t(`plans.levels.${r.impact}`) })}${r.mitigation ? `; ${r.mitigation}` : ""}`,
      );
    }
  }
}
