import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import {
  housingUnits,
  institutions,
  staffMembers,
  supportSessionAttendees,
  supportSessions,
  enrolments,
  trainingAttendance,
  transitionEvents,
  transitions,
  type IndicatorCode,
} from "../../../db/schema";
import type { DbOrTx } from "../../../db/client";

/**
 * Live counts of DOMAIN.md's flow indicators for a set of institutions, for counting moments in
 * [from, to] (calendar dates, inclusive): each person or place once, at its counting moment.
 * The plan's milestones use these; the grant reports (issue 6) will add data-completeness rules,
 * breakdowns and drill-down on the same counting moments.
 */
export function liveCounts(db: DbOrTx, institutionIds: number[], from: string, to: string): Record<Exclude<IndicatorCode, "IN_SERVICES">, number> {
  if (institutionIds.length === 0) {
    return { RES_COVERED: 0, RES_MOVED: 0, RES_RETURNED: 0, STAFF_SUPPORTED: 0, STAFF_TO_COMMUNITY: 0, PLACES_CREATED: 0 };
  }
  const inInst = (col: Parameters<typeof inArray>[0]) => inArray(col, institutionIds);
  const within = (col: SQL | Parameters<typeof eq>[0]) => sql`${col} between ${from} and ${to}`;
  const firstEvent = (type: string) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(
        db
          .select({ first: sql<string>`min(${transitionEvents.occurredOn})`.as("first") })
          .from(transitionEvents)
          .innerJoin(transitions, eq(transitions.id, transitionEvents.transitionId))
          .where(and(inInst(transitions.institutionId), eq(transitionEvents.type, type)))
          .groupBy(transitionEvents.transitionId)
          .as("f"),
      )
      .where(sql`f.first between ${from} and ${to}`)
      .get()!.n;
  const covered = db
    .select({ n: sql<number>`count(*)` })
    .from(transitions)
    .where(and(inInst(transitions.institutionId), within(transitions.openedOn)))
    .get()!.n;
  const supported = db
    .select({ n: sql<number>`count(*)` })
    .from(
      db
        .select({ staffId: sql<number>`s`.as("staff_id"), first: sql<string>`min(d)`.as("first") })
        .from(
          sql`(select ${enrolments.staffMemberId} as s, ${trainingAttendance.attendedOn} as d from ${trainingAttendance} join ${enrolments} on ${enrolments.id} = ${trainingAttendance.enrolmentId} join ${staffMembers} on ${staffMembers.id} = ${enrolments.staffMemberId} where ${staffMembers.institutionId} in ${institutionIds}
                union all
                select ${supportSessionAttendees.staffMemberId} as s, ${supportSessions.heldOn} as d from ${supportSessionAttendees} join ${supportSessions} on ${supportSessions.id} = ${supportSessionAttendees.sessionId} join ${staffMembers} on ${staffMembers.id} = ${supportSessionAttendees.staffMemberId} where ${staffMembers.institutionId} in ${institutionIds}) as support`,
        )
        .groupBy(sql`s`)
        .as("firsts"),
    )
    .where(sql`firsts.first between ${from} and ${to}`)
    .get()!.n;
  const toCommunity = db
    .select({ n: sql<number>`count(*)` })
    .from(staffMembers)
    .where(and(inInst(staffMembers.institutionId), within(staffMembers.communityStartOn)))
    .get()!.n;
  const places = db
    .select({ n: sql<number>`coalesce(sum(${housingUnits.capacity}), 0)` })
    .from(housingUnits)
    .where(and(inInst(housingUnits.institutionId), within(housingUnits.openedOn)))
    .get()!.n;
  return {
    RES_COVERED: covered,
    RES_MOVED: firstEvent("RECORD_MOVE"),
    RES_RETURNED: firstEvent("RETURN"),
    STAFF_SUPPORTED: supported,
    STAFF_TO_COMMUNITY: toCommunity,
    PLACES_CREATED: places,
  };
}

/** Institutions of a plan area. */
export function institutionsOfMunicipality(db: DbOrTx, municipalityId: number): number[] {
  return db.select({ id: institutions.id }).from(institutions).where(eq(institutions.municipalityId, municipalityId)).all().map((r) => r.id);
}
