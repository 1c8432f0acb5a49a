import { z } from "zod";
import { CONSENT_GIVERS, LIFE_DOMAINS, SUPPORT_INTENSITIES } from "#db/schema/enums";
import { TRANSITION_EVENT_TYPES } from "#machines/names";
import { HOUSING_TYPE_CODES, SERVICE_TYPE_CODES } from "#app/modules/catalogues/catalogues";
import { optionalDate, requiredDate } from "#app/modules/residents/schemas";
import { multi, requiredText, text } from "#app/utils/validation";

const version = z.coerce.number().int().positive();

export const eventSchema = z.object({
  intent: z.literal("event"),
  type: z.enum(TRANSITION_EVENT_TYPES),
  on: requiredDate,
  note: text(1000),
  version,
});

/** A correction of an entry of the log: its corrected date and note, and why. */
export const correctEventSchema = z.object({
  intent: z.literal("correct"),
  seq: z.coerce.number().int().positive(),
  on: requiredDate,
  note: text(1000),
  reason: requiredText(1000),
  version,
});

/** Voiding the latest entry of the log, with the reason. */
export const voidEventSchema = z.object({
  intent: z.literal("void"),
  seq: z.coerce.number().int().positive(),
  reason: requiredText(1000),
  version,
});

/** The resident page's form that sets, extends or clears the day a reserved place is held until. */
export const reservationExpirySchema = z.object({
  intent: z.literal("expiry"),
  placementId: z.coerce.number().int().positive(),
  expiresOn: optionalDate,
  version,
});

/** The resident page's forms: a workflow step, a correction, a void, a reservation's "held until". */
export const residentPageActionSchema = z.discriminatedUnion("intent", [
  eventSchema,
  correctEventSchema,
  voidEventSchema,
  reservationExpirySchema,
]);

/** A life domain's intensity: "" while it is not assessed (stored as null). */
const domainIntensity = z.union([z.literal(""), z.enum(SUPPORT_INTENSITIES)]).transform((v) => (v === "" ? null : v));

/**
 * One select per life domain: `domain_<name>` = intensity ("" = not assessed yet), `note_<name>` =
 * notes. A draft may leave domains empty; completing it (a completion date) needs every domain.
 * The overall intensity is always chosen (never assumed): the column has no "not yet" value.
 */
export const assessmentSchema = z
  .object({
    ...Object.fromEntries(LIFE_DOMAINS.map((d) => [`domain_${d}`, domainIntensity])),
    ...Object.fromEntries(LIFE_DOMAINS.map((d) => [`note_${d}`, text(500)])),
    overallIntensity: z
      .string()
      .refine((v) => v !== "", { error: "validation.required" })
      .pipe(z.enum(SUPPORT_INTENSITIES)),
    summary: text(4000),
    completedByName: text(120),
    /** Empty: a draft, not yet completed. */
    completedOn: optionalDate,
    version: z.coerce.number().int().min(0),
  })
  .superRefine((v, ctx) => {
    for (const d of domainsMissingForCompletion(v as unknown as AssessmentFormOutput)) {
      ctx.addIssue({ code: "custom", path: [`domain_${d}`], message: "validation.requiredToComplete" });
    }
  }) as unknown as z.ZodType<AssessmentFormOutput>;

/** The life domains an assessment still lacks to be completed (none while it is a draft). */
export function domainsMissingForCompletion(input: AssessmentFormOutput): string[] {
  return input.completedOn ? LIFE_DOMAINS.filter((d) => !input[`domain_${d}`]) : [];
}

export type AssessmentFormOutput = {
  [k: `domain_${string}`]: (typeof SUPPORT_INTENSITIES)[number] | null;
} & {
  [k: `note_${string}`]: string;
} & {
  overallIntensity: (typeof SUPPORT_INTENSITIES)[number];
  summary: string;
  completedByName: string;
  completedOn: string | null;
  version: number;
};

export const planSchema = z.object({
  intent: z.literal("save"),
  goals: requiredText(4000),
  supportNeeded: requiredText(4000),
  housingPreference: z.union([z.literal(""), z.enum(HOUSING_TYPE_CODES)]),
  plannedServices: multi(z.enum(SERVICE_TYPE_CODES)),
  writtenOn: requiredDate,
  version: z.coerce.number().int().min(0),
});

export const approvePlanSchema = z.object({
  intent: z.literal("approve"),
  approvedOn: requiredDate,
  version,
});

export const planActionSchema = z.discriminatedUnion("intent", [planSchema, approvePlanSchema]);

export const consentSchema = z.object({
  intent: z.literal("record"),
  givenBy: z.enum(CONSENT_GIVERS),
  guardianName: text(120),
  givenOn: requiredDate,
  documentRef: text(120),
});

export const withdrawConsentSchema = z.object({
  intent: z.literal("withdraw"),
  consentId: z.coerce.number().int().positive(),
  withdrawnOn: requiredDate,
  version,
});

export const consentActionSchema = z.discriminatedUnion("intent", [consentSchema, withdrawConsentSchema]);

export const reserveSchema = z.object({
  intent: z.literal("reserve"),
  housingUnitId: z.coerce.number().int().positive({ error: "validation.required" }),
  reservedOn: requiredDate,
  plannedMoveOn: optionalDate,
  /** "Held until" (decision 047): optional, not before the reservation's date (checked by the service). */
  expiresOn: optionalDate,
});

export const cancelReservationSchema = z.object({
  intent: z.literal("cancel"),
  placementId: z.coerce.number().int().positive(),
  version,
});

export const placementActionSchema = z.discriminatedUnion("intent", [reserveSchema, cancelReservationSchema]);

export const visitSchema = z.object({
  visitedOn: requiredDate,
  findings: requiredText(4000),
  actions: text(4000),
  version,
});

export const addServiceSchema = z.object({
  intent: z.literal("add"),
  serviceType: z.enum(SERVICE_TYPE_CODES),
  provider: requiredText(200),
  startOn: requiredDate,
  endOn: optionalDate,
  hoursPerWeek: z
    .string()
    .trim()
    .refine((v) => v === "" || (/^\d+([.,]\d+)?$/.test(v) && Number(v.replace(",", ".")) <= 168), {
      error: "validation.hoursPerWeek",
    })
    .transform((v) => (v === "" ? null : Number(v.replace(",", ".")))),
});

export const endServiceSchema = z.object({
  intent: z.literal("end"),
  serviceId: z.coerce.number().int().positive(),
  endOn: requiredDate,
  version,
});

export const serviceActionSchema = z.discriminatedUnion("intent", [addServiceSchema, endServiceSchema]);
