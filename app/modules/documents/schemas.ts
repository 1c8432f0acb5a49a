import { z } from "zod";
import { MEETING_DOCUMENT_KINDS, RESIDENT_DOCUMENT_KINDS } from "#db/schema/enums";
import { optionalDate, requiredDate } from "#app/modules/residents/schemas";
import { requiredText } from "#app/utils/validation";

const version = z.coerce.number().int().positive();

/** The upload form's fields beside the file (the file is checked by `checkDocumentFile`). */
export const residentUploadSchema = z
  .object({
    intent: z.literal("upload"),
    kind: z.enum(RESIDENT_DOCUMENT_KINDS, { error: "validation.invalidChoice" }),
    documentOn: requiredDate,
    /** The step of the transition (an entry of its log, by seq); "" for the resident as a whole. */
    stepSeq: z.union([z.literal(""), z.coerce.number().int().positive()]).transform((v) => (v === "" ? null : v)),
    /**
     * A referral decision's "valid until" (decision 047); refused for any other kind. Not before the
     * document's date (the service says so naming both dates; the schema only checks it is a date).
     */
    validUntil: optionalDate.optional().transform((v) => v ?? null),
  })
  .superRefine((v, ctx) => {
    if (v.validUntil && v.kind !== "referral_decision")
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "documents.errors.validUntilOnlyReferral" });
  });

export const meetingUploadSchema = z.object({
  intent: z.literal("upload"),
  kind: z.enum(MEETING_DOCUMENT_KINDS, { error: "validation.invalidChoice" }),
  documentOn: requiredDate,
});

/** Removing a document: its bytes are erased, its row (and who removed it, why) stays. */
export const removeDocumentSchema = z.object({
  intent: z.literal("remove"),
  documentId: z.coerce.number().int().positive(),
  reason: requiredText(500),
  version,
});
