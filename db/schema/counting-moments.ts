import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Each person's (or housing unit's) counting moment per flow indicator (docs/counting-rules.md),
 * kept by the database itself: triggers (migration `counting_moments`) rewrite a subject's rows in
 * the same transaction as the fact that makes them: a transition opened, a workflow event,
 * correction or void, a history import's replay, a training attendance or support session, a staff
 * member's community start, a housing unit's opening. Decision 035.
 *
 * `indicator` is a flow indicator code, or `RES_DIED` (the first in-force death, which the
 * IN_SERVICES stock reads). `cat` and `age` carry the breakdown data so that the report's
 * aggregate is one covering-index range per indicator: `cat` is `sex|target group|disability`
 * (empty where unknown), `age` the completed years on the moment (null without a date of birth).
 * `npm run db:check-counts` recomputes every row from the records and names each difference.
 */
export const countingMoments = sqliteTable(
  "counting_moments",
  {
    indicator: text("indicator").notNull(),
    /** residents.id, staff_members.id or housing_units.id, by the indicator's subject. */
    subjectId: integer("subject_id").notNull(),
    institutionId: integer("institution_id").notNull(),
    momentOn: text("moment_on").notNull(),
    weight: integer("weight").notNull(),
    cat: text("cat").notNull(),
    age: integer("age"),
  },
  (t) => [
    primaryKey({ columns: [t.indicator, t.subjectId] }),
    // A grant's few institutions: a range per institution.
    index("counting_moments_read_idx").on(t.indicator, t.institutionId, t.momentOn, t.cat, t.age, t.weight),
    // Many institutions (a roll-up): the indicator's rows in the order of the breakdown's GROUP BY, no sort.
    index("counting_moments_group_idx").on(t.indicator, t.cat, t.age, t.momentOn, t.institutionId, t.weight),
    // The moments a funder's count leaves out for missing data (no sex: the first part of `cat`
    // empty; no age), few: the overview's totals take them off (`summariseTotals`).
    index("counting_moments_incomplete_idx")
      .on(t.indicator, t.institutionId, t.momentOn, t.weight)
      .where(sql`instr(${t.cat}, '|') <= 1 or ${t.age} is null`),
  ],
);

export type CountingMoment = typeof countingMoments.$inferSelect;
