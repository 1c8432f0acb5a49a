import { z } from "zod";
import { DISABILITY_STATUSES, LEGAL_CAPACITIES, SEXES, TARGET_GROUPS } from "#db/schema/enums";
import { TRANSITION_STATES } from "#machines/names";
import { isValidDate } from "#app/utils/dates";
import { requiredText, text } from "#app/utils/validation";

/** A calendar date from a form; "" means not given. */
export const optionalDate = z
  .string()
  .trim()
  .refine((v) => v === "" || isValidDate(v), { error: "validation.date" })
  .transform((v) => (v === "" ? null : v));

export const requiredDate = z
  .string()
  .trim()
  .min(1)
  .refine((v) => isValidDate(v), { error: "validation.date" });

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.literal(""), z.enum(values)]).transform((v) => (v === "" ? null : (v as T[number])));

/** The earliest date of birth a resident can have. */
export const EARLIEST_DATE_OF_BIRTH = "1900-01-01";

/**
 * What is wrong with a date of birth, as a message key, or null: before 1900, or after `today`
 * (today in the resident's institution's time zone; unknown: only the 1900 floor is checked).
 */
export function dateOfBirthProblem(dateOfBirth: string | null, today: string | null): string | null {
  if (!dateOfBirth) return null;
  if (dateOfBirth < EARLIEST_DATE_OF_BIRTH) return "validation.dateOfBirthTooEarly";
  if (today && dateOfBirth > today) return "validation.dateOfBirthInFuture";
  return null;
}

/** Today in an institution's time zone, by its id (null when it is not known). */
export type InstitutionToday = (institutionId: number) => string | null;

const residentFields = z.object({
  institutionId: z.coerce.number().int().positive({ error: "validation.required" }),
  firstName: requiredText(80),
  lastName: requiredText(80),
  sex: optionalEnum(SEXES),
  dateOfBirth: optionalDate,
  targetGroup: z.enum(TARGET_GROUPS),
  disability: z.enum(DISABILITY_STATUSES),
  legalCapacity: z.enum(LEGAL_CAPACITIES),
  guardianName: text(120),
  guardianContact: text(200),
  guardianDecision: text(200),
  admissionDate: optionalDate,
  supportNeeds: text(2000),
});
export type ResidentInput = z.output<typeof residentFields>;

const residentRules = (todayOf: InstitutionToday) => (v: ResidentInput, ctx: z.RefinementCtx) => {
  if (v.legalCapacity !== "full" && !v.guardianName) {
    ctx.addIssue({ code: "custom", path: ["guardianName"], message: "validation.guardianRequired" });
  }
  const problem = dateOfBirthProblem(v.dateOfBirth, todayOf(v.institutionId));
  if (problem) ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: problem });
};

/**
 * The resident form (create); also each row of a CSV import. "Today" comes from the caller: the
 * server's clock in the institution's zone on the server, the browser's in the same zone in a form.
 */
export const residentSchemaOn = (todayOf: InstitutionToday) => residentFields.superRefine(residentRules(todayOf));

/** The edit form: the same, with the version the page showed. */
export const residentUpdateSchemaOn = (todayOf: InstitutionToday) =>
  residentFields.extend({ version: z.coerce.number().int().positive() }).superRefine(residentRules(todayOf));

/** A new resident: the record and the date their transition was opened (RES_COVERED's counting moment). */
export const newResidentSchemaOn = (todayOf: InstitutionToday) =>
  residentFields.extend({ openedOn: requiredDate }).superRefine(residentRules(todayOf));
export type NewResidentInput = ResidentInput & { openedOn: string };

export const RESIDENT_PAGE_SIZE = 25;

/** The resident list's query string: a value that does not fit is ignored, not an error. */
/** The columns the resident list sorts by. */
export const RESIDENT_SORTS = ["name", "code", "state", "since", "institution"] as const;
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type ResidentSort = (typeof RESIDENT_SORTS)[number];

export const residentFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  state: z.enum(TRANSITION_STATES).optional().catch(undefined),
  targetGroup: z.enum(TARGET_GROUPS).optional().catch(undefined),
  institutionId: z.coerce.number().int().positive().optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  /** A key worker's user id, or "none" (the cases without one). */
  keyWorker: z
    .union([z.literal("none"), z.coerce.number().int().positive()])
    .optional()
    .catch(undefined),
  sort: z.enum(RESIDENT_SORTS).optional().catch(undefined),
  dir: z.enum(SORT_DIRECTIONS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).optional().catch(undefined),
});
