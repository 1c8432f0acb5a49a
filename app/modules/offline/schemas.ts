import { z } from "zod";
import { deliveryFields } from "#app/modules/deliveries/schemas";
import { addNoteSchema } from "#app/modules/notes/schemas";
import { optionalDate } from "#app/modules/residents/schemas";
import { visitSchema } from "#app/modules/transitions/schemas";

/**
 * A write queued on a device while offline (issue #17, decision 031). Its `payload` is what the
 * form would have posted, validated by the form's own schema (visits: `visitSchema`, notes:
 * `addNoteSchema`, hours delivered: `deliveryFields`); `base` is what the device's copy said when the worker wrote it, so that a
 * change on the server meanwhile is a conflict shown to the worker, never overwritten silently.
 */
const key = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
  error: "offline.errors.badKey",
});
const id = z.coerce.number().int().positive();
const base = z.object({
  /** The key worker the copy showed (the worker, when it was copied; a colleague after "keep mine"). */
  caseWorkerId: z.number().int().positive().nullable(),
  /** The stage the copy showed (a closed stage the worker chose to write to anyway, after a conflict). */
  state: z.string().max(40),
});

export const offlineVisitSchema = z.object({
  key,
  kind: z.literal("visit"),
  residentId: id,
  visitId: id,
  payload: visitSchema,
  base,
});

export const offlineNoteSchema = z.object({
  key,
  kind: z.literal("note"),
  residentId: id,
  payload: addNoteSchema.omit({ intent: true }),
  base,
});

/** Hours of a service delivered (decision 048); `serviceEndOn` is the service's end the copy showed. */
export const offlineHoursSchema = z.object({
  key,
  kind: z.literal("hours"),
  residentId: id,
  serviceId: id,
  serviceEndOn: optionalDate.nullable(),
  payload: deliveryFields,
  base,
});

export const offlineWriteSchema = z.discriminatedUnion("kind", [
  offlineVisitSchema,
  offlineNoteSchema,
  offlineHoursSchema,
]);
export type OfflineWriteInput = z.output<typeof offlineWriteSchema>;

/** The kinds of conflict the device shows with both versions (`offline.conflicts.*`). */
export const CONFLICT_KINDS = ["visitRecorded", "reassigned", "closed", "serviceEnded"] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
