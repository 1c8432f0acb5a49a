/**
 * The schemas as a route's action imports them. The `.server` name keeps them (and zod) out of
 * the browser's route modules; a form loads `./schemas` itself on first validation
 * (`useValidatedForm`). Decision 015.
 */
import { z } from "zod";
import { removeDocumentSchema } from "#app/modules/documents/schemas";
import { meetingEditSchema, meetingHeldSchema, meetingRemoveSchema } from "./schemas";

export * from "./schemas";

/** The meeting page's plain forms: its own (edit, held, remove) and a document's removal. */
export const meetingPageActionSchema = z.discriminatedUnion("intent", [
  meetingEditSchema,
  meetingHeldSchema,
  meetingRemoveSchema,
  removeDocumentSchema,
]);
