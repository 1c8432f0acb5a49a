import { z } from "zod";
import { idParam, multi } from "#app/utils/validation";

const version = z.coerce.number().int().positive();

/** One resident's key worker: the worker chosen, and the case's version the page showed. */
export const assignSchema = z.object({
  workerId: z.coerce.number().int().positive({ error: "validation.required" }),
  version,
});

/** A case worker takes on a case nobody holds. */
export const takeSchema = z.object({
  intent: z.literal("take"),
  residentId: idParam,
  version,
});

/** A case of a bulk reassignment, as its checkbox posts it: "residentId:version". */
const caseItem = z
  .string()
  .regex(/^\d{1,12}:\d{1,12}$/, { error: "validation.invalid" })
  .transform((v) => {
    const [residentId, ver] = v.split(":").map(Number) as [number, number];
    return { residentId, version: ver };
  })
  .refine((v) => v.residentId > 0 && v.version > 0, { error: "validation.invalid" });

/** A supervisor moves the chosen cases to one worker. */
export const reassignSchema = z.object({
  intent: z.literal("reassign"),
  toWorkerId: z.coerce.number().int().positive({ error: "validation.required" }),
  items: multi(caseItem).refine((a) => a.length >= 1 && a.length <= 500, { error: "caseload.errors.noneSelected" }),
});

export const caseloadActionSchema = z.discriminatedUnion("intent", [takeSchema, reassignSchema]);
