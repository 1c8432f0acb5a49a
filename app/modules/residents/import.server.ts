import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import iconv from "iconv-lite";
import type { DbOrTx } from "../../../db/client";
import { institutions, residents } from "../../../db/schema";
import type { Locale } from "../../../db/schema/enums";
import type { ServiceContext } from "../../utils/context.server";
import { isValidDate } from "../../utils/dates";
import { AppError } from "../../utils/errors";
import { scopeIncludes } from "../../utils/scope.server";
import { flattenIssues, type FieldError, type FieldErrors } from "../../utils/validation";
import { auditByActor } from "../audit/service.server";
import { residentSchema, type ResidentInput } from "./schemas";
import { createResident } from "./service.server";

/**
 * CSV import of residents: preview first, then commit. Nothing from the preview is trusted at
 * commit: the file's bytes are decoded, parsed, validated and checked for duplicates again,
 * inside the one transaction that writes them, so either every row is imported or none.
 */

/** Larger files are refused (the confirm form carries the file base64-encoded, under 1 MiB). */
export const MAX_IMPORT_BYTES = 512 * 1024;
export const MAX_IMPORT_ROWS = 5000;

export type CsvEncoding = "utf-8" | "windows-1250" | "windows-1251";
export type CsvDelimiter = ";" | "," | "\t";

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

function encodingError(): AppError {
  return new AppError("validation", "residents.import.errors.encoding");
}

/**
 * The text of an uploaded file. A UTF-8 BOM is dropped. Valid UTF-8 is read as UTF-8. Otherwise
 * the file is an old Excel export in one of the two code pages of the product's countries, and
 * both readings are scored: the count of Polish diacritics in Latin words of the windows-1250
 * reading against the count of letters in all-Cyrillic words of the windows-1251 reading; the
 * higher wins. A tie (no letters outside ASCII at all) goes to `fallback` (the institution's
 * country). NUL bytes (UTF-16, .xlsx) or a reading with U+FFFD are refused
 * (AppError residents.import.errors.encoding): a replacement character is never produced silently.
 */
export function decodeCsv(
  bytes: Uint8Array,
  fallback: "windows-1250" | "windows-1251" = "windows-1250",
): { text: string; encoding: CsvEncoding } {
  let body = bytes;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  if (body.includes(0)) throw encodingError();
  let utf8: string | null = null;
  try {
    utf8 = strictUtf8.decode(body);
  } catch {
    utf8 = null;
  }
  if (utf8 !== null) {
    if (utf8.includes("\uFFFD")) throw encodingError();
    return { text: utf8, encoding: "utf-8" };
  }
  const candidates = (["windows-1250", "windows-1251"] as const)
    .map((encoding) => {
      const text = iconv.decode(body, encoding);
      const score = encoding === "windows-1250" ? polishScore(text) : cyrillicScore(text);
      return { encoding, text, score };
    })
    .filter((c) => !c.text.includes("\uFFFD"));
  if (candidates.length === 0) throw encodingError();
  candidates.sort((a, b) => b.score - a.score || (a.encoding === fallback ? -1 : b.encoding === fallback ? 1 : 0));
  const best = candidates[0]!;
  return { text: best.text, encoding: best.encoding };
}

// ---------------------------------------------------------------------------------------------
// Columns and values

export const IMPORT_FIELDS = [
  "firstName",
  "lastName",
  "sex",
  "dateOfBirth",
  "targetGroup",
  "disability",
  "legalCapacity",
  "guardianName",
  "guardianContact",
  "guardianDecision",
  "admissionDate",
  "supportNeeds",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns without which no row can be valid (residentSchema requires their values). */
export const REQUIRED_FIELDS: readonly ImportField[] = ["firstName", "lastName", "targetGroup", "disability", "legalCapacity"];

/**
 * Column names. The en / pl / bg names are the ones shown on the page as the template header;
 * `also` lists a few more spellings seen in registers. Matching ignores case, diacritics,
 * spaces, "_", "-", ".", a trailing "*" and anything in parentheses ("Płeć (K/M)").
 */
const COLUMN_NAMES: Record<ImportField, { en: string; pl: string; bg: string; also?: string[] }> = {
  firstName: { en: "first_name", pl: "imię", bg: "име" },
  lastName: { en: "last_name", pl: "nazwisko", bg: "фамилия", also: ["surname", "фамилно име"] },
  sex: { en: "sex", pl: "płeć", bg: "пол", also: ["gender"] },
  dateOfBirth: { en: "date_of_birth", pl: "data urodzenia", bg: "дата на раждане", also: ["birth date"] },
  targetGroup: { en: "target_group", pl: "grupa docelowa", bg: "целева група" },
  disability: { en: "disability", pl: "niepełnosprawność", bg: "увреждане" },
  legalCapacity: { en: "legal_capacity", pl: "zdolność do czynności prawnych", bg: "дееспособност" },
  guardianName: { en: "guardian_name", pl: "opiekun", bg: "настойник", also: ["opiekun prawny", "kurator", "попечител"] },
  guardianContact: { en: "guardian_contact", pl: "kontakt do opiekuna", bg: "контакт с настойника" },
  guardianDecision: { en: "guardian_decision", pl: "postanowienie sądu", bg: "съдебно решение" },
  admissionDate: { en: "admission_date", pl: "data przyjęcia", bg: "дата на настаняване" },
  supportNeeds: { en: "support_needs", pl: "potrzeby wsparcia", bg: "потребности от подкрепа" },
};

/** Lower case, no diacritics (ł too, which Unicode does not decompose), no separators. */
function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase()
    .replace(/[\s_\-.]+/g, "");
}

function foldHeader(s: string): string {
  return fold(s.replace(/\(.*?\)/g, "").replace(/\*+\s*$/, ""));
}

const COLUMN_BY_NAME = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  const n = COLUMN_NAMES[field];
  for (const name of [n.en, n.pl, n.bg, ...(n.also ?? [])]) COLUMN_BY_NAME.set(foldHeader(name), field);
}

/** The columns of the template, in the user's language, in file order. */
export function importColumns(locale: Locale): { field: ImportField; header: string; required: boolean }[] {
  return IMPORT_FIELDS.map((field) => ({ field, header: COLUMN_NAMES[field][locale], required: REQUIRED_FIELDS.includes(field) }));
}

/** The header line of a template file ("," in English, ";" as Polish and Bulgarian Excel expects). */
export function templateHeader(locale: Locale): string {
  return importColumns(locale)
    .map((c) => c.header)
    .join(locale === "en" ? "," : ";");
}

/**
 * Words accepted for coded values, besides the codes themselves. Kept small and explicit; a value
 * not listed goes to the schema as typed and is reported as an invalid choice.
 */
const VALUE_WORDS: Partial<Record<ImportField, Record<string, readonly string[]>>> = {
  sex: {
    female: ["f", "k", "kobieta", "ж", "жена"],
    male: ["m", "mężczyzna", "м", "мъж"],
    non_binary: ["niebinarna", "niebinarny", "osoba niebinarna", "небинарен", "небинарна", "небинарно лице"],
  },
  targetGroup: {
    older_person: ["osoba starsza", "senior", "възрастен човек", "възрастно лице"],
    person_with_disability: ["osoba z niepełnosprawnością", "osoba niepełnosprawna", "лице с увреждане", "човек с увреждане"],
    mental_health_crisis: ["kryzys psychiczny", "kryzys zdrowia psychicznego", "психична криза", "криза на психичното здраве"],
  },
  disability: {
    yes: ["tak", "да"],
    no: ["nie", "не"],
    not_disclosed: ["nie ujawniono", "odmowa", "не е посочено", "отказ"],
  },
  legalCapacity: {
    full: ["pełna", "пълна"],
    partial: ["częściowa", "ograniczona", "частична", "ограничена"],
    none: ["brak", "няма"],
  },
};

const VALUE_BY_WORD = new Map<ImportField, Map<string, string>>();
for (const [field, table] of Object.entries(VALUE_WORDS) as [ImportField, Record<string, readonly string[]>][]) {
  const m = new Map<string, string>();
  for (const [code, words] of Object.entries(table)) for (const w of [code, ...words]) m.set(fold(w), code);
  VALUE_BY_WORD.set(field, m);
}

const DATE_FIELDS: readonly ImportField[] = ["dateOfBirth", "admissionDate"];

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

function normalizeValue(field: ImportField, raw: string): string {
  const v = raw.trim();
  if (v === "") return "";
  if (DATE_FIELDS.includes(field)) {
    // An impossible day stays as typed, so the preview shows what the user wrote.
    const date = normalizeDate(v);
    return isValidDate(date) ? date : v;
  }
  const words = VALUE_BY_WORD.get(field);
  if (words) return words.get(fold(v)) ?? v;
  return v;
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface ImportRow {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  /** The cells as they go to the schema: trimmed, words mapped to codes, dates as YYYY-MM-DD. */
  values: Record<ImportField, string>;
  /**
   * Field name → message key, as on the resident form; `_row` for the row as a whole
   * (duplicates, too many cells).
   */
  errors: FieldErrors;
}

export interface ParsedRow extends ImportRow {
  /** The validated resident, when the row has no errors. */
  input: ResidentInput | null;
}

export interface ParsedCsv {
  delimiter: CsvDelimiter | null;
  rows: ParsedRow[];
  /** Errors about the whole file; when there is one, there are no rows. */
  fileErrors: FieldError[];
}

export interface ParseOptions {
  institutionId: number;
  /** Language of the column names listed in file-level errors. */
  locale?: Locale;
}

/** The delimiter used most often, outside quotes, on the first non-empty line. */
function detectDelimiter(text: string): CsvDelimiter | null {
  const firstLine = text.split("\n").find((l) => l.trim() !== "") ?? "";
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  const counts = ([";", "\t", ","] as const).map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : null;
}

/** Identity for duplicates: names compared without regard to case or repeated spaces. */
function personKey(firstName: string, lastName: string, dateOfBirth: string | null): string {
  const n = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
  return `${n(firstName)}\u0000${n(lastName)}\u0000${dateOfBirth ?? ""}`;
}

function rowKey(row: ParsedRow): string | null {
  if (row.input) return personKey(row.input.firstName, row.input.lastName, row.input.dateOfBirth);
  const { firstName, lastName, dateOfBirth } = row.values;
  if (!firstName || !lastName || (dateOfBirth !== "" && !isValidDate(dateOfBirth))) return null;
  return personKey(firstName, lastName, dateOfBirth || null);
}

function addRowError(row: ParsedRow, error: FieldError) {
  row.errors._row ??= error;
  row.input = null;
}

function fileError(key: string, values?: Record<string, string | number>): ParsedCsv {
  return { delimiter: null, rows: [], fileErrors: [{ key, values }] };
}

/**
 * Parses and validates the text of a CSV file: delimiter from the header line, columns by name
 * (English, Polish or Bulgarian), each row through residentSchema with the form's institution,
 * and rows repeating a person (same first name, last name and date of birth; a missing date
 * of birth counts as a value) within the file. Does not look at the database.
 */
export function parseResidentCsv(text: string, options: ParseOptions): ParsedCsv {
  const locale = options.locale ?? "en";
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (normalized.trim() === "") return fileError("residents.import.errors.empty");
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
    return fileError("residents.import.errors.malformed", { line });
  }

  // Blank lines, and lines of empty cells (";;;;" from a spreadsheet), are not rows.
  const nonBlank = records
    .filter((r) => r.record.some((c) => c.trim() !== ""))
    .map((r) => {
      const innerBreaks = r.record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
      return { cells: r.record, line: r.info.lines - innerBreaks };
    });
  const [header, ...data] = nonBlank;
  if (!header) return fileError("residents.import.errors.empty");

  // Columns.
  const columns: (ImportField | null)[] = [];
  const unknown: string[] = [];
  const seen = new Set<ImportField>();
  const repeated: string[] = [];
  header.cells.forEach((cell, i) => {
    const name = cell.trim();
    if (name === "") {
      // An unnamed column is allowed only if it is empty in every row (checked per row).
      columns[i] = null;
      return;
    }
    const field = COLUMN_BY_NAME.get(foldHeader(name));
    if (!field) unknown.push(name);
    else if (seen.has(field)) repeated.push(name);
    else seen.add(field);
    columns[i] = field ?? null;
  });
  const columnName = (f: ImportField) => COLUMN_NAMES[f][locale];
  const fileErrors: FieldError[] = [];
  if (unknown.length) fileErrors.push({ key: "residents.import.errors.unknownColumns", values: { columns: unknown.join(", ") } });
  if (repeated.length) fileErrors.push({ key: "residents.import.errors.duplicateColumns", values: { columns: repeated.join(", ") } });
  const missing = REQUIRED_FIELDS.filter((f) => !seen.has(f));
  if (missing.length) fileErrors.push({ key: "residents.import.errors.missingColumns", values: { columns: missing.map(columnName).join(", ") } });
  if (data.length === 0 && fileErrors.length === 0) fileErrors.push({ key: "residents.import.errors.noRows" });
  if (data.length > MAX_IMPORT_ROWS) fileErrors.push({ key: "residents.import.errors.tooManyRows", values: { max: MAX_IMPORT_ROWS } });
  if (fileErrors.length) return { delimiter, rows: [], fileErrors };

  // Rows.
  const rows: ParsedRow[] = data.map(({ cells, line }) => {
    const values = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, ""])) as Record<ImportField, string>;
    let stray = false;
    cells.forEach((cell, i) => {
      const field = columns[i];
      if (field) values[field] = normalizeValue(field, cell);
      else if (cell.trim() !== "") stray = true;
    });
    const parsed = residentSchema.safeParse({ ...values, institutionId: options.institutionId });
    const row: ParsedRow = {
      line,
      values,
      errors: parsed.success ? {} : flattenIssues(parsed.error.issues),
      input: parsed.success ? parsed.data : null,
    };
    if (stray) addRowError(row, { key: "residents.import.errors.extraCells" });
    return row;
  });

  // The same person twice in the file: every occurrence names another line.
  const byKey = new Map<string, ParsedRow[]>();
  for (const row of rows) {
    const key = rowKey(row);
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const row of group) {
      const other = group.find((r) => r !== row)!;
      addRowError(row, { key: "residents.import.errors.duplicate", values: { line: other.line } });
    }
  }
  return { delimiter, rows, fileErrors: [] };
}

// ---------------------------------------------------------------------------------------------
// Preview and commit

export interface ImportPreview {
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  rowCount: number;
  errorRowCount: number;
  fileErrors: FieldError[];
  rows: ImportRow[];
}

function assertInstitution(ctx: ServiceContext, institutionId: number, db: DbOrTx) {
  const inst = db
    .select({ id: institutions.id, country: institutions.country })
    .from(institutions)
    .where(eq(institutions.id, institutionId))
    .get();
  if (!inst || !scopeIncludes(ctx.scope, institutionId)) {
    throw new AppError("validation", "residents.errors.institutionOutOfScope");
  }
  return inst;
}

/**
 * A row repeating a person already registered in the institution. One key for both kinds of
 * duplicate; i18next's context picks the text "residents.import.errors.duplicate_registered".
 */
const ALREADY_REGISTERED: FieldError = { key: "residents.import.errors.duplicate", values: { context: "registered" } };

function markRegistered(db: DbOrTx, institutionId: number, rows: ParsedRow[]) {
  const registered = new Set(
    db
      .select({ firstName: residents.firstName, lastName: residents.lastName, dateOfBirth: residents.dateOfBirth })
      .from(residents)
      .where(eq(residents.institutionId, institutionId))
      .all()
      .map((r) => personKey(r.firstName, r.lastName, r.dateOfBirth)),
  );
  for (const row of rows) {
    const key = rowKey(row);
    if (key && registered.has(key)) addRowError(row, ALREADY_REGISTERED);
  }
}

interface Analysis {
  encoding: CsvEncoding | null;
  parsed: ParsedCsv;
}

/** Everything the preview shows and the commit checks; `db` is the commit's transaction. */
function analyse(ctx: ServiceContext, institutionId: number, bytes: Uint8Array, locale: Locale | undefined, db: DbOrTx): Analysis {
  const inst = assertInstitution(ctx, institutionId, db);
  if (bytes.length > MAX_IMPORT_BYTES) {
    return { encoding: null, parsed: fileError("residents.import.errors.tooLarge", { max: MAX_IMPORT_BYTES / 1024 }) };
  }
  let decoded: ReturnType<typeof decodeCsv>;
  try {
    decoded = decodeCsv(bytes, inst.country === "BG" ? "windows-1251" : "windows-1250");
  } catch (e) {
    if (e instanceof AppError) return { encoding: null, parsed: fileError(e.messageKey, e.values) };
    throw e;
  }
  const parsed = parseResidentCsv(decoded.text, { institutionId, locale });
  markRegistered(db, institutionId, parsed.rows);
  return { encoding: decoded.encoding, parsed };
}

function toPreview({ encoding, parsed }: Analysis): ImportPreview {
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
 * What an import of this file would do, row by row, writing nothing. The institution must be in
 * the user's scope (else AppError validation residents.errors.institutionOutOfScope).
 */
export function previewImport(
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: { locale?: Locale } = {},
): ImportPreview {
  return toPreview(analyse(ctx, institutionId, bytes, options.locale, ctx.db));
}

/**
 * Imports every row of the file, or nothing. The file is decoded, parsed, validated and checked
 * for duplicates again here, inside one immediate transaction (so a resident registered since
 * the preview, or a concurrent import, is seen). Any file error is thrown as that error; any
 * row error as AppError validation residents.import.errors.hasErrors { count }.
 */
export function commitImport(
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: { locale?: Locale } = {},
): { count: number; ids: number[]; encoding: CsvEncoding } {
  return ctx.db.transaction(
    (tx) => {
      const analysis = analyse(ctx, institutionId, bytes, options.locale, tx);
      const { parsed } = analysis;
      const fe = parsed.fileErrors[0];
      if (fe) throw new AppError("validation", fe.key, fe.values);
      const bad = parsed.rows.filter((r) => Object.keys(r.errors).length > 0 || !r.input).length;
      if (bad > 0) throw new AppError("validation", "residents.import.errors.hasErrors", { count: bad });
      const ids = parsed.rows.map((r) => createResident(ctx, r.input!, tx));
      auditByActor(tx, ctx, {
        action: "resident.imported",
        entityType: "institution",
        entityId: institutionId,
        institutionId,
        after: {
          created: ids.length,
          rows: parsed.rows.length,
          encoding: analysis.encoding,
          delimiter: parsed.delimiter,
          bytes: bytes.length,
          sha256: createHash("sha256").update(bytes).digest("hex"),
        },
      });
      return { count: ids.length, ids, encoding: analysis.encoding! };
    },
    { behavior: "immediate" },
  );
}
