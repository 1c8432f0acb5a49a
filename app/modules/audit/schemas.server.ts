import { z } from "zod";
import { DATE_RE, isValidDate } from "#app/utils/dates";

const day = z.string().regex(DATE_RE).refine(isValidDate).optional().catch(undefined);
const id = z.coerce.number().int().positive().optional().catch(undefined);

/**
 * The audit log's query string: user, record, action, days, page. Anything malformed is dropped
 * rather than refused (a filter link typed by hand still shows the log).
 */
export const auditFiltersSchema = z.object({
  user: id,
  record: z
    .string()
    .trim()
    .max(80)
    .optional()
    .transform((s) => s || undefined)
    .catch(undefined),
  action: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/)
    .max(80)
    .optional()
    .catch(undefined),
  from: day,
  to: day,
  before: id,
});
