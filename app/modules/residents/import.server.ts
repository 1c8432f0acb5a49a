import type { DbOrTx } from "#db/client";
import { residents } from "#db/schema";
import type { Locale } from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import {
  commitCsvImport,
  CSV_FILE_MESSAGES,
  csvColumns,
  parseCsvTable,
  PERSON_COLUMNS,
  personIdentity,
  previewCsvImport,
  SEX_WORDS,
  validateWith,
  type CsvImporter,
  type CsvImportOptions,
  type CsvImportPreview,
  type CsvImportResult,
  type CsvMessages,
  type CsvRow,
  type ColumnNames,
  type CsvTable,
  type ParsedCsvFile,
  type ValueWords,
  type ParsedCsvRow,
  registeredPersonKeys,
} from "#app/modules/csv/import.server";
import { residentSchemaOn, type ResidentInput } from "./schemas";
import { createResident } from "./service.server";

/**
 * CSV import of residents: preview first, then commit, all rows or none. The machinery (decoding,
 * columns, duplicates, the transaction) is the shared CSV import's (../csv/import.server); this
 * module says which columns and values a resident has and how one is created.
 */

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

/** Columns without which no row can be valid (the resident schema requires their values). */
export const REQUIRED_FIELDS: readonly ImportField[] = [
  "firstName",
  "lastName",
  "targetGroup",
  "disability",
  "legalCapacity",
];

/** The columns of a resident, with their names: the history import of residents has them too. */
export const RESIDENT_COLUMN_NAMES = {
  ...PERSON_COLUMNS,
  targetGroup: { en: "target_group", pl: "grupa docelowa", bg: "целева група" },
  disability: { en: "disability", pl: "niepełnosprawność", bg: "увреждане" },
  legalCapacity: { en: "legal_capacity", pl: "zdolność do czynności prawnych", bg: "дееспособност" },
  guardianName: {
    en: "guardian_name",
    pl: "opiekun",
    bg: "настойник",
    also: ["opiekun prawny", "kurator", "попечител"],
  },
  guardianContact: { en: "guardian_contact", pl: "kontakt do opiekuna", bg: "контакт с настойника" },
  guardianDecision: { en: "guardian_decision", pl: "postanowienie sądu", bg: "съдебно решение" },
  admissionDate: { en: "admission_date", pl: "data przyjęcia", bg: "дата на настаняване" },
  supportNeeds: { en: "support_needs", pl: "potrzeby wsparcia", bg: "потребности от подкрепа" },
} as const satisfies Record<ImportField, ColumnNames>;

/** Words accepted for a resident's coded values, besides the codes. */
export const RESIDENT_VALUE_WORDS = {
  sex: SEX_WORDS,
  targetGroup: {
    older_person: ["osoba starsza", "senior", "възрастен човек", "възрастно лице"],
    person_with_disability: [
      "osoba z niepełnosprawnością",
      "osoba niepełnosprawna",
      "лице с увреждане",
      "човек с увреждане",
    ],
    mental_health_crisis: [
      "kryzys psychiczny",
      "kryzys zdrowia psychicznego",
      "психична криза",
      "криза на психичното здраве",
    ],
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
} satisfies Partial<Record<ImportField, ValueWords>>;

/** Date columns of a resident. */
export const RESIDENT_DATE_FIELDS = ["dateOfBirth", "admissionDate"] as const satisfies readonly ImportField[];

const COLUMNS = csvColumns<ImportField>({
  fields: IMPORT_FIELDS,
  required: REQUIRED_FIELDS,
  names: RESIDENT_COLUMN_NAMES,
  dates: RESIDENT_DATE_FIELDS,
  words: RESIDENT_VALUE_WORDS,
});

/** The columns of the template, in the user's language, in file order. */
export function importColumns(locale: Locale): { field: ImportField; header: string; required: boolean }[] {
  return COLUMNS.list(locale);
}

/** The header line of a template file ("," in English, ";" as Polish and Bulgarian Excel expects). */
export function templateHeader(locale: Locale): string {
  return COLUMNS.templateHeader(locale);
}

/**
 * A person twice in the file gives "residents.import.errors.duplicate" { line }; a person already
 * registered the same key with { context: "registered" }, which i18next reads as
 * "residents.import.errors.duplicate_registered".
 */
const MESSAGES: CsvMessages = { ...CSV_FILE_MESSAGES, duplicate: "residents.import.errors.duplicate" };

// ---------------------------------------------------------------------------------------------
// Parsing

export type ImportRow = CsvRow<ImportField>;
export type ParsedRow = ParsedCsvRow<ImportField, ResidentInput>;
export type ParsedCsv = ParsedCsvFile<ImportField, ResidentInput>;

export interface ParseOptions {
  institutionId: number;
  /** Today in the institution's time zone: a later date of birth is refused (unknown: not checked). */
  today?: string;
  /** Language of the column names listed in file-level errors. */
  locale?: Locale;
}

function table(institutionId: number, today: string | null): CsvTable<ImportField, ResidentInput> {
  return {
    columns: COLUMNS,
    messages: MESSAGES,
    validate: validateWith(
      residentSchemaOn(() => today),
      { institutionId },
    ),
    identity: personIdentity,
  };
}

/**
 * Parses and validates the text of a CSV file: delimiter from the header line, columns by name
 * (English, Polish or Bulgarian), each row through the resident schema with the form's institution,
 * and rows repeating a person (same first name, last name and date of birth; a missing date
 * of birth counts as a value) within the file. Does not look at the database.
 */
export function parseResidentCsv(text: string, options: ParseOptions): ParsedCsv {
  return parseCsvTable(text, table(options.institutionId, options.today ?? null), options.locale);
}

// ---------------------------------------------------------------------------------------------
// Preview and commit

export type ImportPreview = CsvImportPreview<ImportField>;

const importer: CsvImporter<ImportField, ResidentInput> = {
  table,
  registered: (db: DbOrTx, institutionId: number) => registeredPersonKeys(db, residents, institutionId),
  create: (ctx, input, tx) => createResident(ctx, input, tx),
  auditAction: "resident.imported",
};

/**
 * What an import of this file would do, row by row, writing nothing. The institution must be in
 * the user's scope (else AppError validation `INSTITUTION_OUT_OF_SCOPE`).
 */
export function previewImport(
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: CsvImportOptions = {},
): ImportPreview {
  return previewCsvImport(importer, ctx, institutionId, bytes, options);
}

/**
 * Imports every row of the file, or nothing, re-checking everything inside one immediate
 * transaction (see commitCsvImport). Any file error is thrown as that error; any row error as
 * AppError validation residents.import.errors.hasErrors { count }. Audited as resident.imported.
 */
export function commitImport(
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: CsvImportOptions = {},
): CsvImportResult {
  return commitCsvImport(importer, ctx, institutionId, bytes, options);
}
