import bg from "#app/locales/bg.json";
import en from "#app/locales/en.json";
import pl from "#app/locales/pl.json";
import type { Locale } from "#db/schema/enums";
import type { FieldError, FieldErrors } from "#app/utils/issues";
import {
  CSV_FILE_MESSAGES,
  type CsvDelimiter,
  type CsvEncoding,
  type ValueWords,
} from "#app/modules/csv/import.server";
import type { SheetFormat, SheetMessages } from "./spreadsheet.server";

/**
 * What the history imports (residents, staff) share: limits, file messages, the words of coded
 * values taken from the interface's own labels, and the shape of a preview.
 */

/**
 * Most data rows of a history file. Every row is replayed through the services inside the one
 * transaction that holds SQLite's write lock, and the server answers nothing else meanwhile
 * (about 7.5 ms a row for a full history with a move and a service, measured: 1,000 rows take
 * 7–8 s; docs/decisions/018-history-import.md). Larger histories are split into several files.
 */
export const MAX_HISTORY_ROWS = 1000;

export const HISTORY_MESSAGES: SheetMessages = {
  encoding: CSV_FILE_MESSAGES.encoding,
  empty: CSV_FILE_MESSAGES.empty,
  malformed: CSV_FILE_MESSAGES.malformed,
  xlsx: "history.errors.xlsx",
  xls: "history.errors.xls",
};

export interface HistoryFileOptions {
  /** Language of the column names listed in file-level errors. */
  locale?: Locale;
  /** Told after each row of the replay: rows judged so far, of the rows in the file. */
  onProgress?: (done: number, total: number) => void;
}

/** A checked history file: each row with its errors and, when it was accepted, what it made. */
export interface HistoryPreview<F extends string, R> {
  format: SheetFormat | null;
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  rowCount: number;
  errorRowCount: number;
  fileErrors: FieldError[];
  rows: { line: number; values: Record<F, string>; errors: FieldErrors; outcome: R | null }[];
}

export interface HistoryResult {
  count: number;
  ids: number[];
  format: SheetFormat;
  encoding: CsvEncoding | null;
}

type Tree = { [k: string]: string | Tree };
const LOCALES: Record<Locale, Tree> = { en, pl, bg };

function label(tree: Tree, key: string): string | null {
  let cur: string | Tree | undefined = tree;
  for (const part of key.split(".")) cur = typeof cur === "object" ? cur[part] : undefined;
  return typeof cur === "string" ? cur : null;
}

/** An interface label in a language (column names made from labels). */
export function labelOf(locale: Locale, key: string): string {
  const l = label(LOCALES[locale], key);
  if (l === null) throw new Error(`no ${locale} label ${key}`);
  return l;
}

/**
 * Words accepted for coded values: each code's label in English, Polish and Bulgarian (as the
 * interface shows it), also without a part in parentheses and that part alone ("Usługi
 * opiekuńcze (care services)" gives "Usługi opiekuńcze" and "care services").
 */
export function labelWords(codes: readonly string[], keyOf: (code: string) => string): ValueWords {
  return Object.fromEntries(
    codes.map((code) => {
      const words = new Set<string>();
      for (const tree of Object.values(LOCALES)) {
        const l = label(tree, keyOf(code));
        if (!l) continue;
        words.add(l);
        const m = /^(.*?)\s*\((.*)\)\s*$/.exec(l);
        if (m) {
          words.add(m[1]!);
          words.add(m[2]!);
        }
      }
      return [code, [...words]];
    }),
  );
}
