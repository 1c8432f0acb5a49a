import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { TFunction } from "i18next";
import { z } from "zod";
import { housingUnits, residents } from "#db/schema";
import { CONSENT_GIVERS, LIFE_DOMAINS, SUPPORT_INTENSITIES, type Locale } from "#db/schema/enums";
import type { TransitionEventType, TransitionState } from "#machines/transition";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
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
  parseRecords,
  personIdentity,
  registeredPersonKeys,
  validateWith,
  type ColumnNames,
  type CsvMessages,
  type CsvTable,
  type ParsedCsvRow,
  type ValueWords,
} from "#app/modules/csv/import.server";
import { MAX_IMPORT_BYTES } from "#app/modules/csv/files";
import type { IMPORT_FIELDS } from "#app/modules/residents/import.server";
import {
  RESIDENT_COLUMN_NAMES,
  RESIDENT_DATE_FIELDS,
  RESIDENT_VALUE_WORDS,
  REQUIRED_FIELDS,
} from "#app/modules/residents/import.server";
import { optionalDate, requiredDate, residentSchemaOn, type ResidentInput } from "#app/modules/residents/schemas";
import { createResident, findResident } from "#app/modules/residents/service.server";
import { REQUIRED_CONSENT } from "#app/modules/transitions/facts.server";
import {
  addService,
  getPlan,
  recordConsent,
  recordHistoricalApproval,
  reservePlace,
  saveAssessment,
  savePlan,
} from "#app/modules/transitions/records.server";
import { applyEvent } from "#app/modules/transitions/service.server";
import type { AssessmentFormOutput } from "#app/modules/transitions/schemas";
import {
  HISTORY_MESSAGES,
  labelOf,
  labelWords,
  MAX_HISTORY_ROWS,
  type HistoryFileOptions,
  type HistoryPreview,
  type HistoryResult,
} from "./common";
import { replayRows, RowRefusal } from "./replay.server";
import {
  DOMAIN_FIELDS,
  HISTORY_DATE_FIELDS,
  RESIDENT_FIELDS_OF_HISTORY,
  RESIDENT_HISTORY_FIELDS,
  RESIDENT_HISTORY_HELP,
  residentHistoryLabel,
  type HistoryOnlyField,
  type ResidentHistoryField,
} from "./fields";
import { readSheet } from "./spreadsheet.server";
import { templateFile, type TemplateFormat } from "./template.server";

/**
 * History import of residents (issue #14 item 3, docs/decisions/018-history-import.md): one row
 * per resident, the columns of the resident import plus the dates of what happened. Each row is
 * replayed through the real service functions in the order a case worker would have entered it
 * (createResident, then the workflow events and records), with the importing case worker as
 * actor and today's clock, so the machine judges every step and the stored log and snapshot are
 * what step-by-step entry makes. All rows or none.
 */

// ---------------------------------------------------------------------------------------------
// Columns

/** The same resident columns as the resident import (a compile-time check). */
const _sameResidentColumns: typeof IMPORT_FIELDS = RESIDENT_FIELDS_OF_HISTORY;
void _sameResidentColumns;

const HISTORY_COLUMN_NAMES: Record<Exclude<HistoryOnlyField, (typeof DOMAIN_FIELDS)[number]>, ColumnNames> = {
  openedOn: {
    en: "opened_on",
    pl: "data otwarcia",
    bg: "дата на откриване",
    also: ["objęty planem od", "data objęcia planem", "включен в плана от"],
  },
  assessmentStartedOn: { en: "assessment_started_on", pl: "ocena rozpoczęta", bg: "оценка започната" },
  assessmentCompletedOn: { en: "assessment_completed_on", pl: "ocena zakończona", bg: "оценка завършена" },
  assessmentCompletedBy: {
    en: "assessment_completed_by",
    pl: "ocenę przeprowadził",
    bg: "оценката извършил",
    also: ["ocenę przeprowadziła"],
  },
  supportIntensity: { en: "support_intensity", pl: "intensywność wsparcia", bg: "интензивност на подкрепата" },
  planWrittenOn: { en: "plan_written_on", pl: "plan sporządzony", bg: "план изготвен" },
  planWrittenBy: { en: "plan_written_by", pl: "plan sporządził", bg: "плана изготвил", also: ["plan sporządziła"] },
  planGoals: { en: "plan_goals", pl: "cele planu", bg: "цели на плана" },
  planApprovedOn: { en: "plan_approved_on", pl: "plan zatwierdzony", bg: "план одобрен" },
  planApprovedBy: { en: "plan_approved_by", pl: "plan zatwierdził", bg: "плана одобрил", also: ["plan zatwierdziła"] },
  consentGivenOn: { en: "consent_given_on", pl: "data zgody", bg: "дата на съгласието" },
  consentGivenBy: { en: "consent_given_by", pl: "zgodę wyraził", bg: "съгласие дал", also: ["zgodę wyraziła"] },
  consentGuardian: { en: "consent_guardian", pl: "opiekun wyrażający zgodę", bg: "настойник дал съгласие" },
  consentDocument: {
    en: "consent_document",
    pl: "dokument zgody",
    bg: "документ за съгласие",
    also: ["договор за ползване"],
  },
  unit: { en: "unit", pl: "mieszkanie", bg: "жилище", also: ["housing_unit", "lokal"] },
  reservedOn: { en: "reserved_on", pl: "data rezerwacji", bg: "дата на резервация" },
  reservationExpiresOn: {
    en: "reservation_expires_on",
    pl: "rezerwacja ważna do",
    bg: "резервацията е валидна до",
    also: ["held_until"],
  },
  movedOn: { en: "moved_on", pl: "data przeprowadzki", bg: "дата на преместване" },
  serviceType: { en: "service_type", pl: "usługa", bg: "услуга" },
  serviceProvider: { en: "service_provider", pl: "świadczeniodawca", bg: "доставчик на услугата" },
  serviceStartOn: { en: "service_start_on", pl: "początek usługi", bg: "начало на услугата" },
  serviceEndOn: { en: "service_end_on", pl: "koniec usługi", bg: "край на услугата" },
  serviceHours: { en: "service_hours_per_week", pl: "godziny tygodniowo", bg: "часове седмично" },
  returnedOn: { en: "returned_on", pl: "data powrotu", bg: "дата на връщане" },
  withdrawnOn: { en: "withdrawn_on", pl: "data rezygnacji", bg: "дата на отказ" },
  diedOn: { en: "died_on", pl: "data zgonu", bg: "дата на смъртта" },
};

/** A domain's column: "assessment_self_care", "ocena: samoobsługa", "оценка: самообслужване" (also without the colon). */
function domainColumn(domain: (typeof LIFE_DOMAINS)[number]): ColumnNames {
  const pl = `ocena: ${labelOf("pl", `transitions.domains.${domain}`).toLocaleLowerCase("pl")}`;
  const bg = `оценка: ${labelOf("bg", `transitions.domains.${domain}`).toLocaleLowerCase("bg")}`;
  return { en: `assessment_${domain}`, pl, bg, also: [pl.replace(":", ""), bg.replace(":", "")] };
}
const DOMAIN_COLUMN_NAMES = Object.fromEntries(LIFE_DOMAINS.map((d) => [`domain_${d}`, domainColumn(d)])) as Record<
  (typeof DOMAIN_FIELDS)[number],
  ColumnNames
>;

const INTENSITY_WORDS = labelWords(SUPPORT_INTENSITIES, (c) => `transitions.intensities.${c}`);

const COLUMNS = csvColumns<ResidentHistoryField>({
  fields: RESIDENT_HISTORY_FIELDS,
  required: [...REQUIRED_FIELDS, "openedOn"],
  names: { ...RESIDENT_COLUMN_NAMES, ...HISTORY_COLUMN_NAMES, ...DOMAIN_COLUMN_NAMES },
  dates: [...RESIDENT_DATE_FIELDS, ...HISTORY_DATE_FIELDS, "reservationExpiresOn"],
  words: {
    ...RESIDENT_VALUE_WORDS,
    supportIntensity: INTENSITY_WORDS,
    ...Object.fromEntries(DOMAIN_FIELDS.map((f) => [f, INTENSITY_WORDS])),
    consentGivenBy: mergeWords(
      labelWords(CONSENT_GIVERS, (c) => `transitions.consent.givers.${c}`),
      {
        resident: ["sam mieszkaniec", "самото лице"],
        resident_with_curator: ["kurator", "mieszkaniec i kurator", "попечител", "лицето и попечителят"],
        guardian: ["opiekun", "настойник"],
      },
    ),
    serviceType: labelWords(SERVICE_TYPE_CODES, (c) => `catalogues.services.${c}`),
  },
});

function mergeWords(a: ValueWords, b: ValueWords): ValueWords {
  return Object.fromEntries(Object.keys({ ...a, ...b }).map((k) => [k, [...(a[k] ?? []), ...(b[k] ?? [])]]));
}

/** The columns of the template, in the user's language, in file order. */
export function residentHistoryColumns(locale: Locale) {
  return COLUMNS.list(locale);
}

// ---------------------------------------------------------------------------------------------
// A row

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.literal(""), z.enum(values)]).transform((v) => (v === "" ? null : (v as T[number])));

const historySchema = z.object({
  openedOn: requiredDate,
  assessmentStartedOn: optionalDate,
  assessmentCompletedOn: optionalDate,
  assessmentCompletedBy: text(120),
  supportIntensity: optionalEnum(SUPPORT_INTENSITIES),
  ...(Object.fromEntries(DOMAIN_FIELDS.map((f) => [f, optionalEnum(SUPPORT_INTENSITIES)])) as Record<
    (typeof DOMAIN_FIELDS)[number],
    ReturnType<typeof optionalEnum<typeof SUPPORT_INTENSITIES>>
  >),
  planWrittenOn: optionalDate,
  planWrittenBy: text(120),
  planGoals: text(4000),
  planApprovedOn: optionalDate,
  planApprovedBy: text(120),
  consentGivenOn: optionalDate,
  consentGivenBy: optionalEnum(CONSENT_GIVERS),
  consentGuardian: text(120),
  consentDocument: text(120),
  unit: text(200),
  reservedOn: optionalDate,
  /** Decision 047: may be past (a lapsed reservation) or future; not before the reservation. */
  reservationExpiresOn: optionalDate,
  movedOn: optionalDate,
  serviceType: optionalEnum(SERVICE_TYPE_CODES),
  serviceProvider: text(200),
  serviceStartOn: optionalDate,
  serviceEndOn: optionalDate,
  serviceHours: z
    .string()
    .trim()
    .refine((v) => v === "" || (/^\d+([.,]\d+)?$/.test(v) && Number(v.replace(",", ".")) <= 168), {
      error: "validation.hoursPerWeek",
    })
    .transform((v) => (v === "" ? null : Number(v.replace(",", ".")))),
  returnedOn: optionalDate,
  withdrawnOn: optionalDate,
  diedOn: optionalDate,
});
export type ResidentHistoryInput = ResidentInput & z.output<typeof historySchema>;

/** A row: the resident form's rules judged on the institution's day, and the history's columns. */
const rowSchema = (today: string) =>
  residentSchemaOn(() => today).and(historySchema) as unknown as z.ZodType<ResidentHistoryInput>;

/** Which columns a fact needs besides its own: a date without them cannot be entered. */
const NEEDS: [HistoryOnlyField, HistoryOnlyField[]][] = [
  ["assessmentCompletedOn", ["assessmentCompletedBy", "supportIntensity", ...DOMAIN_FIELDS]],
  ["assessmentCompletedBy", ["assessmentCompletedOn"]],
  ["supportIntensity", ["assessmentCompletedOn"]],
  ...DOMAIN_FIELDS.map((f): [HistoryOnlyField, HistoryOnlyField[]] => [f, ["assessmentCompletedOn"]]),
  ["planWrittenBy", ["planWrittenOn"]],
  ["planGoals", ["planWrittenOn"]],
  ["planApprovedOn", ["planWrittenOn", "planWrittenBy", "planApprovedBy"]],
  ["planApprovedBy", ["planApprovedOn"]],
  ["consentGivenBy", ["consentGivenOn"]],
  ["consentGuardian", ["consentGivenOn"]],
  ["consentDocument", ["consentGivenOn"]],
  ["unit", ["reservedOn"]],
  ["reservedOn", ["unit"]],
  ["reservationExpiresOn", ["reservedOn"]],
  ["movedOn", ["assessmentCompletedOn", "planApprovedOn", "consentGivenOn", "reservedOn"]],
  ["serviceType", ["serviceProvider", "serviceStartOn", "movedOn"]],
  ["serviceProvider", ["serviceType"]],
  ["serviceStartOn", ["serviceType"]],
  ["serviceEndOn", ["serviceType"]],
  ["serviceHours", ["serviceType"]],
  ["returnedOn", ["movedOn"]],
];

/** The outcomes of a row: nothing else of the row may be dated after them. */
const OUTCOMES = ["returnedOn", "withdrawnOn", "diedOn"] as const;

/**
 * The checks across columns that the form of each record would make by itself: a fact's date
 * with the details it needs, and nothing dated after the row's outcome (return, withdrawal,
 * death): the machine only compares a step with the step before it.
 */
function crossChecks(v: ResidentHistoryInput): FieldErrors {
  const errors: FieldErrors = {};
  const given = (f: HistoryOnlyField) => v[f] !== null && v[f] !== "";
  for (const [field, needs] of NEEDS) {
    if (!given(field) || errors[field]) continue;
    const missing = needs.find((n) => !given(n));
    if (missing)
      errors[field] = { key: "history.errors.needs", values: { column: `t:${residentHistoryLabel(missing)}` } };
  }
  // The reservation service's own rule (decision 047), said at the column that breaks it.
  if (v.reservationExpiresOn && v.reservedOn && v.reservationExpiresOn < v.reservedOn && !errors.reservationExpiresOn)
    errors.reservationExpiresOn = {
      key: "transitions.errors.expiryBeforeReservation",
      values: { on: `d:${v.reservationExpiresOn}`, earlier: `d:${v.reservedOn}` },
    };
  for (const outcome of OUTCOMES) {
    const on = v[outcome];
    if (!on) continue;
    for (const f of HISTORY_DATE_FIELDS) {
      if (f === "serviceEndOn" || (OUTCOMES as readonly string[]).includes(f) || errors[f]) continue;
      const date = v[f];
      if (date && date > on)
        errors[f] = {
          key: "history.errors.afterOutcome",
          values: { on: `d:${date}`, column: `t:${residentHistoryLabel(outcome)}`, outcome: `d:${on}` },
        };
    }
  }
  return errors;
}

const MESSAGES: CsvMessages = { ...CSV_FILE_MESSAGES, duplicate: "residents.import.errors.duplicate" };

function table(institutionId: number, today: string): CsvTable<ResidentHistoryField, ResidentHistoryInput> {
  const schema = validateWith(rowSchema(today), { institutionId });
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
export interface ResidentOutcome {
  residentId: number;
  state: TransitionState;
  stateSince: string;
}

/** A step's date and the column it comes from (a refusal is shown on that column). */
interface At {
  on: string;
  field: ResidentHistoryField;
}

/** The latest of the dates (the first listed wins a tie): the earliest day a derived step could be taken. */
function latest(...candidates: (At | null)[]): At {
  return candidates.filter((c): c is At => c !== null).reduce((a, b) => (b.on > a.on ? b : a));
}

const at = (on: string | null, field: ResidentHistoryField): At | null => (on ? { on, field } : null);

type Units = Map<string, { id: number; name: string }[]>;

/**
 * Enters one row through the services, in the order and with the dates of docs/history-import.md:
 *   the resident, opened on `openedOn`;
 *   START_ASSESSMENT on `assessmentStartedOn` (else on the opening date) when an assessment is given;
 *   the assessment completed (saveAssessment), COMPLETE_ASSESSMENT on its date;
 *   the plan (savePlan), its approval (recordHistoricalApproval), the consent (recordConsent);
 *   START_PREPARATION on the later of approval and consent (never before the previous step);
 *   the reservation (reservePlace), START_MOVE on the later of reservation and preparation;
 *   RECORD_MOVE on `movedOn`, the service (addService);
 *   RETURN, WITHDRAW, RECORD_DEATH on their dates.
 * A refusal is thrown as a RowRefusal naming the column and the dates.
 */
function replayResident(ctx: ServiceContext, units: Units, v: ResidentHistoryInput): ResidentOutcome {
  let previous: At = { on: v.openedOn, field: "openedOn" };
  const attempt = <T>(field: ResidentHistoryField, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof AppError) || e.label !== "validation") throw e;
      throw new RowRefusal(field, { key: e.messageKey, values: e.values });
    }
  };
  const residentId = attempt("openedOn", () => createResident(ctx, { ...v, openedOn: v.openedOn }));
  const transitionOf = () => findResident(ctx, residentId).transition;
  const send = (type: TransitionEventType, step: At) => {
    try {
      applyEvent(ctx, residentId, { type, on: step.on, version: transitionOf().version });
    } catch (e) {
      // "Before the previous step": say which column the previous step's date comes from.
      if (e instanceof AppError && e.messageKey === "transitions.guards.inOrder") {
        throw new RowRefusal(step.field, {
          key: "history.errors.dateBefore",
          values: {
            on: `d:${step.on}`,
            column: `t:${residentHistoryLabel(previous.field)}`,
            previous: `d:${previous.on}`,
          },
        });
      }
      if (!(e instanceof AppError) || e.label !== "validation") throw e;
      throw new RowRefusal(step.field, { key: e.messageKey, values: e.values });
    }
    previous = step;
  };

  if (v.assessmentStartedOn || v.assessmentCompletedOn) {
    send("START_ASSESSMENT", at(v.assessmentStartedOn, "assessmentStartedOn") ?? { on: v.openedOn, field: "openedOn" });
  }
  if (v.assessmentCompletedOn) {
    attempt("assessmentCompletedOn", () =>
      saveAssessment(ctx, residentId, importedAssessment(v, v.assessmentCompletedOn!)),
    );
    send("COMPLETE_ASSESSMENT", { on: v.assessmentCompletedOn, field: "assessmentCompletedOn" });
  }
  if (v.planWrittenOn) {
    attempt("planWrittenOn", () =>
      savePlan(ctx, residentId, {
        goals: v.planGoals,
        supportNeeded: "",
        housingPreference: "",
        plannedServices: [],
        writtenOn: v.planWrittenOn!,
        version: 0,
      }),
    );
  }
  if (v.planApprovedOn) {
    const plan = getPlan(ctx, transitionOf().id)!;
    attempt("planApprovedOn", () =>
      recordHistoricalApproval(ctx, residentId, {
        approvedOn: v.planApprovedOn!,
        approvedByName: v.planApprovedBy,
        preparedByName: v.planWrittenBy,
        version: plan.version,
      }),
    );
  }
  if (v.consentGivenOn) {
    attempt("consentGivenOn", () =>
      recordConsent(ctx, residentId, {
        givenBy: v.consentGivenBy ?? REQUIRED_CONSENT[v.legalCapacity],
        guardianName: v.consentGuardian || (v.legalCapacity === "full" ? "" : v.guardianName),
        givenOn: v.consentGivenOn!,
        documentRef: v.consentDocument,
      }),
    );
  }
  const preparing = v.planApprovedOn !== null && v.consentGivenOn !== null;
  if (preparing)
    send(
      "START_PREPARATION",
      latest(at(v.planApprovedOn, "planApprovedOn"), at(v.consentGivenOn, "consentGivenOn"), previous),
    );
  if (v.reservedOn) {
    const unit = findUnit(units, v.unit);
    attempt("reservedOn", () =>
      reservePlace(ctx, residentId, {
        housingUnitId: unit.id,
        reservedOn: v.reservedOn!,
        plannedMoveOn: null,
        expiresOn: v.reservationExpiresOn,
      }),
    );
    if (preparing) send("START_MOVE", latest(at(v.reservedOn, "reservedOn"), previous));
  }
  if (v.movedOn) send("RECORD_MOVE", { on: v.movedOn, field: "movedOn" });
  if (v.serviceType) {
    attempt("serviceStartOn", () =>
      addService(ctx, residentId, {
        serviceType: v.serviceType!,
        provider: v.serviceProvider,
        startOn: v.serviceStartOn!,
        endOn: v.serviceEndOn,
        hoursPerWeek: v.serviceHours,
      }),
    );
  }
  if (v.returnedOn) send("RETURN", { on: v.returnedOn, field: "returnedOn" });
  if (v.withdrawnOn) send("WITHDRAW", { on: v.withdrawnOn, field: "withdrawnOn" });
  if (v.diedOn) send("RECORD_DEATH", { on: v.diedOn, field: "diedOn" });
  const t = transitionOf();
  return { residentId, state: t.state, stateSince: t.stateSince };
}

/**
 * The completed assessment as the file gives it: who completed it, on which day, the overall
 * intensity of support and the intensity in each life domain (a completed assessment has them
 * all). Notes and a summary stay in the paper record.
 */
function importedAssessment(v: ResidentHistoryInput, completedOn: string): AssessmentFormOutput {
  return {
    ...Object.fromEntries(LIFE_DOMAINS.map((d) => [`domain_${d}`, v[`domain_${d}`]])),
    ...Object.fromEntries(LIFE_DOMAINS.map((d) => [`note_${d}`, ""])),
    overallIntensity: v.supportIntensity!,
    summary: "",
    completedByName: v.assessmentCompletedBy,
    completedOn,
    version: 0,
  } as AssessmentFormOutput;
}

/** The institution's housing units by name (compared without case, diacritics or spaces). */
function unitsOf(ctx: ServiceContext, institutionId: number): Units {
  const units: Units = new Map();
  for (const u of ctx.db
    .select({ id: housingUnits.id, name: housingUnits.name })
    .from(housingUnits)
    .where(eq(housingUnits.institutionId, institutionId))
    .all()) {
    const key = fold(u.name);
    units.set(key, [...(units.get(key) ?? []), u]);
  }
  return units;
}

function findUnit(units: Units, name: string) {
  const found = units.get(fold(name)) ?? [];
  if (found.length === 0) throw new RowRefusal("unit", { key: "history.errors.unknownUnit", values: { name } });
  if (found.length > 1) throw new RowRefusal("unit", { key: "history.errors.ambiguousUnit", values: { name } });
  return found[0]!;
}

// ---------------------------------------------------------------------------------------------
// Preview and commit

export type ResidentHistoryPreview = HistoryPreview<ResidentHistoryField, ResidentOutcome>;

async function run(
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: HistoryFileOptions,
  commit: boolean,
): Promise<ResidentHistoryPreview & { committed: boolean }> {
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
  const t = table(institutionId, localDate(ctx.now, inst.timeZone));
  const parsed = parseRecords(sheet.records, t, options.locale);
  const head = { format: sheet.format, encoding: sheet.encoding, delimiter: sheet.delimiter };
  if (parsed.fileErrors.length) return { ...base, ...head, fileErrors: parsed.fileErrors };

  let units: Units = new Map();
  const replayed = await replayRows(
    ctx,
    parsed.rows,
    (c, input: ResidentHistoryInput) => replayResident(c, units, input),
    {
      commit,
      onProgress: options.onProgress,
      // Inside the transaction, before any row: people already registered, the institution's units.
      before: (c, rows: ParsedCsvRow<ResidentHistoryField, ResidentHistoryInput>[]) => {
        const registered = new Set(registeredPersonKeys(c.db, residents, institutionId));
        for (const row of rows) {
          const key = t.identity(row);
          if (key && registered.has(key))
            addRowError(row, { key: MESSAGES.duplicate, values: { context: "registered" } });
        }
        units = unitsOf(c, institutionId);
      },
      after: (c, rows) => {
        const states: Record<string, number> = {};
        for (const r of rows) if (r.outcome) states[r.outcome.state] = (states[r.outcome.state] ?? 0) + 1;
        auditByActor(c.db, c, {
          action: "resident.history_imported",
          entityType: "institution",
          entityId: institutionId,
          institutionId,
          after: {
            created: rows.length,
            states,
            format: sheet.format,
            encoding: sheet.encoding,
            delimiter: sheet.delimiter,
            bytes: bytes.length,
            sha256: createHash("sha256").update(bytes).digest("hex"),
          },
        });
      },
    },
  );
  return {
    ...head,
    fileErrors: [],
    rowCount: replayed.rows.length,
    errorRowCount: replayed.rows.filter((r) => Object.keys(r.errors).length > 0).length,
    rows: replayed.rows,
    committed: replayed.committed,
  };
}

/**
 * What importing this history would make, row by row: every row is replayed through the
 * services inside a transaction that is then rolled back, so its errors are those a commit
 * would meet. Writes nothing. The institution must be in the user's scope.
 */
export async function previewResidentHistory(
  ctx: ServiceContext,
  institutionId: number,
  bytes: Uint8Array,
  options: HistoryFileOptions = {},
): Promise<ResidentHistoryPreview> {
  const { committed: _, ...preview } = await run(ctx, institutionId, bytes, options, false);
  return preview;
}

/**
 * Imports every row's history, or nothing: the file is read, checked and replayed again inside
 * one transaction, committed only when every row was accepted. A file error is thrown as that
 * error; row errors as AppError validation residents.import.errors.hasErrors { count }.
 * Audited as resident.history_imported (counts, file hash; no personal data).
 */
export async function commitResidentHistory(
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
    ids: result.rows.map((r) => r.outcome!.residentId),
    format: result.format!,
    encoding: result.encoding,
  };
}

// ---------------------------------------------------------------------------------------------
// Template

/**
 * The example row of the template, per language: a resident who moved to a training flat with
 * care services. Values as people of that language write them (all read back by the import).
 */
const EXAMPLES: Record<Locale, Partial<Record<ResidentHistoryField, string>>> = {
  en: {
    firstName: "Jan",
    lastName: "Kowalski",
    sex: "male",
    dateOfBirth: "1948-05-12",
    targetGroup: "older_person",
    disability: "yes",
    legalCapacity: "full",
    admissionDate: "2010-03-01",
    supportNeeds: "Help with medication",
    supportIntensity: "limited",
    planGoals: "To live in a training flat and keep in touch with family",
    unit: "Mieszkanie treningowe nr 1",
    serviceType: "pl_care_services",
    serviceProvider: "MOPS Zielona Góra",
  },
  pl: {
    firstName: "Jan",
    lastName: "Kowalski",
    sex: "mężczyzna",
    dateOfBirth: "1948-05-12",
    targetGroup: "osoba starsza",
    disability: "tak",
    legalCapacity: "pełna",
    admissionDate: "2010-03-01",
    supportNeeds: "Przypominanie o lekach",
    supportIntensity: "Ograniczone",
    planGoals: "Zamieszkać w mieszkaniu treningowym i zachować kontakt z rodziną",
    unit: "Mieszkanie treningowe nr 1",
    serviceType: "Usługi opiekuńcze",
    serviceProvider: "MOPS Zielona Góra",
  },
  bg: {
    firstName: "Иван",
    lastName: "Петров",
    sex: "мъж",
    dateOfBirth: "1948-05-12",
    targetGroup: "възрастен човек",
    disability: "да",
    legalCapacity: "пълна",
    admissionDate: "2010-03-01",
    supportNeeds: "Напомняне за лекарствата",
    supportIntensity: "Ограничена",
    planGoals: "Да живее в защитено жилище и да поддържа връзка със семейството си",
    unit: "Защитено жилище № 1",
    serviceType: "Асистентска подкрепа",
    serviceProvider: "Община Тутракан",
  },
};

/** The example's dates and names: the same history in every language. */
const EXAMPLE_HISTORY: Partial<Record<ResidentHistoryField, string>> = {
  openedOn: "2022-09-01",
  assessmentStartedOn: "2022-09-05",
  assessmentCompletedOn: "2022-09-20",
  assessmentCompletedBy: "Anna Nowak",
  planWrittenOn: "2022-10-01",
  planWrittenBy: "Anna Nowak",
  planApprovedOn: "2022-10-10",
  planApprovedBy: "Piotr Zieliński",
  consentGivenOn: "2022-10-12",
  reservedOn: "2022-11-02",
  movedOn: "2022-12-05",
  serviceStartOn: "2022-12-06",
  serviceHours: "10",
};

/** The example's assessment, domain by domain. */
const EXAMPLE_DOMAINS: Record<(typeof LIFE_DOMAINS)[number], (typeof SUPPORT_INTENSITIES)[number]> = {
  self_care: "intermittent",
  health: "limited",
  household: "extensive",
  mobility: "none",
  communication: "intermittent",
  social_relations: "limited",
  daytime_activity: "limited",
  finances: "extensive",
  safety: "intermittent",
};

export function residentHistoryExample(locale: Locale): Record<string, string> {
  const names =
    locale === "bg"
      ? { assessmentCompletedBy: "Мария Иванова", planWrittenBy: "Мария Иванова", planApprovedBy: "Георги Димитров" }
      : {};
  // Intensities as codes in English, as the interface names them in Polish and Bulgarian.
  const intensity = (code: string) => (locale === "en" ? code : labelOf(locale, `transitions.intensities.${code}`));
  const domains = Object.fromEntries(LIFE_DOMAINS.map((d) => [`domain_${d}`, intensity(EXAMPLE_DOMAINS[d])]));
  return { ...EXAMPLE_HISTORY, ...names, ...domains, ...EXAMPLES[locale] } as Record<string, string>;
}

/** The template file of the resident history import, in a language and a format. */
export function residentHistoryTemplate(locale: Locale, format: TemplateFormat, t: TFunction): Promise<Uint8Array> {
  return templateFile({
    columns: COLUMNS.list(locale).map((c) => ({
      ...c,
      labelKey: residentHistoryLabel(c.field),
      helpKey: RESIDENT_HISTORY_HELP[c.field],
    })),
    example: residentHistoryExample(locale),
    locale,
    format,
    t,
    sheetName: t("history.residents.sheetName"),
  });
}

/** The header line of a template file, in the user's language. */
export function residentHistoryHeader(locale: Locale): string {
  return COLUMNS.templateHeader(locale);
}
