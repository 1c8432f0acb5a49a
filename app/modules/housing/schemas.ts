import { z } from "zod";
import { HOUSING_UNIT_STATUSES, OPERATOR_KINDS } from "#db/schema/enums";
import { HOUSING_TYPE_CODES } from "#app/modules/catalogues/catalogues";
import { requiredText } from "#app/utils/validation";
import { optionalDate } from "#app/modules/residents/schemas";
import { CAPACITY_MAX, CAPACITY_MIN } from "./limits";

/**
 * A whole number typed into a form. The field's hint states the allowed range, so a wrong value
 * gets the generic "not valid" message rather than zod's "at least N characters".
 */
const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: "validation.invalid" })
    .int({ error: "validation.invalid" })
    .min(min, { error: "validation.invalid" })
    .max(max, { error: "validation.invalid" });

/** BG only: "" or a missing field (the field is not shown for PL institutions) means not given. */
const optionalCount = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || /^\d{1,6}$/.test(v), { error: "validation.invalid" })
  .transform((v) => (v ? Number(v) : null));

/** An HTML checkbox: "on" from a posted form, true/false from react-hook-form, absent when unchecked. */
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

const housingUnitFields = z.object({
  institutionId: z.coerce.number().int().positive({ error: "validation.required" }),
  // The country match and validity dates are checked by the service (they need the institution).
  housingType: z.enum(HOUSING_TYPE_CODES, { error: "validation.invalidChoice" }),
  name: requiredText(160),
  address: requiredText(300),
  operatorName: requiredText(160),
  operatorKind: z.enum(OPERATOR_KINDS),
  capacity: wholeNumber(CAPACITY_MIN, CAPACITY_MAX),
  maxFundedUsers: optionalCount,
  openedOn: optionalDate,
  status: z.enum(HOUSING_UNIT_STATUSES),
  onInstitutionPremises: checkbox,
});

function openNeedsDate(v: { status: string; openedOn: string | null }, ctx: z.RefinementCtx) {
  if (v.status === "open" && !v.openedOn) {
    ctx.addIssue({ code: "custom", path: ["openedOn"], message: "validation.required" });
  }
}

/** The housing unit form (create). Shared by the browser and the action. */
export const housingUnitSchema = housingUnitFields.superRefine(openNeedsDate);
export type HousingUnitInput = z.output<typeof housingUnitSchema>;

/** The edit form: the same fields and the version the user saw. */
export const housingUnitUpdateSchema = housingUnitFields
  .extend({ version: z.coerce.number().int().positive() })
  .superRefine(openNeedsDate);
export type HousingUnitUpdateInput = z.output<typeof housingUnitUpdateSchema>;
