import type ExcelJS from "exceljs";
import { newWorkbook } from "#app/utils/xlsx.server";
import type { FieldError } from "#app/utils/issues";
import {
  decodeCsv,
  readCsvRecords,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvMessages,
  type SheetRecord,
} from "#app/modules/csv/import.server";

/**
 * An uploaded history file as records: a CSV text (the encodings and delimiters of the CSV
 * imports) or the first worksheet of an Excel workbook (.xlsx). Told apart by their first bytes,
 * not by the file name: an .xlsx is a ZIP archive ("PK"), an old .xls an OLE2 file.
 */
export type SheetFormat = "csv" | "xlsx";

export interface Sheet {
  format: SheetFormat;
  /** The CSV's encoding; null for a workbook (its text is always Unicode). */
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  records: SheetRecord[];
}

export interface SheetMessages extends Pick<CsvMessages, "encoding" | "empty" | "malformed"> {
  /** A ZIP that is not a readable workbook, or a workbook without a worksheet. */
  xlsx: string;
  /** An Excel 97–2003 .xls file. */
  xls: string;
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle2 = (b: Uint8Array) => b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** A cell as text: dates as YYYY-MM-DD, rich text joined, a formula's result, numbers as written. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    // Excel stores a day without a zone; exceljs gives it as midnight UTC.
    return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  }
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("formula" in value || "sharedFormula" in value)
      return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ("text" in value) return String((value as { text: unknown }).text ?? "");
    if ("error" in value) return "";
  }
  return "";
}

/** The first worksheet's non-blank rows, each with its row number (the header is row 1 when the sheet starts there). */
async function readWorkbook(bytes: Uint8Array, messages: SheetMessages): Promise<Sheet | { error: FieldError }> {
  const workbook = await newWorkbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return { error: { key: messages.xlsx } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { error: { key: messages.xlsx } };
  const records: SheetRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based: values[0] is empty
    const cells = values.slice(1).map((v) => cellText(v ?? null));
    if (cells.some((c) => c.trim() !== "")) records.push({ cells, line: row.number });
  });
  if (records.length === 0) return { error: { key: messages.empty } };
  return { format: "xlsx", encoding: null, delimiter: null, records };
}

/**
 * Reads an uploaded file. `fallback` is the code page a CSV without non-ASCII letters is read
 * in (the institution's country). A file that cannot be read is one file-level error.
 */
export async function readSheet(
  bytes: Uint8Array,
  fallback: "windows-1250" | "windows-1251",
  messages: SheetMessages,
): Promise<Sheet | { error: FieldError }> {
  if (isZip(bytes)) return readWorkbook(bytes, messages);
  if (isOle2(bytes)) return { error: { key: messages.xls } };
  let decoded: ReturnType<typeof decodeCsv>;
  try {
    decoded = decodeCsv(bytes, fallback, messages.encoding);
  } catch {
    return { error: { key: messages.encoding } };
  }
  const read = readCsvRecords(decoded.text, messages);
  if ("error" in read) return read;
  if (read.records.length === 0) return { error: { key: messages.empty } };
  return { format: "csv", encoding: decoded.encoding, delimiter: read.delimiter, records: read.records };
}
