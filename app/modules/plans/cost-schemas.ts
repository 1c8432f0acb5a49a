import { z } from "zod";
import { requiredText, text } from "#app/utils/validation";
import { CURRENCIES } from "./constants";

/** A cost line of an action as the plan document stores it (decision 040). */
export const costLineSchema = z.object({
  id: z.string().min(1).max(40),
  year: z.number().int().min(2000).max(2100),
  amount: z.number().min(0).max(1e12),
  source: z.string().max(300),
});

/** The form that adds a cost line to an action: year, amount in the plan's currency, funding source. */
export const costSchema = z.object({
  intent: z.literal("cost"),
  version: z.coerce.number().int().positive(),
  actionId: requiredText(40),
  year: z
    .string()
    .trim()
    .regex(/^\d{4}$/, { error: "validation.year" })
    .transform(Number),
  amount: z
    .string()
    .trim()
    .refine((v) => /^\d{1,12}([.,]\d{1,2})?$/.test(v.replace(/\s/g, "")), { error: "validation.money" })
    .transform((v) => Number(v.replace(/\s/g, "").replace(",", "."))),
  currency: z.enum(CURRENCIES),
  source: text(300),
});

export const removeCostSchema = z.object({
  intent: z.literal("removeCost"),
  version: z.coerce.number().int().positive(),
  actionId: requiredText(40),
  costId: requiredText(40),
});
