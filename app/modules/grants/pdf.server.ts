import { createRequire } from "node:module";
import type { TFunction } from "i18next";
import PDFDocument from "pdfkit";
import type { Locale } from "../../../db/schema/enums";
import { formatDate, formatDateTime, formatNumber } from "../../utils/format";
import { categoryLabel, HIDDEN_MARK } from "./breakdowns";
import { breakdownTables, cumulativeDifference, hiddenNote, missingLabel, periodDates, statusLines, type ReportMeta } from "./export.server";
import type { ShownReportContent as ReportContent } from "./reports.server";

const require = createRequire(import.meta.url);
// DejaVu Sans covers Polish and Cyrillic letters (PDF's built-in fonts do not).
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

const MARGIN = 40;
/** Room kept under the text for the footer line. */
const FOOTER_SPACE = 28;
const TABLE_FONT_SIZE = 8;
const PAD = 3;

interface Column {
  header: string;
  width: number;
  align?: "left" | "right" | "center";
}

/**
 * The period report as a print-ready PDF: A4 landscape (the table has eight columns and the
 * breakdowns up to ten), in the user's language, with a footer on every page saying whether
 * the values are submitted (by whom, when, with the content hash) or live. A submitted report
 * has, after its table, the changes since submission (the late corrections, as the report page
 * shows them). Persons appear only by their pseudonymous codes.
 */
export function reportPdf(t: TFunction, locale: Locale, content: ReportContent, meta: ReportMeta): Promise<Buffer> {
  const g = content.grant;
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    bufferPages: true,
    info: { Title: `${t("grants.export.reportTitle")} — ${g.contractNumber} — ${t("grants.periodN", { n: content.period.seq })}`, Creator: "DI transitions" },
  });
  doc.registerFont("body", FONT);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const num = (n: number | null) => (n === null ? "—" : formatNumber(n, locale));
  const pct = (n: number | null) => (n === null ? "—" : formatNumber(n / 100, locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }));

  const h1 = (s: string) => doc.font("bold").fontSize(16).text(s, left, doc.y, { width: usable }).moveDown(0.2);
  const h2 = (s: string, keep = 60) => {
    // Keep a heading with at least a few lines (`keep` points) of what follows it.
    if (doc.y + keep > bottom()) doc.addPage();
    doc.moveDown(0.6).font("bold").fontSize(12).text(s, left, doc.y, { width: usable }).moveDown(0.2);
  };
  const h3 = (s: string) => {
    if (doc.y + 50 > bottom()) doc.addPage();
    doc.moveDown(0.4).font("bold").fontSize(10).text(s, left, doc.y, { width: usable }).moveDown(0.15);
  };
  const p = (s: string) => doc.font("body").fontSize(9.5).text(s, left, doc.y, { width: usable, paragraphGap: 3 });
  const line = (label: string, value: string) =>
    doc.font("bold").fontSize(9.5).text(`${label}: `, left, doc.y, { continued: true, width: usable }).font("body").text(value || "—");

  /** A table of aligned columns with a grid; rows wrap, and the header repeats on each new page. */
  function table(columns: Column[], rows: string[][], groups?: { label: string; span: number }[]) {
    const heightOf = (cells: string[], widths: number[], font: "body" | "bold", size = TABLE_FONT_SIZE) => {
      doc.font(font).fontSize(size);
      return Math.max(...cells.map((c, i) => doc.heightOfString(c || " ", { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    };
    const drawRow = (cells: string[], widths: number[], aligns: Column["align"][], font: "body" | "bold", y: number, shade: boolean, size = TABLE_FONT_SIZE) => {
      const h = heightOf(cells, widths, font, size);
      let x = left;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        if (shade) doc.rect(x, y, w, h).fill("#eeeeee");
        doc.lineWidth(0.5).strokeColor("#888888").rect(x, y, w, h).stroke();
        doc.fillColor("black").font(font).fontSize(size).text(c, x + PAD, y + PAD, { width: w - 2 * PAD, align: aligns[i] ?? "left", lineBreak: true });
        x += w;
      });
      return y + h;
    };
    /** The largest size (down to 6 pt) at which no word of a header is cut inside a narrow column. */
    const headerSize = (cells: string[], widths: number[]) =>
      [TABLE_FONT_SIZE, 7.5, 7, 6.5, 6].find((size) => {
        doc.font("bold").fontSize(size);
        return cells.every((c, i) => c.split(/\s+/).every((word) => doc.widthOfString(word) <= widths[i]! - 2 * PAD));
      }) ?? 6;
    const widths = columns.map((c) => c.width);
    const headerRows: { cells: string[]; widths: number[]; aligns: Column["align"][]; size: number }[] = [];
    const addHeader = (cells: string[], ws: number[], aligns: Column["align"][]) => headerRows.push({ cells, widths: ws, aligns, size: headerSize(cells, ws) });
    if (groups) {
      // Group labels span their columns; the columns before the groups keep their own headers below.
      const lead = columns.length - groups.reduce((n, gr) => n + gr.span, 0);
      const gw: number[] = [];
      const gc: string[] = [];
      for (let i = 0; i < lead; i++) {
        gw.push(widths[i]!);
        gc.push("");
      }
      let at = lead;
      for (const gr of groups) {
        gw.push(widths.slice(at, at + gr.span).reduce((a, b) => a + b, 0));
        gc.push(gr.label);
        at += gr.span;
      }
      addHeader(gc, gw, gc.map(() => "center"));
    }
    addHeader(
      columns.map((c) => c.header),
      widths,
      columns.map((c) => c.align),
    );
    const headerHeight = headerRows.reduce((n, r) => n + heightOf(r.cells, r.widths, "bold", r.size), 0);
    const drawHeader = (y: number) => headerRows.reduce((yy, r) => drawRow(r.cells, r.widths, r.aligns, "bold", yy, true, r.size), y);

    let y = doc.y;
    const firstRow = rows[0] ? heightOf(rows[0], widths, "body") : 0;
    if (y + headerHeight + firstRow > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    y = drawHeader(y);
    for (const r of rows) {
      const h = heightOf(r, widths, "body");
      if (y + h > bottom()) {
        doc.addPage();
        y = drawHeader(doc.page.margins.top);
      }
      y = drawRow(
        r,
        widths,
        columns.map((c) => c.align),
        "body",
        y,
        false,
      );
    }
    doc.x = left;
    doc.y = y + 6;
  }

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
      line(t("grants.export.changes.computedAt"), formatDateTime(meta.changes.computedAt, locale, meta.timeZone ?? "UTC"));
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
        ...categories.flatMap((): Column[] => [numeric(t("grants.export.columns.inPeriod"), cellWidth), numeric(t("grants.export.columns.cumulativeShort"), cellWidth)]),
      ],
      rows.map((r) => {
        const counts = r.breakdowns[breakdown] ?? {};
        const cell = (n: number | null | undefined) => (n === null ? HIDDEN_MARK : num(n ?? 0));
        return [t(`indicators.${r.code}`), ...categories.flatMap((c) => [cell(counts[c]?.inPeriod), cell(counts[c]?.cumulative)])];
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

  // Narrative.
  h2(t("grants.export.narrative.problems"));
  p(content.narrative.problems || "—");
  h2(t("grants.export.narrative.plannedProgress"));
  p(content.narrative.plannedProgress || "—");

  // Footer on every page: the status, and the page number.
  const status = statusLines(t, locale, content, meta)
    .map((l) => `${l.label}: ${l.value}`)
    .join(" · ");
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedBottom = doc.page.margins.bottom;
    // Writing below the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - 10;
    doc.lineWidth(0.5).strokeColor("#888888").moveTo(left, y - 4).lineTo(left + usable, y - 4).stroke();
    const pageLabel = t("common.pageOf", { page: i - range.start + 1, pages: range.count });
    doc.fillColor("black").font("body").fontSize(7);
    const pageWidth = doc.widthOfString(pageLabel) + 4;
    doc.text(status, left, y, { width: usable - pageWidth - 10, lineBreak: false, ellipsis: true });
    doc.text(pageLabel, left + usable - pageWidth, y, { width: pageWidth, align: "right", lineBreak: false });
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return done;
}
