import { z } from "zod";

/** Form inputs arrive as strings; a missing text input is "". Trimmed, with a length cap. */
export const text = (max = 200) => z.string().trim().max(max);
export const requiredText = (max = 200) => z.string().trim().min(1).max(max);

/** A multi-value form field (checkboxes, multi-select): always an array. */
export const multi = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export const idParam = z.coerce.number().int().positive();
