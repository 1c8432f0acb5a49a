import type ExcelJS from "exceljs";

/**
 * A new exceljs workbook, the one way the product makes or reads an XLSX file. exceljs is loaded
 * on the first export or import, not when a serving process starts: it is 27 MB of each process's
 * memory and a quarter of its start-up (docs/performance.md, 2026-12-04). The module loader keeps
 * it once loaded.
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: exceljs } = await import("exceljs");
  return new exceljs.Workbook();
}
