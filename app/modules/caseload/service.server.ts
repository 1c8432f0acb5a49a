import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import { followUpVisits, institutions, placements, residents, transitions } from "../../../db/schema";
import type { ServiceContext } from "../../utils/context.server";
import { scopeFilter } from "../../utils/scope.server";
import { ASSESSMENT_DUE_DAYS, todayInInstitutionZone } from "../residents/service.server";

/**
 * A case worker's caseload: what is late or due (docs/decisions/009: an assessment is overdue
 * 30 days after it started; a follow-up visit the day after its due date).
 */
export function caseload(ctx: ServiceContext) {
  const today = todayInInstitutionZone(ctx.now);
  const person = {
    residentId: residents.id,
    code: residents.code,
    firstName: residents.firstName,
    lastName: residents.lastName,
    institutionName: institutions.name,
  };

  const overdueAssessments = ctx.db
    .select({ ...person, since: transitions.stateSince })
    .from(transitions)
    .innerJoin(residents, eq(residents.id, transitions.residentId))
    .innerJoin(institutions, eq(institutions.id, residents.institutionId))
    .where(
      and(
        scopeFilter(ctx.scope, transitions.institutionId),
        eq(transitions.state, "assessment"),
        sql`date(${transitions.stateSince}, '+${sql.raw(String(ASSESSMENT_DUE_DAYS))} days') < ${today}`,
      ),
    )
    .orderBy(asc(transitions.stateSince))
    .all();

  const overdueVisits = ctx.db
    .select({ ...person, visitId: followUpVisits.id, dueOn: followUpVisits.dueOn, months: followUpVisits.monthsAfterMove })
    .from(followUpVisits)
    .innerJoin(transitions, eq(transitions.id, followUpVisits.transitionId))
    .innerJoin(residents, eq(residents.id, transitions.residentId))
    .innerJoin(institutions, eq(institutions.id, residents.institutionId))
    .where(
      and(
        scopeFilter(ctx.scope, transitions.institutionId),
        eq(transitions.state, "in_community"),
        isNull(followUpVisits.visitedOn),
        lt(followUpVisits.dueOn, today),
      ),
    )
    .orderBy(asc(followUpVisits.dueOn))
    .all();

  const movesThisMonth = ctx.db
    .select({ ...person, plannedMoveOn: placements.plannedMoveOn, state: transitions.state })
    .from(placements)
    .innerJoin(transitions, eq(transitions.id, placements.transitionId))
    .innerJoin(residents, eq(residents.id, transitions.residentId))
    .innerJoin(institutions, eq(institutions.id, residents.institutionId))
    .where(
      and(
        scopeFilter(ctx.scope, transitions.institutionId),
        eq(placements.status, "reserved"),
        sql`substr(${placements.plannedMoveOn}, 1, 7) = substr(${today}, 1, 7)`,
      ),
    )
    .orderBy(asc(placements.plannedMoveOn))
    .all();

  const onHold = ctx.db
    .select({ ...person, since: transitions.stateSince })
    .from(transitions)
    .innerJoin(residents, eq(residents.id, transitions.residentId))
    .innerJoin(institutions, eq(institutions.id, residents.institutionId))
    .where(and(scopeFilter(ctx.scope, transitions.institutionId), eq(transitions.state, "on_hold")))
    .orderBy(asc(transitions.stateSince))
    .all();

  return { overdueAssessments, overdueVisits, movesThisMonth, onHold };
}
