import type ExcelJS from "exceljs";
import { newWorkbook } from "#app/utils/xlsx.server";
import type { TFunction } from "i18next";
import type { Locale } from "#db/schema/enums";
import { formatDate, formatDateTime } from "#app/utils/format";
import { breakdownCategories, categoryLabel, HIDDEN_MARK } from "#app/modules/grants/breakdowns";
import { excelDate, sheetName } from "#app/modules/grants/export.server";
import { BREAKDOWNS } from "#app/modules/indicators/definitions";
import type { monitoringForExport } from "./service.server";

type ExportData = ReturnType<typeof monitoringForExport>;

const bold = { bold: true } as const;

/**
 * The monitoring overview as an XLSX workbook in the reader's language (decision 033): plan
 * areas, institutions, milestones, grant indicators, breakdowns (hidden cells marked as in the
 * grant reports' files). Aggregates only: no person's name, code or date.
 */
export async function monitoringWorkbook(t: TFunction, locale: Locale, d: ExportData): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = "DI transitions";
  wb.title = t("monitoring.title");
  wb.created = new Date(d.computedAt);
  const used = new Set<string>();
  const areaName = new Map(d.areas.map((a) => [a.id, a.name]));
  const sheet = (name: string, columns: Partial<ExcelJS.Column>[]) => {
    const ws = wb.addWorksheet(sheetName(name, used));
    ws.columns = columns;
    ws.getRow(1).font = bold;
    ws.getRow(1).alignment = { wrapText: true, vertical: "top" };
    ws.views = [{ state: "frozen", ySplit: 1 }];
    return ws;
  };

  // Plan areas: one row per plan (or per area without a plan).
  const areas = sheet(t("monitoring.export.sheets.areas"), [
    { header: t("monitoring.area"), key: "area", width: 34 },
    { header: t("monitoring.country"), key: "country", width: 10 },
    { header: t("monitoring.region"), key: "region", width: 16 },
    { header: t("monitoring.institutionCount"), key: "institutions", width: 12 },
    { header: t("monitoring.plan"), key: "plan", width: 40 },
    { header: t("monitoring.planState"), key: "state", width: 18 },
    { header: t("monitoring.planVersion"), key: "version", width: 10 },
    ...(["achieved", "on_track", "at_risk", "missed"] as const).map((s) => ({
      header: t(`plans.milestoneStatuses.${s}`),
      key: s,
      width: 12,
    })),
  ]);
  for (const a of d.areas) {
    const base = {
      area: a.name,
      country: a.country,
      region: a.region ?? "",
      institutions: d.institutions.filter((i) => i.municipalityId === a.id).length,
    };
    const own = d.plans.filter((p) => p.municipalityId === a.id);
    if (own.length === 0) areas.addRow({ ...base, plan: t("monitoring.noPlan") });
    for (const p of own)
      areas.addRow({
        ...base,
        plan: p.title,
        state: t(`plans.states.${p.state}`),
        version: p.version,
        ...p.milestoneCounts,
      });
  }

  const insts = sheet(t("monitoring.export.sheets.institutions"), [
    { header: t("monitoring.institution"), key: "name", width: 50 },
    { header: t("monitoring.area"), key: "area", width: 34 },
    { header: t("monitoring.kind"), key: "kind", width: 28 },
    { header: t("monitoring.places"), key: "places", width: 10 },
  ]);
  for (const i of d.institutions)
    insts.addRow({
      name: i.name,
      area: areaName.get(i.municipalityId) ?? "",
      kind: t(`institutions.kinds.${i.kind}`),
      places: i.places,
    });

  const ms = sheet(t("monitoring.export.sheets.milestones"), [
    { header: t("monitoring.area"), key: "area", width: 30 },
    { header: t("monitoring.plan"), key: "plan", width: 34 },
    { header: t("plans.date"), key: "on", width: 12 },
    { header: t("plans.milestone"), key: "title", width: 40 },
    { header: t("plans.status"), key: "status", width: 14 },
    { header: t("grants.indicator"), key: "indicator", width: 50 },
    { header: t("grants.target"), key: "target", width: 10 },
    { header: t("monitoring.actual"), key: "actual", width: 10 },
  ]);
  for (const p of d.plans)
    for (const m of p.milestones) {
      const base = {
        area: areaName.get(p.municipalityId) ?? "",
        plan: p.title,
        on: excelDate(m.date),
        title: m.title,
        status: m.status ? t(`plans.milestoneStatuses.${m.status}`) : "—",
      };
      if (m.targets.length === 0) ms.addRow(base);
      for (const tg of m.targets)
        ms.addRow({ ...base, indicator: t(`indicators.${tg.code}`), target: tg.target, actual: tg.actual });
    }
  ms.getColumn("on").numFmt = "yyyy-mm-dd";

  const gs = sheet(t("monitoring.export.sheets.indicators"), [
    { header: t("grants.contractNumber"), key: "contract", width: 28 },
    { header: t("monitoring.grant"), key: "title", width: 40 },
    { header: t("grants.export.period"), key: "period", width: 30 },
    { header: t("grants.indicator"), key: "indicator", width: 50 },
    { header: t("grants.export.columns.indicatorCode"), key: "code", width: 22 },
    { header: t("grants.unit"), key: "unit", width: 10 },
    { header: t("grants.baseline"), key: "baseline", width: 10 },
    { header: t("grants.target"), key: "target", width: 10 },
    { header: t("grants.export.columns.valueInPeriod"), key: "inPeriod", width: 14 },
    { header: t("grants.export.columns.cumulative"), key: "cumulative", width: 14 },
    { header: t("grants.export.columns.percentOfTarget"), key: "percent", width: 12 },
  ]);
  for (const g of d.grants) {
    const period = g.period
      ? `${t("grants.periodN", { n: g.period.seq })}: ${formatDate(g.period.startsOn, locale)} – ${formatDate(g.period.endsOn, locale)}`
      : t("monitoring.notStarted");
    for (const r of g.indicators)
      gs.addRow({
        contract: g.contractNumber,
        title: g.title,
        period,
        indicator: t(`indicators.${r.code}`),
        code: r.code,
        unit: t(`grants.units.${r.unit}`),
        baseline: r.baseline,
        target: r.target,
        inPeriod: r.inPeriod,
        cumulative: r.cumulative,
        percent: r.percentOfTarget,
      });
  }
  gs.getColumn("percent").numFmt = "0.0";

  // Breakdowns: one row per grant, indicator, breakdown and category; hidden cells carry the mark.
  const bs = sheet(t("monitoring.export.sheets.breakdowns"), [
    { header: t("grants.contractNumber"), key: "contract", width: 28 },
    { header: t("grants.indicator"), key: "indicator", width: 50 },
    { header: t("monitoring.breakdown"), key: "breakdown", width: 18 },
    { header: t("monitoring.category"), key: "category", width: 24 },
    { header: t("grants.export.columns.inPeriod"), key: "inPeriod", width: 12 },
    { header: t("grants.export.columns.cumulativeShort"), key: "cumulative", width: 12 },
  ]);
  const cell = (n: number | null | undefined) => (n === null ? HIDDEN_MARK : (n ?? 0));
  let hidden: number | null = null;
  for (const g of d.grants) {
    if (g.disclosure?.hidden) hidden = g.disclosure.threshold;
    for (const b of BREAKDOWNS) {
      const rows = g.breakdowns.filter((r) => r.breakdowns[b]);
      for (const c of breakdownCategories(b, g.ageScheme, rows))
        for (const r of rows) {
          const v = r.breakdowns[b]?.[c];
          bs.addRow({
            contract: g.contractNumber,
            indicator: t(`indicators.${r.code}`),
            breakdown: t(`grants.breakdowns.${b}`),
            category: categoryLabel(t, b, c),
            inPeriod: cell(v ? v.inPeriod : 0),
            cumulative: cell(v ? v.cumulative : 0),
          });
        }
    }
  }
  if (hidden !== null) {
    bs.addRow([]);
    bs.addRow([t("grants.disclosure.note", { mark: HIDDEN_MARK, threshold: hidden })]);
  }

  const info = wb.addWorksheet(sheetName(t("monitoring.export.sheets.about"), used));
  info.getColumn(1).width = 30;
  info.getColumn(2).width = 80;
  for (const [label, value] of [
    [t("monitoring.scope"), scopeText(t, d.granted)],
    [t("grants.export.status.computedAt"), formatDateTime(d.computedAt, locale, "UTC")],
  ] as const)
    info.addRow([label, value]).getCell(1).font = bold;

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The scope in words: "whole country: BG; plan areas: …", or every plan area (administrators). */
export function scopeText(t: TFunction, g: ExportData["granted"]): string {
  if (g.all) return t("monitoring.scopeAll");
  return [
    ...g.countries.map((c) => t("monitoring.scopeCountry", { country: t(`countries.${c}`) })),
    ...(g.municipalities.length ? [t("monitoring.scopeAreas", { areas: g.municipalities.join(", ") })] : []),
  ].join("; ");
}
