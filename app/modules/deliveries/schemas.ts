import { z } from "zod";
import { requiredDate } from "#app/modules/residents/schemas";
import { requiredText, text } from "#app/utils/validation";

/** Longest note of an entry (who came, what was done: a line, not a report). */
export const DELIVERY_NOTE_MAX = 300;
/** Most hours one day can hold, for one entry and for all of a service's entries of that day. */
export const MAX_HOURS_PER_DAY = 24;

/**
 * Hours as typed: "2", "1.5" or "1,5" (a comma in Polish and Bulgarian), more than 0, at most 24,
 * at most two decimals (a quarter of an hour is 0.25).
 */
export const hoursDelivered = z
  .string()
  .trim()
  .refine((v) => /^\d{1,2}([.,]\d{1,2})?$/.test(v), { error: "hours.errors.hoursFormat" })
  .transform((v) => Number(v.replace(",", ".")))
  .refine((v) => v > 0 && v <= MAX_HOURS_PER_DAY, { error: "hours.errors.hoursFormat" });

/** One entry's fields, as the online form and the offline outbox send them (decision 048). */
export const deliveryFields = z.object({
  deliveredOn: requiredDate,
  hours: hoursDelivered,
  note: text(DELIVERY_NOTE_MAX),
});

/** Hours delivered on a day, for one service. */
export const addHoursSchema = deliveryFields.extend({ intent: z.literal("add") });

const entryId = z.coerce.number().int().positive();

/** A correction of an entry as it stands now (`entryId`, the current version), with why. */
export const correctHoursSchema = deliveryFields.extend({
  intent: z.literal("correct"),
  entryId,
  reason: requiredText(500),
});

/** A removal of an entry recorded by mistake, with why (the entry stays visible, struck through). */
export const removeHoursSchema = z.object({
  intent: z.literal("remove"),
  entryId,
  reason: requiredText(500),
});

export const hoursActionSchema = z.discriminatedUnion("intent", [
  addHoursSchema,
  correctHoursSchema,
  removeHoursSchema,
]);
export type DeliveryInput = z.output<typeof deliveryFields>;
export type CorrectHoursInput = z.output<typeof correctHoursSchema>;
export type RemoveHoursInput = z.output<typeof removeHoursSchema>;
