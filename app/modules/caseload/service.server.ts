import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import { followUpVisits, institutions, placements, residents, transitions } from "../../../db/schema";
import type { ServiceContext } from "../../utils/context.server";
import { scopeFilter } from "../../utils/scope.server";
import { assessmentOverdue, todayInInstitutionZone } from "../residents/service.server";

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

  /** Transitions of the user's scope with their resident and institution; callers add the rest. */
  const cases = <T extends SelectedFields>(columns: T) =>
    ctx.db
      .select({ ...person, ...columns })
      .from(transitions)
      .innerJoin(residents, eq(residents.id, transitions.residentId))
      .innerJoin(institutions, eq(institutions.id, residents.institutionId));

  const overdueAssessments = cases({ since: transitions.stateSince })
    .where(and(scopeFilter(ctx.scope, transitions.institutionId), assessmentOverdue(today)))
    .orderBy(asc(transitions.stateSince))
    .all();

  const overdueVisits = cases({ visitId: followUpVisits.id, dueOn: followUpVisits.dueOn, months: followUpVisits.monthsAfterMove })
    .innerJoin(followUpVisits, eq(followUpVisits.transitionId, transitions.id))
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

  const movesThisMonth = cases({ plannedMoveOn: placements.plannedMoveOn, state: transitions.state })
    .innerJoin(placements, eq(placements.transitionId, transitions.id))
    .where(
      and(
        scopeFilter(ctx.scope, transitions.institutionId),
        eq(placements.status, "reserved"),
        sql`substr(${placements.plannedMoveOn}, 1, 7) = substr(${today}, 1, 7)`,
      ),
    )
    .orderBy(asc(placements.plannedMoveOn))
    .all();

  const onHold = cases({ since: transitions.stateSince })
    .where(and(scopeFilter(ctx.scope, transitions.institutionId), eq(transitions.state, "on_hold")))
    .orderBy(asc(transitions.stateSince))
    .all();

  return { overdueAssessments, overdueVisits, movesThisMonth, onHold };
}
