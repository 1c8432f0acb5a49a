import type { TFunction } from "i18next";
import { createElement } from "react";
import { GrantProgressChartView, PROGRESS_SIZE, type ProgressChartPoint } from "#app/components/grant-progress-chart";
import { chartSvg } from "#app/modules/charts/pdf-chart.server";
import type { Locale } from "#db/schema/enums";
import { formatDate, formatDateTime, formatNumber } from "#app/utils/format";
import { createPdf, type Column } from "#app/utils/pdf.server";
import { categoryLabel, HIDDEN_MARK } from "./breakdowns";
import {
  breakdownTables,
  cumulativeDifference,
  hiddenNote,
  missingLabel,
  periodDates,
  statusLines,
  type ReportMeta,
} from "./export.server";
import type { ShownReportContent as ReportContent } from "./reports.server";

const MARGIN = 40;
/** Room kept under the text for the footer line. */
const FOOTER_SPACE = 28;

/**
 * The period report as a print-ready PDF: A4 landscape (the table has eight columns and the
 * breakdowns up to ten), in the user's language, with a footer on every page saying whether
 * the values are submitted (by whom, when, with the content hash) or live. A submitted report
 * has, after its table, the changes since submission (the late corrections, as the report page
 * shows them). Persons appear only by their pseudonymous codes.
 */
export async function reportPdf(
  t: TFunction,
  locale: Locale,
  content: ReportContent,
  meta: ReportMeta,
  /** Each target's cumulative progress by period up to this one, drawn as the dashboard's chart (decision 040). */
  charts: { code: string; target: number; points: ProgressChartPoint[] }[] = [],
): Promise<Buffer> {
  const g = content.grant;
  const { doc, done, left, usable, h1, h2, h3, p, line, table, footer, chart, TABLE_FONT_SIZE, PAD } = await createPdf({
    title: `${t("grants.export.reportTitle")} — ${g.contractNumber} — ${t("grants.periodN", { n: content.period.seq })}`,
    layout: "landscape",
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    bufferPages: true,
  });
  const num = (n: number | null) => (n === null ? "—" : formatNumber(n, locale));
  const pct = (n: number | null) =>
    n === null
      ? "—"
      : formatNumber(n / 100, locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

  // Title block.
  h1(`${t("grants.export.reportTitle")} — ${t("grants.periodN", { n: content.period.seq })}`);
  doc.font("bold").fontSize(12).text(g.title, left, doc.y, { width: usable }).moveDown(0.3);
  line(t("grants.contractNumber"), g.contractNumber);
  line(t("grants.programme"), g.programme);
  line(t("grants.funder"), g.funder);
  if (g.institutions.length) line(t("grants.institutions"), g.institutions.map((i) => i.name).join("; "));
  line(t("grants.export.period"), `${t("grants.periodN", { n: content.period.seq })}: ${periodDates(content, locale)}`);
  for (const l of statusLines(t, locale, content, meta)) line(l.label, l.value);

  // The indicator table.
  h2(t("grants.export.indicatorsTitle"));
  const numeric = (header: string, width: number): Column => ({ header, width, align: "right" });
  const colWidths = { code: 118, unit: 58, baseline: 60, target: 60, inPeriod: 70, cumulative: 74, percent: 74 };
  table(
    [
      { header: t("grants.indicator"), width: usable - Object.values(colWidths).reduce((a, b) => a + b, 0) },
      { header: t("grants.export.columns.indicatorCode"), width: colWidths.code },
      { header: t("grants.unit"), width: colWidths.unit },
      numeric(t("grants.baseline"), colWidths.baseline),
      numeric(t("grants.target"), colWidths.target),
      numeric(t("grants.export.columns.valueInPeriod"), colWidths.inPeriod),
      numeric(t("grants.export.columns.cumulative"), colWidths.cumulative),
      numeric(t("grants.export.columns.percentOfTarget"), colWidths.percent),
    ],
    content.rows.map((r) => [
      t(`indicators.${r.code}`),
      r.code,
      t(`grants.units.${r.unit}`),
      num(r.baseline),
      num(r.target),
      num(r.inPeriod),
      num(r.cumulative),
      pct(r.percentOfTarget),
    ]),
  );

  // Changes since submission: the live values and the codes added or removed, beside the frozen ones.
  if (meta.changes) {
    // The heading, its lead and the table's first row together.
    h2(t("grants.export.changes.title"), meta.changes.indicators.length ? 150 : 60);
    const changes = meta.changes.indicators;
    if (changes.length === 0) p(t("grants.export.changes.none"));
    else {
      p(t("grants.export.changes.lead"));
      line(
        t("grants.export.changes.computedAt"),
        formatDateTime(meta.changes.computedAt, locale, meta.timeZone ?? "UTC"),
      );
      doc.moveDown(0.3);
      const w = { code: 100, value: 64, codes: 92 };
      const signed = (n: number) => (n > 0 ? "+" : "") + num(n);
      /**
       * One code a line (a code is never cut at its hyphen), a dozen or so to a cell: a long
       * list goes on in further rows, which fill the pages (a row cannot be split across them).
       */
      const codeCells = (codes: string[]) => {
        doc.font("body").fontSize(TABLE_FONT_SIZE);
        const cells: string[][] = [[]];
        let height = 0;
        for (const c of codes) {
          const h = doc.heightOfString(c, { width: w.codes - 2 * PAD });
          if (height + h > 120 && cells.at(-1)!.length) {
            cells.push([]);
            height = 0;
          }
          cells.at(-1)!.push(c);
          height += h;
        }
        return cells.map((x) => x.join("\n"));
      };
      table(
        [
          { header: t("grants.indicator"), width: usable - w.code - 5 * w.value - 2 * w.codes },
          { header: t("grants.export.columns.indicatorCode"), width: w.code },
          numeric(t("grants.report.submittedInPeriod"), w.value),
          numeric(t("grants.report.liveInPeriod"), w.value),
          numeric(t("grants.report.submittedCumulative"), w.value),
          numeric(t("grants.report.liveCumulative"), w.value),
          numeric(t("grants.report.difference"), w.value),
          { header: t("grants.export.changes.added"), width: w.codes },
          { header: t("grants.export.changes.removed"), width: w.codes },
        ],
        changes.flatMap((d) => {
          const [added, removed] = [codeCells(d.added), codeCells(d.removed)];
          const numbers = [d.frozenInPeriod, d.liveInPeriod, d.frozenCumulative, d.liveCumulative].map(num);
          return Array.from({ length: Math.max(added.length, removed.length) }, (_, i) =>
            i === 0
              ? [t(`indicators.${d.code}`), d.code, ...numbers, signed(cumulativeDifference(d)), added[0]!, removed[0]!]
              : ["", "", "", "", "", "", "", added[i] ?? "", removed[i] ?? ""],
          );
        }),
      );
    }
  }

  // Breakdowns: indicators × categories × (in period, cumulative).
  const tables = breakdownTables(content);
  if (tables.length) h2(t("grants.export.breakdownsTitle"));
  for (const { breakdown, rows, categories } of tables) {
    h3(t(`grants.breakdowns.${breakdown}`));
    const nameWidth = Math.max(170, usable - categories.length * 2 * 68);
    const cellWidth = (usable - nameWidth) / (categories.length * 2);
    table(
      [
        { header: t("grants.indicator"), width: nameWidth },
        ...categories.flatMap((): Column[] => [
          numeric(t("grants.export.columns.inPeriod"), cellWidth),
          numeric(t("grants.export.columns.cumulativeShort"), cellWidth),
        ]),
      ],
      rows.map((r) => {
        const counts = r.breakdowns[breakdown] ?? {};
        const cell = (n: number | null | undefined) => (n === null ? HIDDEN_MARK : num(n ?? 0));
        return [
          t(`indicators.${r.code}`),
          ...categories.flatMap((c) => [cell(counts[c]?.inPeriod), cell(counts[c]?.cumulative)]),
        ];
      }),
      categories.map((c) => ({ label: categoryLabel(t, breakdown, c), span: 2 })),
    );
  }
  const note = tables.length ? hiddenNote(t, meta) : null;
  if (note) p(note);

  // Left out: codes only.
  h2(t("grants.export.sheets.leftOut"));
  const excluded = content.rows.flatMap((r) => r.excluded.map((x) => ({ row: r, x })));
  if (excluded.length === 0) p(t("grants.export.noneLeftOut"));
  else {
    p(t("grants.export.leftOutHint"));
    doc.moveDown(0.2);
    table(
      [
        { header: t("grants.export.columns.indicatorCode"), width: 140 },
        { header: t("grants.export.columns.personCode"), width: 110 },
        { header: t("grants.export.columns.countingDate"), width: 100 },
        { header: t("grants.export.columns.inPeriod"), width: 70 },
        { header: t("grants.export.columns.missingData"), width: usable - 420 },
      ],
      excluded.map(({ row, x }) => [
        row.code,
        x.code,
        formatDate(x.on, locale),
        x.inPeriod ? t("grants.export.yes") : t("grants.export.no"),
        x.missing.map((m) => missingLabel(t, m)).join(", "),
      ]),
    );
  }

  // Progress charts: the dashboard's own SVG, drawn as vectors.
  if (charts.length > 0) {
    h2(t("grants.dashboard"));
    const width = 380;
    const height = (width * PROGRESS_SIZE.height) / PROGRESS_SIZE.width;
    for (const c of charts) {
      if (doc.y + 24 + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
      h3(t(`indicators.${c.code}`));
      const svg = chartSvg(
        createElement(GrantProgressChartView, {
          title: t(`indicators.${c.code}`),
          target: c.target,
          points: c.points,
          locale,
          labels: {
            period: (n: number) => t("grants.periodShort", { n }),
            live: t("grants.dashboardLive"),
            submitted: t("grants.dashboardSubmitted"),
            target: t("grants.target"),
          },
        }),
      );
      doc.y += chart(svg, { x: left, y: doc.y, width }) + 6;
      doc.x = left;
    }
  }

  // Narrative.
  h2(t("grants.export.narrative.problems"));
  p(content.narrative.problems || "—");
  h2(t("grants.export.narrative.plannedProgress"));
  p(content.narrative.plannedProgress || "—");

  // Footer on every page: the status, and the page number.
  const status = statusLines(t, locale, content, meta)
    .map((l) => `${l.label}: ${l.value}`)
    .join(" · ");
  footer(status, (page, pages) => t("common.pageOf", { page, pages }), MARGIN);
  doc.end();
  return done;
}
