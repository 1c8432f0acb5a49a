import { z } from "zod";
import { requiredDate } from "#app/modules/residents/schemas";

/**
 * The diagnosis forms (decision 039). Drafting from the register names the day the figures are
 * counted on; editing sends every figure shown, a breakdown cell empty when it stays hidden.
 */
export const draftDiagnosisSchema = z.object({
  intent: z.literal("draftDiagnosis"),
  version: z.coerce.number().int().positive(),
  asOf: requiredDate,
});

const total = z
  .string()
  .trim()
  .regex(/^\d{1,7}$/, { error: "validation.wholeNumberOrZero" })
  .transform(Number);

/** A breakdown cell: a whole number, or empty (hidden, or not known). */
const cellField = z
  .string()
  .trim()
  .regex(/^\d{0,7}$/, { error: "validation.wholeNumberOrZero" })
  .transform((v) => (v === "" ? null : Number(v)));

/** Fields `<group>__<i>` (see `figureField`) and the three totals. */
export const diagnosisFiguresSchema = z
  .object({
    intent: z.literal("diagnosis"),
    version: z.coerce.number().int().positive(),
    residents: total,
    staff: total,
    waitingList: total,
  })
  .catchall(cellField) as unknown as z.ZodType<
  { intent: "diagnosis"; version: number; residents: number; staff: number; waitingList: number } & Record<
    string,
    number | null | string
  >
>;
