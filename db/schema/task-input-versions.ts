import { integer, sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * How many times the records a case worker's task count reads have changed, per institution
 * (decision 053). Triggers (migration `task_input_versions`) add one, in the writing transaction,
 * for the institution of every row written to the tables the task union reads: transitions,
 * residents, institutions, follow-up visits, transition plans, placements, consents and
 * documents. A process keeps a count with the sum of its scope's versions, and counts again when
 * the sum moves: the number is never older than the last write, whichever process made it.
 */
export const taskInputVersions = sqliteTable("task_input_versions", {
  institutionId: integer("institution_id").primaryKey(),
  n: integer("n").notNull(),
});
