import { stringify } from "csv-stringify/sync";
import { newWorkbook } from "#app/utils/xlsx.server";
import type { TFunction } from "i18next";
import type { Locale } from "#db/schema/enums";
import { isValidDate } from "#app/utils/dates";

/**
 * The downloadable template of a history import: the header in the user's language and one
 * example row, as CSV (UTF-8 with BOM; "," in English, ";" as Polish and Bulgarian Excel
 * expects) or as an Excel workbook (the example's dates as real date cells, a second sheet
 * explaining every column). The import reads both back.
 */
export interface TemplateColumn {
  field: string;
  header: string;
  required: boolean;
  /** Translation keys of the column's meaning and of its accepted values. */
  labelKey: string;
  helpKey: string;
}

export type TemplateFormat = "csv" | "xlsx";

export const TEMPLATE_CONTENT_TYPES: Record<TemplateFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** An example's date in the way people of that language type it (both are read back). */
export function exampleDate(iso: string, locale: Locale): string {
  if (locale === "en") return iso;
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

export async function templateFile(input: {
  columns: TemplateColumn[];
  /** Field → the example's value as typed in a CSV (dates YYYY-MM-DD). */
  example: Record<string, string>;
  locale: Locale;
  format: TemplateFormat;
  t: TFunction;
  sheetName: string;
}): Promise<Uint8Array> {
  const { columns, example, locale, format, t } = input;
  if (format === "csv") {
    const value = (field: string) => {
      const v = example[field] ?? "";
      return isValidDate(v) ? exampleDate(v, locale) : v;
    };
    const text = stringify([columns.map((c) => c.header), columns.map((c) => value(c.field))], {
      delimiter: locale === "en" ? "," : ";",
      record_delimiter: "windows",
    });
    return new TextEncoder().encode(`\uFEFF${text}`);
  }
  const wb = await newWorkbook();
  wb.creator = "DI transitions";
  const ws = wb.addWorksheet(input.sheetName.slice(0, 31));
  ws.addRow(columns.map((c) => c.header));
  ws.getRow(1).font = { bold: true };
  ws.addRow(
    columns.map((c) => {
      const v = example[c.field] ?? "";
      return isValidDate(v) ? new Date(`${v}T00:00:00Z`) : v;
    }),
  );
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(12, Math.min(40, c.header.length + 2));
    if (isValidDate(example[c.field] ?? "")) col.numFmt = locale === "en" ? "yyyy-mm-dd" : "dd.mm.yyyy";
  });
  ws.views = [{ state: "frozen", ySplit: 1 }];
  const help = wb.addWorksheet(t("history.template.helpSheet").slice(0, 31));
  help.addRow([t("residents.import.column"), t("residents.import.meaning"), t("residents.import.accepted")]);
  help.getRow(1).font = { bold: true };
  for (const c of columns)
    help.addRow([
      c.header,
      `${t(c.labelKey)}${c.required ? ` (${t("residents.import.required")})` : ""}`,
      t(c.helpKey),
    ]);
  help.getColumn(1).width = 30;
  help.getColumn(2).width = 40;
  help.getColumn(3).width = 80;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
