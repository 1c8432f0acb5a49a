import { z } from "zod";
import { requiredDate } from "#app/modules/residents/schemas";
import { requiredText } from "#app/utils/validation";

/** Longest note body (a home visit's account fits; a report belongs in a document). */
export const NOTE_MAX = 4000;

/** A new case note: the day it happened and what happened. */
export const addNoteSchema = z.object({
  intent: z.literal("add"),
  occurredOn: requiredDate,
  body: requiredText(NOTE_MAX),
});

/** A correction of a note: its corrected day and text, and why (the earlier text stays visible). */
export const correctNoteSchema = z.object({
  intent: z.literal("correct"),
  noteId: z.coerce.number().int().positive(),
  occurredOn: requiredDate,
  body: requiredText(NOTE_MAX),
  reason: requiredText(1000),
});

export const noteActionSchema = z.discriminatedUnion("intent", [addNoteSchema, correctNoteSchema]);
export type AddNoteInput = z.output<typeof addNoteSchema>;
export type CorrectNoteInput = z.output<typeof correctNoteSchema>;
