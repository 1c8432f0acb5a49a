import ExcelJS from "exceljs";
import type { TFunction } from "i18next";
import type { PlanContent } from "./schemas";

/** The plan's actions as an XLSX workbook, with headers and statuses in the user's language. */
export async function actionsWorkbook(
  t: TFunction,
  title: string,
  content: PlanContent,
  statuses: Record<string, string> = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
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
  wb.title = title;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
