import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import iconv from "iconv-lite";
import type { z } from "zod";
import type { DbOrTx } from "#db/client";
import type { Locale } from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import { isValidDate, localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { institutionInScope } from "#app/utils/scope.server";
import { flattenIssues, type FieldError, type FieldErrors } from "#app/utils/issues";
import { auditByActor } from "#app/modules/audit/service.server";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./files";

/**
 * The machinery shared by the CSV imports of registers (residents, staff): decoding, delimiter,
 * columns named in English, Polish or Bulgarian, values normalised for the schemas, row and file
 * errors, duplicates, preview and all-or-nothing commit. A register supplies a `CsvImporter`:
 * its columns, its row schema, how to find people already registered and how to create one.
 *
 * Preview first, then commit. Nothing from the preview is trusted at commit: the file's bytes
 * are decoded, parsed, validated and checked for duplicates again, inside the one transaction
 * that writes them, so either every row is imported or none.
 */

export type CsvEncoding = "utf-8" | "windows-1250" | "windows-1251";
export type CsvDelimiter = ";" | "," | "\t";

// ---------------------------------------------------------------------------------------------
// Messages

/** Message keys of an import's file-level and row-level errors. */
export interface CsvMessages {
  encoding: string;
  tooLarge: string;
  malformed: string;
  empty: string;
  noRows: string;
  tooManyRows: string;
  unknownColumns: string;
  duplicateColumns: string;
  missingColumns: string;
  /** A row with more cells than the header line. */
  extraCells: string;
  /** Refusal of a commit because rows have errors ({ count }). */
  hasErrors: string;
  /**
   * The same person twice: { line } of the other occurrence in the file, or
   * { context: "registered" } (i18next picks "<key>_registered") when already registered.
   */
  duplicate: string;
}

/**
 * The messages about files, the same for every register. They were written for the first import
 * (residents) and say nothing about residents; the staff import uses them as they are. A register
 * adds its own `duplicate` message (it names what is duplicated).
 */
export const CSV_FILE_MESSAGES: Omit<CsvMessages, "duplicate"> = {
  encoding: "residents.import.errors.encoding",
  tooLarge: "residents.import.errors.tooLarge",
  malformed: "residents.import.errors.malformed",
  empty: "residents.import.errors.empty",
  noRows: "residents.import.errors.noRows",
  tooManyRows: "residents.import.errors.tooManyRows",
  unknownColumns: "residents.import.errors.unknownColumns",
  duplicateColumns: "residents.import.errors.duplicateColumns",
  missingColumns: "residents.import.errors.missingColumns",
  extraCells: "residents.import.errors.extraCells",
  hasErrors: "residents.import.errors.hasErrors",
};

// ---------------------------------------------------------------------------------------------
// Decoding

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

const POLISH_LETTERS = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ";
const POLISH_WORD = new RegExp(`^[A-Za-z${POLISH_LETTERS}]+$`, "u");
const POLISH_LETTER = new RegExp(`[${POLISH_LETTERS}]`, "gu");
const CYRILLIC_WORD = /^[\u0410-\u044f]+$/u;

/**
 * How Polish a windows-1250 reading looks: Polish diacritics counted in words made only of
 * Latin letters and Polish diacritics. Cyrillic bytes read as 1250 come out as Latin letters
 * with non-Polish marks (Č, ŕ, ň, î...), so their words do not count.
 */
function polishScore(text: string): number {
  let n = 0;
  for (const word of text.match(/\p{L}+/gu) ?? []) {
    if (POLISH_WORD.test(word)) n += word.match(POLISH_LETTER)?.length ?? 0;
  }
  return n;
}

/**
 * How Bulgarian a windows-1251 reading looks: letters of words made only of Cyrillic letters.
 * Polish bytes read as 1251 give Cyrillic letters inside Latin words ("Jуzef"), which do not count.
 */
function cyrillicScore(text: string): number {
  let n = 0;
  for (const word of text.match(/\p{L}+/gu) ?? []) {
    if (CYRILLIC_WORD.test(word)) n += word.length;
  }
  return n;
}

/**
 * The text of an uploaded file. A UTF-8 BOM is dropped. Valid UTF-8 is read as UTF-8. Otherwise
 * the file is an old Excel export in one of the two code pages of the product's countries, and
 * both readings are scored: the count of Polish diacritics in Latin words of the windows-1250
 * reading against the count of letters in all-Cyrillic words of the windows-1251 reading; the
 * higher wins. A tie (no letters outside ASCII at all) goes to `fallback` (the institution's
 * country). NUL bytes (UTF-16, .xlsx) or a reading with U+FFFD are refused (AppError validation
 * `errorKey`): a replacement character is never produced silently.
 */
export function decodeCsv(
  bytes: Uint8Array,
  fallback: "windows-1250" | "windows-1251" = "windows-1250",
  errorKey: string = CSV_FILE_MESSAGES.encoding,
): { text: string; encoding: CsvEncoding } {
  const refuse = () => new AppError("validation", errorKey);
  let body = bytes;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  if (body.includes(0)) throw refuse();
  let utf8: string | null;
  try {
    utf8 = strictUtf8.decode(body);
  } catch {
    utf8 = null;
  }
  if (utf8 !== null) {
    if (utf8.includes("\uFFFD")) throw refuse();
    return { text: utf8, encoding: "utf-8" };
  }
  const candidates = (["windows-1250", "windows-1251"] as const)
    .map((encoding) => {
      const text = iconv.decode(body, encoding);
      const score = encoding === "windows-1250" ? polishScore(text) : cyrillicScore(text);
      return { encoding, text, score };
    })
    .filter((c) => !c.text.includes("\uFFFD"));
  if (candidates.length === 0) throw refuse();
  candidates.sort((a, b) => b.score - a.score || (a.encoding === fallback ? -1 : b.encoding === fallback ? 1 : 0));
  const best = candidates[0]!;
  return { text: best.text, encoding: best.encoding };
}

/** The delimiter used most often, outside quotes, on the first non-empty line. */
export function detectDelimiter(text: string): CsvDelimiter | null {
  const firstLine = text.split("\n").find((l) => l.trim() !== "") ?? "";
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  const counts = ([";", "\t", ","] as const).map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : null;
}

// ---------------------------------------------------------------------------------------------
// Columns and values

/** Lower case, no diacritics (ł too, which Unicode does not decompose), no separators. */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase()
    .replace(/[\s_\-.]+/g, "");
}

/** A header cell folded, without a trailing "*" or anything in parentheses ("Płeć (K/M)"). */
export function foldHeader(s: string): string {
  return fold(s.replace(/\(.*?\)/g, "").replace(/\*+\s*$/, ""));
}

/**
 * YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY (one or two digits for day and month, an optional
 * "r." / "г." after the year) as YYYY-MM-DD. Anything else is returned as typed. The caller keeps
 * the typed text when the day does not exist (31.02.1950); either way the schema reports it.
 */
export function normalizeDate(value: string): string {
  const v = value.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (m) return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  m = /^(\d{1,2})([./])(\d{1,2})\2(\d{4})(?:\s*(?:r|г)\.?)?$/u.exec(v);
  if (m) return `${m[4]}-${m[3]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  return v;
}

/**
 * Names of a column. The en / pl / bg names are the ones shown on the page as the template
 * header; `also` lists a few more spellings seen in registers. Matching ignores case,
 * diacritics, spaces, "_", "-", ".", a trailing "*" and anything in parentheses.
 */
export interface ColumnNames {
  en: string;
  pl: string;
  bg: string;
  also?: readonly string[];
}

/** Words accepted for coded values, besides the codes themselves: code → words. */
export type ValueWords = Record<string, readonly string[]>;

/** Columns describing a person, the same in every register. */
export const PERSON_COLUMNS = {
  firstName: { en: "first_name", pl: "imię", bg: "име" },
  lastName: { en: "last_name", pl: "nazwisko", bg: "фамилия", also: ["surname", "фамилно име"] },
  sex: { en: "sex", pl: "płeć", bg: "пол", also: ["gender"] },
  dateOfBirth: { en: "date_of_birth", pl: "data urodzenia", bg: "дата на раждане", also: ["birth date"] },
} as const satisfies Record<string, ColumnNames>;

/** Words for the codes of SEXES. */
export const SEX_WORDS: ValueWords = {
  female: ["f", "k", "kobieta", "ж", "жена"],
  male: ["m", "mężczyzna", "м", "мъж"],
  non_binary: ["niebinarna", "niebinarny", "osoba niebinarna", "небинарен", "небинарна", "небинарно лице"],
};

export interface CsvColumnSpec<F extends string> {
  /** Every column, in the order of the template. */
  fields: readonly F[];
  /** Columns without which no row can be valid (the schema requires their values). */
  required: readonly F[];
  names: Record<F, ColumnNames>;
  /** Columns holding dates: normalised to YYYY-MM-DD when they are real days. */
  dates?: readonly F[];
  /**
   * Words accepted for coded values. Kept small and explicit; a value not listed goes to the
   * schema as typed and is reported as an invalid choice.
   */
  words?: Partial<Record<F, ValueWords>>;
}

export interface CsvColumns<F extends string> {
  fields: readonly F[];
  required: readonly F[];
  /** The column a header cell names, if any. */
  fieldOf(header: string): F | undefined;
  /** The column's name in a language. */
  name(field: F, locale: Locale): string;
  /** The columns of the template, in the user's language, in file order. */
  list(locale: Locale): { field: F; header: string; required: boolean }[];
  /** The header line of a template file ("," in English, ";" as Polish and Bulgarian Excel expects). */
  templateHeader(locale: Locale): string;
  /** A cell as it goes to the schema: trimmed, words mapped to codes, dates as YYYY-MM-DD. */
  normalize(field: F, raw: string): string;
}

/** The lookup tables of a register's columns. Two columns answering to one name are a bug. */
export function csvColumns<F extends string>(spec: CsvColumnSpec<F>): CsvColumns<F> {
  const byName = new Map<string, F>();
  for (const field of spec.fields) {
    const n = spec.names[field];
    for (const name of [n.en, n.pl, n.bg, ...(n.also ?? [])]) {
      const key = foldHeader(name);
      const taken = byName.get(key);
      if (taken && taken !== field) throw new Error(`CSV column name "${name}" is used by ${taken} and ${field}`);
      byName.set(key, field);
    }
  }
  const valueByWord = new Map<F, Map<string, string>>();
  for (const [field, table] of Object.entries(spec.words ?? {}) as [F, ValueWords][]) {
    const m = new Map<string, string>();
    for (const [code, words] of Object.entries(table)) for (const w of [code, ...words]) m.set(fold(w), code);
    valueByWord.set(field, m);
  }
  const dates = spec.dates ?? [];

  const list = (locale: Locale) =>
    spec.fields.map((field) => ({ field, header: spec.names[field][locale], required: spec.required.includes(field) }));
  return {
    fields: spec.fields,
    required: spec.required,
    fieldOf: (header) => byName.get(foldHeader(header)),
    name: (field, locale) => spec.names[field][locale],
    list,
    templateHeader: (locale) =>
      list(locale)
        .map((c) => c.header)
        .join(locale === "en" ? "," : ";"),
    normalize(field, raw) {
      const v = raw.trim();
      if (v === "") return "";
      if (dates.includes(field)) {
        // An impossible day stays as typed, so the preview shows what the user wrote.
        const date = normalizeDate(v);
        return isValidDate(date) ? date : v;
      }
      const words = valueByWord.get(field);
      if (words) return words.get(fold(v)) ?? v;
      return v;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface CsvRow<F extends string> {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  /** The cells as they go to the schema: trimmed, words mapped to codes, dates as YYYY-MM-DD. */
  values: Record<F, string>;
  /**
   * Field name → message key, as on the register's form; `_row` for the row as a whole
   * (duplicates, too many cells).
   */
  errors: FieldErrors;
}

export interface ParsedCsvRow<F extends string, T> extends CsvRow<F> {
  /** The validated input, when the row has no errors. */
  input: T | null;
}

export interface ParsedCsvFile<F extends string, T> {
  delimiter: CsvDelimiter | null;
  rows: ParsedCsvRow<F, T>[];
  /** Errors about the whole file; when there is one, there are no rows. */
  fileErrors: FieldError[];
}

/** How the rows of one file are read: columns, messages, validation and identity. */
export interface CsvTable<F extends string, T> {
  columns: CsvColumns<F>;
  messages: CsvMessages;
  /** The row's values validated: the input, or errors by field. */
  validate(values: Record<F, string>): { input: T | null; errors: FieldErrors };
  /** Identity for duplicates; null when the row cannot be identified. */
  identity(row: ParsedCsvRow<F, T>): string | null;
  /** Most data rows a file may have (default MAX_IMPORT_ROWS). */
  maxRows?: number;
}

/** `validate` of a CsvTable: the values, with `extra` (e.g. the form's institution), through a schema. */
export function validateWith<T>(schema: z.ZodType<T>, extra: Record<string, unknown> = {}) {
  return (values: Record<string, string>): { input: T | null; errors: FieldErrors } => {
    const parsed = schema.safeParse({ ...values, ...extra });
    return parsed.success
      ? { input: parsed.data, errors: {} }
      : { input: null, errors: flattenIssues(parsed.error.issues) };
  };
}

/** Identity of a person: names compared without regard to case or repeated spaces. */
export function personKey(firstName: string, lastName: string, dateOfBirth: string | null): string {
  const n = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
  return `${n(firstName)}\u0000${n(lastName)}\u0000${dateOfBirth ?? ""}`;
}

/** A table of people registered per institution (residents, staff members). */
type PersonTable = SQLiteTable & {
  firstName: SQLiteColumn;
  lastName: SQLiteColumn;
  dateOfBirth: SQLiteColumn;
  institutionId: SQLiteColumn;
};

/** The person keys already registered in an institution: the "already registered" duplicate check. */
export function registeredPersonKeys(db: DbOrTx, table: PersonTable, institutionId: number): string[] {
  return db
    .select({ firstName: table.firstName, lastName: table.lastName, dateOfBirth: table.dateOfBirth })
    .from(table as SQLiteTable)
    .where(eq(table.institutionId, institutionId))
    .all()
    .map((r) => personKey(r.firstName as string, r.lastName as string, r.dateOfBirth as string | null));
}

type PersonField = "firstName" | "lastName" | "dateOfBirth";
interface PersonInput {
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
}

/**
 * `identity` of a CsvTable of people: first name, last name and date of birth (a missing date
 * of birth counts as a value). A row that failed validation still has an identity when its names
 * are there and its date of birth is empty or a real day.
 */
export function personIdentity(row: ParsedCsvRow<PersonField, PersonInput>): string | null {
  if (row.input) return personKey(row.input.firstName, row.input.lastName, row.input.dateOfBirth);
  const { firstName, lastName, dateOfBirth } = row.values;
  if (!firstName || !lastName || (dateOfBirth !== "" && !isValidDate(dateOfBirth))) return null;
  return personKey(firstName, lastName, dateOfBirth || null);
}

/** A row-level error: the first one about the row as a whole is kept; the row is not imported. */
export function addRowError(row: ParsedCsvRow<string, unknown>, error: FieldError) {
  row.errors._row ??= error;
  row.input = null;
}

function fileError<F extends string, T>(key: string, values?: Record<string, string | number>): ParsedCsvFile<F, T> {
  return { delimiter: null, rows: [], fileErrors: [{ key, values }] };
}

/** A non-blank record of a file (a CSV line or a spreadsheet row), with the line where it starts. */
export interface SheetRecord {
  cells: string[];
  /** Line of the file (or row of the sheet) where the record starts; the header is line 1. */
  line: number;
}

/**
 * The records of a CSV text: delimiter from the header line, blank lines (and lines of empty
 * cells, ";;;;" from a spreadsheet) left out, each with the line where it starts.
 */
export function readCsvRecords(
  text: string,
  messages: Pick<CsvMessages, "empty" | "malformed">,
): { delimiter: CsvDelimiter; records: SheetRecord[] } | { error: FieldError } {
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (normalized.trim() === "") return { error: { key: messages.empty } };
  const delimiter = detectDelimiter(normalized) ?? ",";
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(normalized, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = typeof (e as { lines?: unknown }).lines === "number" ? (e as { lines: number }).lines : 0;
    return { error: { key: messages.malformed, values: { line } } };
  }
  return {
    delimiter,
    records: records
      .filter((r) => r.record.some((c) => c.trim() !== ""))
      .map((r) => {
        const innerBreaks = r.record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
        return { cells: r.record, line: r.info.lines - innerBreaks };
      }),
  };
}

/**
 * Parses and validates the text of a CSV file: delimiter from the header line, columns by name
 * (English, Polish or Bulgarian), each row through `table.validate`, and rows repeating an
 * identity within the file (every occurrence names another line). Does not look at the database.
 * `locale` is the language of the column names listed in file-level errors.
 */
export function parseCsvTable<F extends string, T>(
  text: string,
  table: CsvTable<F, T>,
  locale: Locale = "en",
): ParsedCsvFile<F, T> {
  const read = readCsvRecords(text, table.messages);
  if ("error" in read) return fileError(read.error.key, read.error.values);
  return { ...parseRecords(read.records, table, locale), delimiter: read.delimiter };
}

/**
 * The rows of a table read from its records (CSV lines or spreadsheet rows), the first being
 * the header: columns by name, each row through `table.validate`, rows repeating an identity
 * within the file. Does not look at the database.
 */
export function parseRecords<F extends string, T>(
  records: readonly SheetRecord[],
  table: CsvTable<F, T>,
  locale: Locale = "en",
): ParsedCsvFile<F, T> {
  const { columns: spec, messages } = table;
  const maxRows = table.maxRows ?? MAX_IMPORT_ROWS;
  const [header, ...data] = records;
  if (!header) return fileError(messages.empty);

  // Columns.
  const columns: (F | null)[] = [];
  const unknown: string[] = [];
  const seen = new Set<F>();
  const repeated: string[] = [];
  header.cells.forEach((cell, i) => {
    const name = cell.trim();
    if (name === "") {
      // An unnamed column is allowed only if it is empty in every row (checked per row).
      columns[i] = null;
      return;
    }
    const field = spec.fieldOf(name);
    if (!field) unknown.push(name);
    else if (seen.has(field)) repeated.push(name);
    else seen.add(field);
    columns[i] = field ?? null;
  });
  const fileErrors: FieldError[] = [];
  if (unknown.length) fileErrors.push({ key: messages.unknownColumns, values: { columns: unknown.join(", ") } });
  if (repeated.length) fileErrors.push({ key: messages.duplicateColumns, values: { columns: repeated.join(", ") } });
  const missing = spec.required.filter((f) => !seen.has(f));
  if (missing.length)
    fileErrors.push({
      key: messages.missingColumns,
      values: { columns: missing.map((f) => spec.name(f, locale)).join(", ") },
    });
  if (data.length === 0 && fileErrors.length === 0) fileErrors.push({ key: messages.noRows });
  if (data.length > maxRows) fileErrors.push({ key: messages.tooManyRows, values: { max: maxRows } });
  if (fileErrors.length) return { delimiter: null, rows: [], fileErrors };

  // Rows.
  const rows: ParsedCsvRow<F, T>[] = data.map(({ cells, line }) => {
    const values = Object.fromEntries(spec.fields.map((f) => [f, ""])) as Record<F, string>;
    let stray = false;
    cells.forEach((cell, i) => {
      const field = columns[i];
      if (field) values[field] = spec.normalize(field, cell);
      else if (cell.trim() !== "") stray = true;
    });
    const { input, errors } = table.validate(values);
    const row: ParsedCsvRow<F, T> = { line, values, errors, input };
    if (stray) addRowError(row, { key: messages.extraCells });
    return row;
  });

  // The same identity twice in the file: every occurrence names another line.
  const byKey = new Map<string, ParsedCsvRow<F, T>[]>();
  for (const row of rows) {
    const key = table.identity(row);
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const row of group) {
      const other = group.find((r) => r !== row)!;
      addRowError(row, { key: messages.duplicate, values: { line: other.line } });
    }
  }
  return { delimiter: null, rows, fileErrors: [] };
}

// ---------------------------------------------------------------------------------------------
// Preview and commit

export interface CsvImportPreview<F extends string> {
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  rowCount: number;
  errorRowCount: number;
  fileErrors: FieldError[];
  rows: CsvRow<F>[];
}

export interface CsvImportResult {
  count: number;
  ids: number[];
  encoding: CsvEncoding;
}

/** What a register gives to import a CSV file into it. */
export interface CsvImporter<F extends string, T> {
  /**
   * How the rows are read for an institution (validation takes the form's institution) on a
   * day: `today` in the institution's time zone, for the rows' dates that may not be in the future.
   */
  table(institutionId: number, today: string): CsvTable<F, T>;
  /** Identities (as `table.identity` gives them) already registered in the institution. */
  registered(db: DbOrTx, institutionId: number): Iterable<string>;
  /** Creates one row's record inside the import's transaction; its id. */
  create(ctx: ServiceContext, input: T, tx: DbOrTx): number;
  /** Action of the one audit event summarising the import (counts, no personal data). */
  auditAction: string;
}

export interface CsvImportOptions {
  /** Language of the column names listed in file-level errors. */
  locale?: Locale;
  /** Told after each row by imports that replay rows (history imports): rows done, of all rows. */
  onProgress?: (done: number, total: number) => void;
}

interface Analysis<F extends string, T> {
  encoding: CsvEncoding | null;
  parsed: ParsedCsvFile<F, T>;
  messages: CsvMessages;
}

/** Everything the preview shows and the commit checks; `db` is the commit's transaction. */
function analyse<F extends string, T>(
  importer: CsvImporter<F, T>,
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  locale: Locale | undefined,
  db: DbOrTx,
): Analysis<F, T> {
  const inst = institutionInScope(ctx, institutionId, db);
  const table = importer.table(institutionId, localDate(ctx.now, inst.timeZone));
  const { messages } = table;
  if (bytes.length > MAX_IMPORT_BYTES) {
    return { encoding: null, parsed: fileError(messages.tooLarge, { max: MAX_IMPORT_BYTES / 1024 }), messages };
  }
  let decoded: ReturnType<typeof decodeCsv>;
  try {
    decoded = decodeCsv(bytes, inst.country === "BG" ? "windows-1251" : "windows-1250", messages.encoding);
  } catch (e) {
    if (e instanceof AppError) return { encoding: null, parsed: fileError(e.messageKey, e.values), messages };
    throw e;
  }
  const parsed = parseCsvTable(decoded.text, table, locale);
  // A row repeating someone already registered in the institution. One key for both kinds of
  // duplicate; i18next's context picks the text "<duplicate>_registered".
  const registered = new Set(importer.registered(db, institutionId));
  for (const row of parsed.rows) {
    const key = table.identity(row);
    if (key && registered.has(key)) addRowError(row, { key: messages.duplicate, values: { context: "registered" } });
  }
  return { encoding: decoded.encoding, parsed, messages };
}

/**
 * What an import of this file would do, row by row, writing nothing. The institution must be in
 * the user's scope (else AppError validation `INSTITUTION_OUT_OF_SCOPE`).
 */
export function previewCsvImport<F extends string, T>(
  importer: CsvImporter<F, T>,
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: CsvImportOptions = {},
): CsvImportPreview<F> {
  const { encoding, parsed } = analyse(importer, ctx, institutionId, bytes, options.locale, ctx.db);
  return {
    encoding,
    delimiter: parsed.delimiter,
    rowCount: parsed.rows.length,
    errorRowCount: parsed.rows.filter((r) => Object.keys(r.errors).length > 0).length,
    fileErrors: parsed.fileErrors,
    rows: parsed.rows.map(({ line, values, errors }) => ({ line, values, errors })),
  };
}

/**
 * Imports every row of the file, or nothing. The file is decoded, parsed, validated and checked
 * for duplicates again here, inside one immediate transaction (so a record registered since the
 * preview, or a concurrent import, is seen). Any file error is thrown as that error; any row
 * error as AppError validation `messages.hasErrors` { count }. One audit event
 * (`importer.auditAction`) records counts, encoding and the file's SHA-256, no personal data.
 */
export function commitCsvImport<F extends string, T>(
  importer: CsvImporter<F, T>,
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: CsvImportOptions = {},
): CsvImportResult {
  return ctx.db.transaction(
    (tx) => {
      const { encoding, parsed, messages } = analyse(importer, ctx, institutionId, bytes, options.locale, tx);
      const fe = parsed.fileErrors[0];
      if (fe) throw new AppError("validation", fe.key, fe.values);
      const bad = parsed.rows.filter((r) => Object.keys(r.errors).length > 0 || !r.input).length;
      if (bad > 0) throw new AppError("validation", messages.hasErrors, { count: bad });
      const ids = parsed.rows.map((r) => importer.create(ctx, r.input!, tx));
      auditByActor(tx, ctx, {
        action: importer.auditAction,
        entityType: "institution",
        entityId: institutionId,
        institutionId,
        after: {
          created: ids.length,
          rows: parsed.rows.length,
          encoding,
          delimiter: parsed.delimiter,
          bytes: bytes.length,
          sha256: createHash("sha256").update(bytes).digest("hex"),
        },
      });
      return { count: ids.length, ids, encoding: encoding! };
    },
    { behavior: "immediate" },
  );
}
