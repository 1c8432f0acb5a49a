import { newWorkbook } from "#app/utils/xlsx.server";
import type { TFunction } from "i18next";
import { budgetTotals, costLinesOf, planCurrency, type PlanCurrency } from "./costs";
import type { PlanContent } from "./schemas";

/**
 * The plan's actions as an XLSX workbook, with headers and statuses in the user's language; a
 * second sheet holds the budget by year and funding source with its totals, a third every cost
 * line (decision 040). Amounts are numbers with the currency's format, so the sheet sums them.
 */
export async function actionsWorkbook(
  t: TFunction,
  title: string,
  content: PlanContent,
  statuses: Record<string, string> = {},
  currency: PlanCurrency = planCurrency(content, "PL"),
): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = "DI transitions";
  const ws = wb.addWorksheet(t("plans.actions").slice(0, 31));
  ws.columns = [
    { header: t("plans.goal"), key: "goal", width: 36 },
    { header: t("plans.action"), key: "title", width: 40 },
    { header: t("plans.owner"), key: "owner", width: 28 },
    { header: t("plans.start"), key: "start", width: 12 },
    { header: t("plans.deadline"), key: "deadline", width: 12 },
    { header: t("plans.budget"), key: "budget", width: 16 },
    { header: t("plans.currency"), key: "currency", width: 10 },
    { header: t("plans.fundingSource"), key: "fundingSource", width: 28 },
    { header: t("plans.status"), key: "status", width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const a of content.actions) {
    ws.addRow({
      goal: content.goals.find((g) => g.id === a.goalId)?.title ?? "",
      title: a.title,
      owner: a.owner,
      // Real dates and numbers, so the spreadsheet can sort and sum them.
      start: new Date(`${a.start}T00:00:00Z`),
      deadline: new Date(`${a.deadline}T00:00:00Z`),
      budget: a.budget,
      currency: a.currency,
      fundingSource: a.fundingSource,
      status: t(`plans.actionStatuses.${statuses[a.id] ?? a.status}`),
    });
  }
  ws.getColumn("start").numFmt = "yyyy-mm-dd";
  ws.getColumn("deadline").numFmt = "yyyy-mm-dd";
  ws.getColumn("budget").numFmt = "#,##0.00";
  ws.views = [{ state: "frozen", ySplit: 1 }];

  const totals = budgetTotals(content.actions, currency);
  const money = `#,##0.00 "${currency}"`;
  const sourceName = (s: string) => s || t("plans.costs.noSource");
  const budget = wb.addWorksheet(t("plans.costs.title").slice(0, 31));
  budget.addRow([t("plans.costs.year"), ...totals.sources.map(sourceName), t("plans.costs.total")]);
  for (const y of totals.years)
    budget.addRow([y, ...totals.sources.map((s) => totals.cells[y]?.[s] ?? 0), totals.byYear[y]]);
  budget.addRow([t("plans.costs.total"), ...totals.sources.map((s) => totals.bySource[s]), totals.total]);
  budget.getRow(1).font = { bold: true };
  budget.getRow(budget.rowCount).font = { bold: true };
  budget.columns.forEach((col, i) => {
    col.width = i === 0 ? 12 : 20;
    if (i > 0) col.numFmt = money;
  });
  const lines = wb.addWorksheet(t("plans.costs.lines").slice(0, 31));
  lines.addRow([
    t("plans.action"),
    t("plans.costs.year"),
    t("plans.costs.amount"),
    t("plans.currency"),
    t("plans.fundingSource"),
  ]);
  for (const a of content.actions)
    for (const l of costLinesOf(a)) lines.addRow([a.title, l.year, l.amount, a.currency, l.source]);
  lines.getRow(1).font = { bold: true };
  lines.columns.forEach((col, i) => (col.width = [40, 8, 18, 10, 30][i]));
  lines.getColumn(3).numFmt = "#,##0.00";
  wb.title = title;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
