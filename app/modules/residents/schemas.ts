import { z } from "zod";
import { DISABILITY_STATUSES, LEGAL_CAPACITIES, SEXES, TARGET_GROUPS } from "../../../db/schema/enums";
import { TRANSITION_STATES } from "../../../machines/transition";
import { isValidDate } from "../../utils/dates";
import { requiredText, text } from "../../utils/validation";

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
  z
    .union([z.literal(""), z.enum(values)])
    .transform((v) => (v === "" ? null : (v as T[number])));

/** The resident form (create and edit); also each row of a CSV import. */
export const residentSchema = z
  .object({
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
  })
  .superRefine((v, ctx) => {
    if (v.legalCapacity !== "full" && !v.guardianName) {
      ctx.addIssue({ code: "custom", path: ["guardianName"], message: "validation.guardianRequired" });
    }
    if (v.dateOfBirth && v.dateOfBirth < "1900-01-01") {
      ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: "validation.date" });
    }
  });
export type ResidentInput = z.output<typeof residentSchema>;

/** A new resident: the record and the date their transition was opened (RES_COVERED's counting moment). */
export const newResidentSchema = residentSchema.and(z.object({ openedOn: requiredDate }));
export type NewResidentInput = z.output<typeof newResidentSchema>;

export const residentUpdateSchema = residentSchema.and(z.object({ version: z.coerce.number().int().positive() }));

export const RESIDENT_PAGE_SIZE = 25;

/** The resident list's query string: a value that does not fit is ignored, not an error. */
export const residentFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  state: z.enum(TRANSITION_STATES).optional().catch(undefined),
  targetGroup: z.enum(TARGET_GROUPS).optional().catch(undefined),
  institutionId: z.coerce.number().int().positive().optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).optional().catch(undefined),
});
