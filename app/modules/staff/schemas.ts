import { z } from "zod";
import { COMPETENCE_AREAS, SEXES, SUPPORT_SESSION_KINDS } from "#db/schema/enums";
import { SERVICE_TYPE_CODES } from "#app/modules/catalogues/catalogues";
import { optionalDate, requiredDate } from "#app/modules/residents/schemas";
import { multi, requiredText, text } from "#app/utils/validation";

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.literal(""), z.enum(values)]).transform((v) => (v === "" ? null : (v as T[number])));

const staffFields = {
  institutionId: z.coerce.number().int().positive({ error: "validation.required" }),
  firstName: requiredText(80),
  lastName: requiredText(80),
  sex: optionalEnum(SEXES),
  dateOfBirth: optionalDate,
  position: requiredText(120),
  employedFrom: optionalDate,
  employedTo: optionalDate,
  email: z.union([
    z.literal(""),
    z
      .string()
      .trim()
      .max(254)
      .pipe(z.email({ error: "validation.email" })),
  ]),
  phone: text(40),
};

function employmentOrder(v: { employedFrom: string | null; employedTo: string | null }, ctx: z.RefinementCtx) {
  if (v.employedFrom && v.employedTo && v.employedTo < v.employedFrom) {
    ctx.addIssue({ code: "custom", path: ["employedTo"], message: "validation.endBeforeStart" });
  }
}

/** The staff form; also each row of a staff CSV import. */
export const staffSchema = z.object(staffFields).superRefine(employmentOrder);
export type StaffInput = z.output<typeof staffSchema>;

export const staffUpdateSchema = z
  .object({ ...staffFields, intent: z.literal("update"), version: z.coerce.number().int().positive() })
  .superRefine(employmentOrder);

export const communityStartSchema = z.object({
  intent: z.literal("community"),
  communityStartOn: requiredDate,
  communityServiceType: z.enum(SERVICE_TYPE_CODES),
  communityEmployer: requiredText(200),
  version: z.coerce.number().int().positive(),
});

export const staffActionSchema = z.discriminatedUnion("intent", [communityStartSchema, staffUpdateSchema]);

export const moduleSchema = z.object({
  titleEn: requiredText(200),
  titlePl: requiredText(200),
  titleBg: requiredText(200),
  hours: z.coerce
    .number({ error: "validation.wholeNumber" })
    .int({ error: "validation.wholeNumber" })
    .min(1, { error: "validation.wholeNumber" })
    .max(2000, { error: "validation.wholeNumber" }),
  competenceArea: z.enum(COMPETENCE_AREAS),
  provider: requiredText(200),
});

/** Bulk enrolment: many staff members in one module at once. */
export const bulkEnrolSchema = z.object({
  moduleId: z.coerce.number().int().positive({ error: "validation.required" }),
  enrolledOn: requiredDate,
  staffIds: multi(z.coerce.number().int().positive()).pipe(
    z.array(z.number()).min(1, { error: "validation.chooseOne" }),
  ),
});

/** Attendance, completion or dropping for several enrolments of one module at once. */
export const enrolmentActionSchema = z.object({
  intent: z.enum(["attend", "complete", "drop"]),
  on: requiredDate,
  hours: z
    .string()
    .trim()
    .refine((v) => v === "" || (/^\d+([.,]\d+)?$/.test(v) && Number(v.replace(",", ".")) <= 24), {
      error: "validation.hoursPerDay",
    })
    .transform((v) => (v === "" ? null : Number(v.replace(",", "."))))
    .optional(),
  reason: text(500).optional(),
  certificateRef: text(120).optional(),
  enrolmentIds: multi(z.coerce.number().int().positive()).pipe(
    z.array(z.number()).min(1, { error: "validation.chooseOne" }),
  ),
});

export const supportSessionSchema = z.object({
  institutionId: z.coerce.number().int().positive({ error: "validation.required" }),
  kind: z.enum(SUPPORT_SESSION_KINDS),
  heldOn: requiredDate,
  facilitator: requiredText(200),
  topics: text(2000),
  staffIds: multi(z.coerce.number().int().positive()).pipe(
    z.array(z.number()).min(1, { error: "validation.chooseOne" }),
  ),
});

export const ratioSchema = z.object({
  subject: z.enum(["housing", "service"]),
  typeCode: requiredText(60),
  competenceArea: z.enum(COMPETENCE_AREAS),
  staffPerUnit: z
    .string()
    .trim()
    .refine((v) => /^\d+([.,]\d+)?$/.test(v) && Number(v.replace(",", ".")) <= 10, { error: "validation.ratio" })
    .transform((v) => Number(v.replace(",", "."))),
});

export const STAFF_PAGE_SIZE = 50;

/** The staff register's query string: a value that does not fit is ignored, not an error. */
export const staffFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).optional().catch(undefined),
});

/** The training module page's two forms: enrol staff, or record attendance, completion or dropping out. */
export const trainingModuleActionSchema = z.discriminatedUnion("intent", [
  bulkEnrolSchema.extend({ intent: z.literal("enrol") }),
  enrolmentActionSchema,
]);
