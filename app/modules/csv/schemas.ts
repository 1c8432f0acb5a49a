import { z } from "zod";

/** Step 1 of a register's CSV import in the browser: the institution (the file is checked by the server only). */
export const chooseInstitutionSchema = z.object({
  institutionId: z.coerce.number().int().positive({ error: "validation.required" }),
});
