import { newWorkbook } from "#app/utils/xlsx.server";
import type { TFunction } from "i18next";
import type { exportResidents } from "./service.server";

/** The resident list as an XLSX workbook, headers and values in the user's language. */
export async function residentsWorkbook(t: TFunction, rows: ReturnType<typeof exportResidents>): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = "DI transitions";
  const ws = wb.addWorksheet(t("residents.title").slice(0, 31));
  ws.columns = [
    { header: t("residents.code"), key: "code", width: 14 },
    { header: t("residents.lastName"), key: "lastName", width: 22 },
    { header: t("residents.firstName"), key: "firstName", width: 18 },
    { header: t("residents.sex"), key: "sex", width: 10 },
    { header: t("residents.dateOfBirth"), key: "dateOfBirth", width: 12 },
    { header: t("residents.targetGroup"), key: "targetGroup", width: 28 },
    { header: t("residents.institution"), key: "institution", width: 40 },
    { header: t("residents.state"), key: "state", width: 22 },
    { header: t("residents.since"), key: "since", width: 12 },
    { header: t("caseload.keyWorker"), key: "keyWorker", width: 24 },
    { header: t("residents.overdue"), key: "overdue", width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  const day = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);
  for (const r of rows) {
    ws.addRow({
      code: r.code,
      lastName: r.lastName,
      firstName: r.firstName,
      sex: r.sex ? t(`residents.sexes.${r.sex}`) : "",
      dateOfBirth: day(r.dateOfBirth),
      targetGroup: t(`residents.targetGroups.${r.targetGroup}`),
      institution: r.institutionName,
      state: t(`transitions.states.${r.state}`),
      since: day(r.stateSince),
      keyWorker: r.keyWorkerName ?? "",
      overdue: r.overdue ? t("residents.overdue") : "",
    });
  }
  ws.getColumn("dateOfBirth").numFmt = "yyyy-mm-dd";
  ws.getColumn("since").numFmt = "yyyy-mm-dd";
  ws.views = [{ state: "frozen", ySplit: 1 }];
  ws.autoFilter = { from: "A1", to: "K1" };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
