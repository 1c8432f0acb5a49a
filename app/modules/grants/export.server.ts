import { stringify } from "csv-stringify/sync";
import type ExcelJS from "exceljs";
import { newWorkbook } from "#app/utils/xlsx.server";
import type { TFunction } from "i18next";
import iconv from "iconv-lite";
import type { Locale } from "#db/schema/enums";
import { INTL_LOCALE } from "#app/i18n";
import { formatDate, formatDateTime, type DisplayZone } from "#app/utils/format";
import { BREAKDOWNS } from "#app/modules/indicators/definitions";
import { breakdownCategories, categoryLabel, HIDDEN_MARK } from "./breakdowns";
import type { DisclosureNote } from "./reports.server";
import type { ExcludedItem } from "#app/modules/indicators/engine.server";
import type { IndicatorDiff, ShownReportContent as ReportContent } from "./reports.server";

/**
 * A period report as files for the funder: an XLSX workbook (the table, one sheet per
 * breakdown, the drill-down and left-out lists, the narrative), a CSV of the table, and (in
 * pdf.server.ts) a PDF. A submitted report's files also say how the live data now differ from
 * it (its late corrections). Only pseudonymous codes of persons appear, never their names.
 */

/** How the report stands: the live values, or the frozen content with who submitted it. */
export interface ReportMeta {
  status: "live" | "submitted";
  submittedAt: string | null;
  submittedByName: string | null;
  contentHash: string | null;
  /** Time zone of the instants shown (submission, computation); the grant's. UTC if not given. */
  timeZone?: DisplayZone;
  /** Submitted reports: the late corrections, as the report page shows them. Null for live values. */
  changes: ReportChanges | null;
  /** Whether breakdown cells are hidden from this reader; absent: exact figures. */
  disclosure?: DisclosureNote;
}

/** The sentence under the breakdowns when some cell is hidden; null when none is. */
export function hiddenNote(t: TFunction, meta: ReportMeta): string | null {
  return meta.disclosure?.hidden
    ? t("grants.disclosure.note", { mark: HIDDEN_MARK, threshold: meta.disclosure.threshold })
    : null;
}

/** How the live data differ from a submitted report: the indicators that changed, and when the live values were computed. */
export interface ReportChanges {
  computedAt: string;
  /** Only the indicators whose values or codes changed; empty when none did. */
  indicators: IndicatorDiff[];
}

/** The columns of the changes table, in the report page's words. */
function changeHeaders(t: TFunction): string[] {
  return [
    t("grants.indicator"),
    t("grants.export.columns.indicatorCode"),
    t("grants.report.submittedInPeriod"),
    t("grants.report.liveInPeriod"),
    t("grants.report.submittedCumulative"),
    t("grants.report.liveCumulative"),
    t("grants.report.difference"),
  ];
}

/** The cumulative difference, live minus submitted. */
export const cumulativeDifference = (d: IndicatorDiff) => d.liveCumulative - d.frozenCumulative;

/** The codes a correction added and removed, in the page's words ("added: …", "removed: …"). */
export function changedCodes(t: TFunction, d: IndicatorDiff): string {
  return [
    d.added.length ? t("grants.report.added", { codes: d.added.join(", ") }) : "",
    d.removed.length ? t("grants.report.removed", { codes: d.removed.join(", ") }) : "",
  ]
    .filter(Boolean)
    .join("; ");
}

/** The breakdowns with at least one indicator, each with its rows and categories. */
export function breakdownTables(content: ReportContent) {
  return BREAKDOWNS.map((b) => {
    const rows = content.rows.filter((r) => r.breakdowns[b]);
    return { breakdown: b, rows, categories: breakdownCategories(b, content.grant.ageScheme, rows) };
  }).filter((x) => x.rows.length > 0);
}

export const missingLabel = (t: TFunction, m: ExcludedItem["missing"][number]) =>
  m === "sex" ? t("residents.sex") : t("residents.dateOfBirth");

/** The status line: who submitted when, with the hash; or that the values are live. */
export function statusLines(
  t: TFunction,
  locale: Locale,
  content: ReportContent,
  meta: ReportMeta,
): { label: string; value: string }[] {
  const computed = {
    label: t("grants.export.status.computedAt"),
    value: formatDateTime(content.computedAt, locale, meta.timeZone ?? "UTC"),
  };
  if (meta.status !== "submitted")
    return [{ label: t("grants.export.status.label"), value: t("grants.export.status.live") }, computed];
  const submitted = t("grants.export.status.submitted", {
    name: meta.submittedByName ?? "—",
    date: formatDateTime(meta.submittedAt ?? content.computedAt, locale, meta.timeZone ?? "UTC"),
  });
  return [
    { label: t("grants.export.status.label"), value: submitted },
    { label: t("grants.export.status.hash"), value: meta.contentHash ?? "—" },
  ];
}

export const periodDates = (content: ReportContent, locale: Locale) =>
  `${formatDate(content.period.startsOn, locale)} – ${formatDate(content.period.endsOn, locale)}`;

/** Excel's rules for sheet names: at most 31 characters, none of []:*?/\, no apostrophe at either end, unique. */
export function sheetName(name: string, used: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, "-")
      .replace(/^'+|'+$/g, "")
      .trim()
      .slice(0, 31)
      .trim() || "Sheet";
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()); n++)
    candidate = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/** A calendar date as a spreadsheet date (midnight UTC: the same day in every zone). */
export const excelDate = (d: string) => new Date(`${d}T00:00:00Z`);

/** The main table's columns, shared by the Report sheet and the CSV. */
function tableHeaders(t: TFunction): string[] {
  return [
    t("grants.indicator"),
    t("grants.export.columns.indicatorCode"),
    t("grants.unit"),
    t("grants.baseline"),
    t("grants.target"),
    t("grants.export.columns.valueInPeriod"),
    t("grants.export.columns.cumulative"),
    t("grants.export.columns.percentOfTarget"),
  ];
}

const bold = { bold: true } as const;

/** The report as an XLSX workbook, in the user's language. Values are real numbers and dates. */
export async function reportWorkbook(
  t: TFunction,
  locale: Locale,
  content: ReportContent,
  meta: ReportMeta,
): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = "DI transitions";
  wb.title = `${content.grant.contractNumber} — ${content.grant.title}`;
  const created = new Date(content.computedAt);
  if (!Number.isNaN(created.getTime())) wb.created = created;
  const used = new Set<string>();
  const g = content.grant;

  // Report: the title block, then the table.
  const ws = wb.addWorksheet(sheetName(t("grants.export.sheets.report"), used));
  ws.addRow([`${t("grants.export.reportTitle")} — ${g.title}`]).font = { bold: true, size: 14 };
  const info: [string, string][] = [
    [t("grants.contractNumber"), g.contractNumber],
    [t("grants.programme"), g.programme],
    [t("grants.funder"), g.funder],
    [t("grants.institutions"), g.institutions.map((i) => i.name).join("; ")],
    [t("grants.export.period"), `${t("grants.periodN", { n: content.period.seq })}: ${periodDates(content, locale)}`],
    ...statusLines(t, locale, content, meta).map((l): [string, string] => [l.label, l.value]),
  ];
  // Named before the other sheets so that the title block can point to it; added last.
  const changesSheet = meta.changes ? sheetName(t("grants.export.changes.sheet"), used) : null;
  if (meta.changes && changesSheet) {
    const n = meta.changes.indicators.length;
    info.push([
      t("grants.export.changes.title"),
      n ? t("grants.export.changes.summary", { count: n, sheet: changesSheet }) : t("grants.export.changes.none"),
    ]);
  }
  for (const [label, value] of info) {
    const row = ws.addRow([label, value]);
    row.getCell(1).font = bold;
  }
  ws.addRow([]);
  const header = ws.addRow(tableHeaders(t));
  header.font = bold;
  header.alignment = { wrapText: true, vertical: "top" };
  for (const r of content.rows) {
    ws.addRow([
      t(`indicators.${r.code}`),
      r.code,
      t(`grants.units.${r.unit}`),
      r.baseline,
      r.target,
      r.inPeriod,
      r.cumulative,
      r.percentOfTarget,
    ]);
  }
  ws.columns.forEach((c, i) => {
    c.width = [60, 22, 12, 12, 12, 16, 16, 14][i] ?? 14;
  });
  for (const col of [4, 5, 6, 7]) ws.getColumn(col).numFmt = "#,##0";
  ws.getColumn(8).numFmt = "0.0";
  ws.getColumn(1).alignment = { wrapText: true, vertical: "top" };
  ws.views = [{ state: "frozen", ySplit: header.number }];

  // One sheet per breakdown: indicators × categories × (in period, cumulative).
  for (const { breakdown, rows, categories } of breakdownTables(content)) {
    const bs = wb.addWorksheet(sheetName(t(`grants.breakdowns.${breakdown}`), used));
    const top = bs.addRow([
      t("grants.indicator"),
      t("grants.export.columns.indicatorCode"),
      ...categories.flatMap((c) => [categoryLabel(t, breakdown, c), null]),
    ]);
    const sub = bs.addRow([
      "",
      "",
      ...categories.flatMap(() => [t("grants.export.columns.inPeriod"), t("grants.export.columns.cumulativeShort")]),
    ]);
    categories.forEach((_, i) => bs.mergeCells(1, 3 + 2 * i, 1, 4 + 2 * i));
    bs.mergeCells(1, 1, 2, 1);
    bs.mergeCells(1, 2, 2, 2);
    for (const row of [top, sub]) {
      row.font = bold;
      row.alignment = { wrapText: true, vertical: "top", horizontal: "center" };
    }
    for (const r of rows) {
      const counts = r.breakdowns[breakdown] ?? {};
      const cell = (n: number | null | undefined) => (n === null ? HIDDEN_MARK : (n ?? 0));
      bs.addRow([
        t(`indicators.${r.code}`),
        r.code,
        ...categories.flatMap((c) => [cell(counts[c]?.inPeriod), cell(counts[c]?.cumulative)]),
      ]);
    }
    const note = hiddenNote(t, meta);
    if (note) {
      bs.addRow([]);
      bs.addRow([note]);
    }
    bs.getColumn(1).width = 50;
    bs.getColumn(1).alignment = { wrapText: true, vertical: "top" };
    bs.getColumn(2).width = 22;
    for (let i = 0; i < categories.length * 2; i++) {
      bs.getColumn(3 + i).width = 13;
      bs.getColumn(3 + i).numFmt = "#,##0";
    }
    bs.views = [{ state: "frozen", ySplit: 2, xSplit: 2 }];
  }

  // One row per person or unit behind the numbers: a list sheet with a dated column "on".
  const listSheet = (name: string, last: Partial<ExcelJS.Column>[], rows: Record<string, unknown>[]) => {
    const ws = wb.addWorksheet(sheetName(name, used));
    ws.columns = [
      { header: t("grants.indicator"), key: "indicator", width: 50 },
      { header: t("grants.export.columns.indicatorCode"), key: "indicatorCode", width: 22 },
      ...last,
    ];
    ws.getRow(1).font = bold;
    for (const row of rows) ws.addRow(row);
    ws.getColumn("on").numFmt = "yyyy-mm-dd";
    ws.views = [{ state: "frozen", ySplit: 1 }];
  };
  const yesNo = (b: boolean) => (b ? t("grants.export.yes") : t("grants.export.no"));
  const indicatorCells = (code: string) => ({ indicator: t(`indicators.${code}`), indicatorCode: code });

  // Drill-down: every counted person or housing unit.
  listSheet(
    t("grants.export.sheets.drillDown"),
    [
      { header: t("grants.export.columns.code"), key: "code", width: 22 },
      { header: t("grants.export.columns.countingDate"), key: "on", width: 14 },
      { header: t("grants.export.columns.inPeriod"), key: "inPeriod", width: 11 },
      { header: t("grants.export.columns.places"), key: "places", width: 10 },
    ],
    content.rows.flatMap((r) =>
      r.items.map((i) => ({
        ...indicatorCells(r.code),
        code: i.code,
        on: excelDate(i.on),
        inPeriod: yesNo(i.inPeriod),
        places: r.unit === "places" ? i.weight : null,
      })),
    ),
  );

  // Left out: persons not counted for missing sex or date of birth.
  listSheet(
    t("grants.export.sheets.leftOut"),
    [
      { header: t("grants.export.columns.personCode"), key: "code", width: 16 },
      { header: t("grants.export.columns.countingDate"), key: "on", width: 14 },
      { header: t("grants.export.columns.inPeriod"), key: "inPeriod", width: 11 },
      { header: t("grants.export.columns.missingData"), key: "missing", width: 36 },
    ],
    content.rows.flatMap((r) =>
      r.excluded.map((x) => ({
        ...indicatorCells(r.code),
        code: x.code,
        on: excelDate(x.on),
        inPeriod: yesNo(x.inPeriod),
        missing: x.missing.map((m) => missingLabel(t, m)).join(", "),
      })),
    ),
  );

  // Narrative.
  const nw = wb.addWorksheet(sheetName(t("grants.export.sheets.narrative"), used));
  nw.getColumn(1).width = 30;
  nw.getColumn(2).width = 100;
  for (const [label, text] of [
    [t("grants.export.narrative.problems"), content.narrative.problems],
    [t("grants.export.narrative.plannedProgress"), content.narrative.plannedProgress],
  ] as const) {
    const row = nw.addRow([label, text]);
    row.getCell(1).font = bold;
    row.alignment = { wrapText: true, vertical: "top" };
  }

  // Changes since submission (submitted reports): the late corrections, codes only.
  if (meta.changes && changesSheet) {
    const cs = wb.addWorksheet(changesSheet);
    const head = cs.addRow([...changeHeaders(t), t("grants.export.changes.added"), t("grants.export.changes.removed")]);
    head.font = bold;
    head.alignment = { wrapText: true, vertical: "top" };
    for (const d of meta.changes.indicators) {
      cs.addRow([
        t(`indicators.${d.code}`),
        d.code,
        d.frozenInPeriod,
        d.liveInPeriod,
        d.frozenCumulative,
        d.liveCumulative,
        cumulativeDifference(d),
        d.added.join(", "),
        d.removed.join(", "),
      ]);
    }
    if (meta.changes.indicators.length === 0) cs.addRow([t("grants.export.changes.none")]);
    cs.addRow([]);
    cs.addRow([t("grants.export.changes.lead")]);
    const at = cs.addRow([
      t("grants.export.changes.computedAt"),
      formatDateTime(meta.changes.computedAt, locale, meta.timeZone ?? "UTC"),
    ]);
    at.getCell(1).font = bold;
    cs.columns.forEach((c, i) => {
      c.width = [50, 22, 14, 14, 14, 14, 14, 30, 30][i] ?? 14;
    });
    for (const col of [3, 4, 5, 6]) cs.getColumn(col).numFmt = "#,##0";
    cs.getColumn(7).numFmt = "+#,##0;-#,##0;0";
    cs.getColumn(1).alignment = { wrapText: true, vertical: "top" };
    for (const col of [8, 9]) cs.getColumn(col).alignment = { wrapText: true, vertical: "top" };
    cs.views = [{ state: "frozen", ySplit: 1 }];
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The decimal separator of the locale ("," in Polish and Bulgarian). */
const decimalSeparator = (locale: Locale) =>
  new Intl.NumberFormat(INTL_LOCALE[locale]).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";

/**
 * The report's main table as CSV, for spreadsheets that import CSV rather than XLSX.
 * Separator ";" (Polish and Bulgarian Excel use the comma as decimal separator and expect ";");
 * whole numbers are written plainly (no thousands separator), the % of target with one decimal
 * and the locale's decimal separator. UTF-8 output starts with a BOM so that Excel detects the
 * encoding. windows-1250 (Polish) and windows-1251 (Cyrillic) are for older software: they have
 * no BOM, and characters the code page lacks (e.g. Cyrillic in windows-1250, "ł" in
 * windows-1251) become iconv-lite's default replacement, "?".
 *
 * A submitted report adds, after the table, its changes since submission: an empty record, a
 * header and one row per changed indicator (or one row saying there is none). The block has the
 * table's eight columns and its empty record has eight empty fields, so that a reader that
 * insists on one record length (csv-parse, pandas) still reads the file; the codes added and
 * removed share the last column, in the page's words.
 */
export function reportCsv(
  t: TFunction,
  locale: Locale,
  content: ReportContent,
  meta: ReportMeta,
  encoding: "utf-8" | "windows-1250" | "windows-1251",
): Buffer {
  const dec = decimalSeparator(locale);
  const num = (n: number | null) =>
    n === null ? "" : Number.isInteger(n) ? String(n) : n.toFixed(1).replace(".", dec);
  const percent = (n: number | null) => (n === null ? "" : n.toFixed(1).replace(".", dec));
  const header = tableHeaders(t);
  const records = [
    header,
    ...content.rows.map((r) => [
      t(`indicators.${r.code}`),
      r.code,
      t(`grants.units.${r.unit}`),
      num(r.baseline),
      num(r.target),
      num(r.inPeriod),
      num(r.cumulative),
      percent(r.percentOfTarget),
    ]),
  ];
  if (meta.changes) {
    const width = header.length;
    const pad = (cells: string[]) => [...cells, ...Array<string>(width - cells.length).fill("")];
    records.push(pad([]), pad([...changeHeaders(t), t("grants.report.codesChanged")]));
    for (const d of meta.changes.indicators) {
      records.push(
        pad([
          t(`indicators.${d.code}`),
          d.code,
          num(d.frozenInPeriod),
          num(d.liveInPeriod),
          num(d.frozenCumulative),
          num(d.liveCumulative),
          num(cumulativeDifference(d)),
          changedCodes(t, d),
        ]),
      );
    }
    if (meta.changes.indicators.length === 0) records.push(pad([t("grants.export.changes.none")]));
  }
  const text = stringify(records, { delimiter: ";", record_delimiter: "windows" });
  if (encoding === "utf-8") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  return iconv.encode(text, encoding);
}

/** An ASCII file name: report-<contract>-P<n>-<start>_<end>.<ext>, anything else replaced by "-". */
export function reportFileName(content: ReportContent, ext: string): string {
  const ascii = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ł/g, "l")
      .replace(/Ł/g, "L")
      .replace(/[^A-Za-z0-9._-]+/g, "-");
  const contract = ascii(content.grant.contractNumber).replace(/^[-.]+|[-.]+$/g, "") || "grant";
  const extension = ascii(ext.replace(/^\.+/, "")) || "bin";
  return `report-${contract}-P${content.period.seq}-${ascii(content.period.startsOn)}_${ascii(content.period.endsOn)}.${extension}`;
}
