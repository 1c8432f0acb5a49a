import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { TFunction } from "i18next";
import { z } from "zod";
import { enrolments, staffMembers, trainingModules } from "#db/schema";
import type { Locale, SupportSessionKind } from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import { isValidDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import type { FieldErrors } from "#app/utils/issues";
import { text } from "#app/utils/validation";
import { institutionInScope } from "#app/utils/scope.server";
import { auditByActor } from "#app/modules/audit/service.server";
import { SERVICE_TYPE_CODES } from "#app/modules/catalogues/catalogues";
import {
  addRowError,
  CSV_FILE_MESSAGES,
  csvColumns,
  fold,
  normalizeDate,
  parseRecords,
  personIdentity,
  registeredPersonKeys,
  SEX_WORDS,
  validateWith,
  type ColumnNames,
  type CsvMessages,
  type CsvTable,
  type ParsedCsvRow,
} from "#app/modules/csv/import.server";
import { MAX_IMPORT_BYTES } from "#app/modules/csv/files";
import { optionalDate } from "#app/modules/residents/schemas";
import type { STAFF_IMPORT_FIELDS } from "#app/modules/staff/import.server";
import { STAFF_COLUMN_NAMES, STAFF_DATE_FIELDS, STAFF_REQUIRED_FIELDS } from "#app/modules/staff/import.server";
import { staffSchema, type StaffInput } from "#app/modules/staff/schemas";
import { createStaffMember, findStaffMember, recordCommunityStart } from "#app/modules/staff/service.server";
import { bulkEnrol, createSupportSession, enrolmentAction } from "#app/modules/staff/training.server";
import {
  HISTORY_MESSAGES,
  labelWords,
  MAX_HISTORY_ROWS,
  type HistoryFileOptions,
  type HistoryPreview,
  type HistoryResult,
} from "./common";
import { replayRows, RowRefusal, type ReplayedRow } from "./replay.server";
import { readSheet } from "./spreadsheet.server";
import {
  STAFF_FIELDS_OF_HISTORY,
  STAFF_HISTORY_FIELDS,
  STAFF_HISTORY_HELP,
  staffHistoryLabel,
  type StaffHistoryField,
  type StaffHistoryOnlyField,
} from "./staff-fields";
import { templateFile, type TemplateFormat } from "./template.server";

/**
 * History import of staff (issue #14 item 3, docs/decisions/018-history-import.md): one row per
 * staff member, the staff import's columns plus one training module with its enrolment,
 * attendance and completion or dropping, the supervision and psychological-support sessions
 * attended, and the start of community work. Each row is replayed through the staff services
 * (the enrolment machine judges every attendance); support sessions several rows attended on
 * the same day, of the same kind and with the same facilitator, are one session, as they were.
 */

/** The same staff columns as the staff import (a compile-time check: the lists must stay equal). */
const _sameStaffColumns: typeof STAFF_IMPORT_FIELDS = STAFF_FIELDS_OF_HISTORY;
void _sameStaffColumns;

const HISTORY_COLUMN_NAMES: Record<StaffHistoryOnlyField, ColumnNames> = {
  trainingModule: { en: "training_module", pl: "szkolenie", bg: "обучение", also: ["moduł szkoleniowy", "модул"] },
  enrolledOn: { en: "enrolled_on", pl: "data zapisu", bg: "дата на записване" },
  attendedOn: {
    en: "attended_on",
    pl: "obecność na zajęciach",
    bg: "присъствие на занятия",
    also: ["attendance", "obecność", "присъствие"],
  },
  sessionHours: { en: "hours_per_session", pl: "godziny zajęć", bg: "часове на занятие" },
  completedOn: { en: "completed_on", pl: "data ukończenia", bg: "дата на завършване" },
  certificateRef: { en: "certificate", pl: "zaświadczenie", bg: "удостоверение", also: ["certyfikat", "сертификат"] },
  droppedOn: { en: "dropped_on", pl: "data przerwania", bg: "дата на отпадане" },
  dropReason: { en: "drop_reason", pl: "powód przerwania", bg: "причина за отпадане" },
  supervisionOn: { en: "supervision_on", pl: "superwizja", bg: "супервизия" },
  psychologicalSupportOn: {
    en: "psychological_support_on",
    pl: "wsparcie psychologiczne",
    bg: "психологическа подкрепа",
  },
  facilitator: { en: "facilitator", pl: "prowadzący", bg: "водещ", also: ["superwizor", "супервизор"] },
  communityStartOn: {
    en: "community_start_on",
    pl: "początek pracy w społeczności",
    bg: "начало на работа в общността",
  },
  communityServiceType: { en: "community_service", pl: "usługa w społeczności", bg: "услуга в общността" },
  communityEmployer: { en: "community_employer", pl: "pracodawca w społeczności", bg: "работодател в общността" },
};

const COLUMNS = csvColumns<StaffHistoryField>({
  fields: STAFF_HISTORY_FIELDS,
  required: STAFF_REQUIRED_FIELDS,
  names: { ...STAFF_COLUMN_NAMES, ...HISTORY_COLUMN_NAMES },
  dates: [...STAFF_DATE_FIELDS, "enrolledOn", "completedOn", "droppedOn", "communityStartOn"],
  words: { sex: SEX_WORDS, communityServiceType: labelWords(SERVICE_TYPE_CODES, (c) => `catalogues.services.${c}`) },
});

/** The columns of the template, in the user's language, in file order. */
export function staffHistoryColumns(locale: Locale) {
  return COLUMNS.list(locale);
}

/** The header line of a template file, in the user's language. */
export function staffHistoryHeader(locale: Locale): string {
  return COLUMNS.templateHeader(locale);
}

// ---------------------------------------------------------------------------------------------
// A row

/**
 * Several dates in one cell ("10.01.2023; 14.02.2023"), separated by semicolons, commas, spaces or
 * line breaks, each in a format of the CSV imports. A day given twice is an error.
 */
const dateList = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === "") return [] as string[];
    const dates = v
      .split(/[\s,;|]+/)
      .filter(Boolean)
      .map(normalizeDate);
    const bad = dates.find((d) => !isValidDate(d));
    if (bad !== undefined) {
      ctx.addIssue({ code: "custom", message: "validation.date" });
      return z.NEVER;
    }
    if (new Set(dates).size !== dates.length) {
      ctx.addIssue({ code: "custom", message: "history.errors.dateTwice" });
      return z.NEVER;
    }
    return [...dates].sort();
  });

const hours = z
  .string()
  .trim()
  .refine(
    (v) =>
      v === "" || (/^\d+([.,]\d+)?$/.test(v) && Number(v.replace(",", ".")) > 0 && Number(v.replace(",", ".")) <= 24),
    { error: "history.errors.sessionHours" },
  )
  .transform((v) => (v === "" ? null : Number(v.replace(",", "."))));

const historySchema = z.object({
  trainingModule: text(200),
  enrolledOn: optionalDate,
  attendedOn: dateList,
  sessionHours: hours,
  completedOn: optionalDate,
  certificateRef: text(120),
  droppedOn: optionalDate,
  dropReason: text(1000),
  supervisionOn: dateList,
  psychologicalSupportOn: dateList,
  facilitator: text(200),
  communityStartOn: optionalDate,
  communityServiceType: z.union([z.literal(""), z.enum(SERVICE_TYPE_CODES)]).transform((v) => (v === "" ? null : v)),
  communityEmployer: text(200),
});
export type StaffHistoryInput = StaffInput & z.output<typeof historySchema>;

const rowSchema = staffSchema.and(historySchema) as unknown as z.ZodType<StaffHistoryInput>;

/** Which columns a fact needs besides its own. */
const NEEDS: [StaffHistoryOnlyField, StaffHistoryOnlyField[]][] = [
  ["trainingModule", ["enrolledOn"]],
  ["enrolledOn", ["trainingModule"]],
  ["attendedOn", ["trainingModule"]],
  ["sessionHours", ["attendedOn"]],
  ["completedOn", ["trainingModule", "attendedOn"]],
  ["certificateRef", ["completedOn"]],
  ["droppedOn", ["trainingModule", "dropReason"]],
  ["dropReason", ["droppedOn"]],
  ["supervisionOn", ["facilitator"]],
  ["psychologicalSupportOn", ["facilitator"]],
  ["communityStartOn", ["communityServiceType", "communityEmployer"]],
  ["communityServiceType", ["communityStartOn"]],
  ["communityEmployer", ["communityStartOn"]],
];

function crossChecks(v: StaffHistoryInput): FieldErrors {
  const errors: FieldErrors = {};
  const given = (f: StaffHistoryOnlyField) => {
    const x = v[f];
    return Array.isArray(x) ? x.length > 0 : x !== null && x !== "";
  };
  for (const [field, needs] of NEEDS) {
    if (!given(field)) continue;
    const missing = needs.find((n) => !given(n));
    if (missing) errors[field] = { key: "history.errors.needs", values: { column: `t:${staffHistoryLabel(missing)}` } };
  }
  if (v.completedOn && v.droppedOn && !errors.droppedOn)
    errors.droppedOn = { key: "history.errors.completedAndDropped" };
  return errors;
}

const MESSAGES: CsvMessages = { ...CSV_FILE_MESSAGES, duplicate: "staff.import.errors.duplicate" };

function table(institutionId: number): CsvTable<StaffHistoryField, StaffHistoryInput> {
  const schema = validateWith(rowSchema, { institutionId });
  return {
    columns: COLUMNS,
    messages: MESSAGES,
    maxRows: MAX_HISTORY_ROWS,
    identity: personIdentity,
    validate(values) {
      const { input, errors } = schema(values);
      if (!input) return { input, errors };
      const cross = crossChecks(input);
      return Object.keys(cross).length ? { input: null, errors: cross } : { input, errors };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The replay of one row

/** What a replayed row made. */
export interface StaffOutcome {
  staffId: number;
  /** The enrolment's state (none without a training module). */
  enrolmentState: string | null;
  /** Support sessions attended (supervision and psychological support). */
  sessions: number;
  communityStartOn: string | null;
}

type Modules = Map<string, { id: number }[]>;

function attempt<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof AppError) || e.label !== "validation") throw e;
    throw new RowRefusal(field, { key: e.messageKey, values: e.values });
  }
}

/**
 * Enters one row through the services: the staff member (createStaffMember); the enrolment
 * (bulkEnrol for one person), then attendance, completion or dropping in date order (an
 * attendance before a completion of the same day), each through the enrolment machine
 * (enrolmentAction); the start of community work (recordCommunityStart). Support sessions are
 * entered after all rows (see `sessionsOf`).
 */
function replayStaff(ctx: ServiceContext, modules: Modules, v: StaffHistoryInput): StaffOutcome {
  const staffId = attempt("_row", () => createStaffMember(ctx, v));
  let enrolmentState: string | null = null;
  if (v.trainingModule) {
    const found = modules.get(fold(v.trainingModule)) ?? [];
    if (found.length !== 1)
      throw new RowRefusal("trainingModule", {
        key: found.length ? "history.errors.ambiguousModule" : "history.errors.unknownModule",
        values: { name: v.trainingModule },
      });
    const [enrolmentId] = attempt("enrolledOn", () =>
      bulkEnrol(ctx, { moduleId: found[0]!.id, enrolledOn: v.enrolledOn!, staffIds: [staffId] }),
    );
    const steps = [
      ...v.attendedOn.map((on) => ({ on, rank: 0, intent: "attend" as const, field: "attendedOn" })),
      ...(v.completedOn ? [{ on: v.completedOn, rank: 1, intent: "complete" as const, field: "completedOn" }] : []),
      ...(v.droppedOn ? [{ on: v.droppedOn, rank: 1, intent: "drop" as const, field: "droppedOn" }] : []),
    ].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.rank - b.rank));
    for (const s of steps) {
      attempt(s.field, () =>
        enrolmentAction(ctx, {
          intent: s.intent,
          on: s.on,
          enrolmentIds: [enrolmentId!],
          hours: s.intent === "attend" ? v.sessionHours : null,
          reason: s.intent === "drop" ? v.dropReason : "",
          certificateRef: s.intent === "complete" ? v.certificateRef : "",
        }),
      );
    }
    enrolmentState = ctx.db
      .select({ state: enrolments.state })
      .from(enrolments)
      .where(eq(enrolments.id, enrolmentId!))
      .get()!.state;
  }
  if (v.communityStartOn) {
    const { staff } = findStaffMember(ctx, staffId);
    attempt("communityStartOn", () =>
      recordCommunityStart(ctx, staffId, {
        communityStartOn: v.communityStartOn!,
        communityServiceType: v.communityServiceType!,
        communityEmployer: v.communityEmployer,
        version: staff.version,
      }),
    );
  }
  return {
    staffId,
    enrolmentState,
    sessions: v.supervisionOn.length + v.psychologicalSupportOn.length,
    communityStartOn: v.communityStartOn,
  };
}

const SESSION_FIELDS: Record<SupportSessionKind, "supervisionOn" | "psychologicalSupportOn"> = {
  supervision: "supervisionOn",
  psychological_support: "psychologicalSupportOn",
};

/**
 * The support sessions of the accepted rows, one per kind, day and facilitator (compared without
 * case or spacing), in date order: the people of the file who attended it together.
 */
function sessionsOf(rows: { row: ReplayedRow<StaffHistoryField, StaffOutcome>; input: StaffHistoryInput }[]) {
  const sessions = new Map<
    string,
    {
      kind: SupportSessionKind;
      heldOn: string;
      facilitator: string;
      staffIds: number[];
      rows: ReplayedRow<StaffHistoryField, StaffOutcome>[];
    }
  >();
  for (const { row, input } of rows) {
    if (!row.outcome) continue;
    for (const kind of Object.keys(SESSION_FIELDS) as SupportSessionKind[]) {
      for (const heldOn of input[SESSION_FIELDS[kind]]) {
        const key = `${heldOn}\u0000${kind}\u0000${fold(input.facilitator)}`;
        const s = sessions.get(key) ?? { kind, heldOn, facilitator: input.facilitator, staffIds: [], rows: [] };
        s.staffIds.push(row.outcome.staffId);
        s.rows.push(row);
        sessions.set(key, s);
      }
    }
  }
  return [...sessions.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

function modulesOf(ctx: ServiceContext): Modules {
  const modules: Modules = new Map();
  for (const m of ctx.db.select().from(trainingModules).where(eq(trainingModules.active, true)).all()) {
    for (const title of new Set([m.titleEn, m.titlePl, m.titleBg].map(fold)))
      modules.set(title, [...(modules.get(title) ?? []), { id: m.id }]);
  }
  return modules;
}

// ---------------------------------------------------------------------------------------------
// Preview and commit

export type StaffHistoryPreview = HistoryPreview<StaffHistoryField, StaffOutcome>;

async function run(
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: HistoryFileOptions,
  commit: boolean,
): Promise<StaffHistoryPreview & { committed: boolean }> {
  const inst = institutionInScope(ctx, institutionId, ctx.db);
  const base = {
    format: null,
    encoding: null,
    delimiter: null,
    rowCount: 0,
    errorRowCount: 0,
    rows: [],
    committed: false,
  };
  if (bytes.length > MAX_IMPORT_BYTES)
    return { ...base, fileErrors: [{ key: MESSAGES.tooLarge, values: { max: MAX_IMPORT_BYTES / 1024 } }] };
  const sheet = await readSheet(bytes, inst.country === "BG" ? "windows-1251" : "windows-1250", HISTORY_MESSAGES);
  if ("error" in sheet) return { ...base, fileErrors: [sheet.error] };
  const t = table(institutionId);
  const parsed = parseRecords(sheet.records, t, options.locale);
  const head = { format: sheet.format, encoding: sheet.encoding, delimiter: sheet.delimiter };
  if (parsed.fileErrors.length) return { ...base, ...head, fileErrors: parsed.fileErrors };

  let modules: Modules = new Map();
  const inputs = new Map<number, StaffHistoryInput>(
    parsed.rows.flatMap((r) => (r.input ? [[r.line, r.input] as const] : [])),
  );
  const replayed = await replayRows(ctx, parsed.rows, (c, input: StaffHistoryInput) => replayStaff(c, modules, input), {
    commit,
    onProgress: options.onProgress,
    before: (c, rows: ParsedCsvRow<StaffHistoryField, StaffHistoryInput>[]) => {
      const registered = new Set(registeredPersonKeys(c.db, staffMembers, institutionId));
      for (const row of rows) {
        const key = t.identity(row);
        if (key && registered.has(key))
          addRowError(row, { key: MESSAGES.duplicate, values: { context: "registered" } });
      }
      modules = modulesOf(c);
    },
    finish: (c, rows) => {
      for (const s of sessionsOf(rows.map((row) => ({ row, input: inputs.get(row.line)! })).filter((x) => x.input))) {
        try {
          createSupportSession(c, {
            institutionId,
            kind: s.kind,
            heldOn: s.heldOn,
            facilitator: s.facilitator,
            topics: "",
            staffIds: s.staffIds,
          });
        } catch (e) {
          if (!(e instanceof AppError) || e.label !== "validation") throw e;
          const error =
            e.messageKey === "validation.notInFuture"
              ? { key: "history.errors.sessionInFuture", values: { on: `d:${s.heldOn}` } }
              : { key: e.messageKey, values: e.values };
          for (const row of s.rows) row.errors[SESSION_FIELDS[s.kind]] ??= error;
        }
      }
    },
    after: (c, rows) => {
      auditByActor(c.db, c, {
        action: "staff_member.history_imported",
        entityType: "institution",
        entityId: institutionId,
        institutionId,
        after: {
          created: rows.length,
          enrolments: rows.filter((r) => r.outcome?.enrolmentState).length,
          supportAttendances: rows.reduce((n, r) => n + (r.outcome?.sessions ?? 0), 0),
          communityStarts: rows.filter((r) => r.outcome?.communityStartOn).length,
          format: sheet.format,
          encoding: sheet.encoding,
          bytes: bytes.length,
          sha256: createHash("sha256").update(bytes).digest("hex"),
        },
      });
    },
  });
  return {
    ...head,
    fileErrors: [],
    rowCount: replayed.rows.length,
    errorRowCount: replayed.rows.filter((r) => Object.keys(r.errors).length > 0).length,
    rows: replayed.rows,
    committed: replayed.committed,
  };
}

/** What importing this staff history would make, row by row; replayed and rolled back, writes nothing. */
export async function previewStaffHistory(
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: HistoryFileOptions = {},
): Promise<StaffHistoryPreview> {
  const { committed: _, ...preview } = await run(ctx, institutionId, bytes, options, false);
  return preview;
}

/** Imports every row's history, or nothing (see the resident history import). Audited as staff_member.history_imported. */
export async function commitStaffHistory(
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: HistoryFileOptions = {},
): Promise<HistoryResult> {
  const result = await run(ctx, institutionId, bytes, options, true);
  const fe = result.fileErrors[0];
  if (fe) throw new AppError("validation", fe.key, fe.values);
  if (!result.committed) throw new AppError("validation", MESSAGES.hasErrors, { count: result.errorRowCount });
  return {
    count: result.rowCount,
    ids: result.rows.map((r) => r.outcome!.staffId),
    format: result.format!,
    encoding: result.encoding,
  };
}

// ---------------------------------------------------------------------------------------------
// Template

const EXAMPLES: Record<Locale, Partial<Record<StaffHistoryField, string>>> = {
  en: {
    firstName: "Ewa",
    lastName: "Zielińska",
    position: "carer",
    sex: "female",
    trainingModule: "Home care in the community",
    facilitator: "Dr Anna Lis",
    communityServiceType: "pl_care_services",
    communityEmployer: "MOPS Zielona Góra",
  },
  pl: {
    firstName: "Ewa",
    lastName: "Zielińska",
    position: "opiekunka",
    sex: "kobieta",
    trainingModule: "Usługi opiekuńcze w miejscu zamieszkania",
    facilitator: "Dr Anna Lis",
    communityServiceType: "Usługi opiekuńcze",
    communityEmployer: "MOPS Zielona Góra",
  },
  bg: {
    firstName: "Мария",
    lastName: "Георгиева",
    position: "домашен помощник",
    sex: "жена",
    trainingModule: "Грижа в домашна среда",
    facilitator: "Д-р Анна Петкова",
    communityServiceType: "Домашен помощник",
    communityEmployer: "Община Тутракан",
  },
};

/** The example's dates (lists as the user would type them: "; " between the days). */
export function staffHistoryExample(locale: Locale, moduleTitle?: string): Record<string, string> {
  const list = (dates: string[]) =>
    dates.map((d) => (locale === "en" ? d : d.split("-").reverse().join("."))).join(locale === "en" ? " " : ", ");
  return {
    dateOfBirth: "1975-04-12",
    employedFrom: "2010-09-01",
    enrolledOn: "2022-10-03",
    attendedOn: list(["2022-10-10", "2022-10-17", "2022-10-24"]),
    sessionHours: "6",
    completedOn: "2022-10-24",
    certificateRef: "ROPS/2022/117",
    supervisionOn: list(["2022-11-15", "2023-01-17"]),
    communityStartOn: "2023-03-01",
    ...EXAMPLES[locale],
    ...(moduleTitle ? { trainingModule: moduleTitle } : {}),
  } as Record<string, string>;
}

/** The template file of the staff history import, in a language and a format. */
export function staffHistoryTemplate(locale: Locale, format: TemplateFormat, t: TFunction): Promise<Uint8Array> {
  return templateFile({
    columns: COLUMNS.list(locale).map((c) => ({
      ...c,
      labelKey: staffHistoryLabel(c.field),
      helpKey: STAFF_HISTORY_HELP[c.field],
    })),
    example: staffHistoryExample(locale),
    locale,
    format,
    t,
    sheetName: t("history.staff.sheetName"),
  });
}
