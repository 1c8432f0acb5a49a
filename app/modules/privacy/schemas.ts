import { z } from "zod";
import { text } from "#app/utils/validation";
import { ERASURE_REFUSAL_BASES } from "./constants";

/** The retention page's two forms: anonymise a due record (confirmed first), or record a refusal to erase. */
export const retentionActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("anonymise"),
    residentId: z.coerce.number().int().positive(),
    version: z.coerce.number().int().positive(),
  }),
  z.object({
    intent: z.literal("refuse"),
    residentId: z.coerce.number().int().positive(),
    basis: z.enum(ERASURE_REFUSAL_BASES, { error: "retention.errors.basis" }),
    reference: text(200),
    /** Where to go back to: the resident's page or this list. */
    back: z.enum(["list", "resident"]).default("list"),
  }),
]);
export type RetentionAction = z.output<typeof retentionActionSchema>;
