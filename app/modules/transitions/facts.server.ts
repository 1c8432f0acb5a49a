import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import {
  consents,
  followUpVisits,
  needsAssessments,
  placements,
  transitionEvents,
  transitionPlans,
  type LegalCapacity,
  type ConsentGiver,
} from "../../../db/schema";
import type { TransitionFacts } from "../../../machines/transition";
import { addMonths } from "../../utils/dates";
import { preparedQueries } from "../../utils/prepared.server";

/** Months after the move before a transition may be completed (DOMAIN.md default). */
export const FOLLOW_UP_PERIOD_MONTHS = 12;

/** Who must give informed consent, by legal capacity (DOMAIN.md). */
export const REQUIRED_CONSENT: Record<LegalCapacity, ConsentGiver> = {
  full: "resident",
  partial: "resident_with_curator",
  none: "guardian",
};

const transitionId = sql.placeholder("transitionId");

/** The queries of `computeFacts`, run on every workflow event. */
const prepared = preparedQueries((db) => ({
  latestMove: db
    .select({ on: transitionEvents.occurredOn })
    .from(transitionEvents)
    .where(and(eq(transitionEvents.transitionId, transitionId), eq(transitionEvents.type, "RECORD_MOVE")))
    .orderBy(desc(transitionEvents.seq))
    .limit(1)
    .prepare(),
  currentConsent: db
    .select()
    .from(consents)
    .where(and(eq(consents.transitionId, transitionId), isNull(consents.withdrawnOn)))
    .orderBy(desc(consents.id))
    .limit(1)
    .prepare(),
  assessment: db.select({ completedOn: needsAssessments.completedOn }).from(needsAssessments).where(eq(needsAssessments.transitionId, transitionId)).prepare(),
  plan: db
    .select({ status: transitionPlans.status, approvedOn: transitionPlans.approvedOn })
    .from(transitionPlans)
    .where(eq(transitionPlans.transitionId, transitionId))
    .prepare(),
  reserved: db
    .select({ id: placements.id })
    .from(placements)
    .where(and(eq(placements.transitionId, transitionId), eq(placements.status, "reserved")))
    .prepare(),
  visits: db
    .select({ visitedOn: followUpVisits.visitedOn })
    .from(followUpVisits)
    .where(and(eq(followUpVisits.transitionId, transitionId), eq(followUpVisits.moveOn, sql.placeholder("moveOn"))))
    .prepare(),
}));

/** The date of the latest move (RECORD_MOVE) of a transition, if any. */
export function latestMoveOn(db: DbOrTx, transitionId: number): string | null {
  return prepared(db).latestMove.get({ transitionId })?.on ?? null;
}

/** The current, not withdrawn consent. */
export function currentConsent(db: DbOrTx, transitionId: number) {
  return prepared(db).currentConsent.get({ transitionId });
}

/** Reads, from the database, everything the machine's guards judge. */
export function computeFacts(
  db: DbOrTx,
  transition: { id: number },
  resident: { legalCapacity: LegalCapacity },
  today: string,
): TransitionFacts {
  const q = prepared(db);
  const assessment = q.assessment.get({ transitionId: transition.id });
  const plan = q.plan.get({ transitionId: transition.id });
  const consent = currentConsent(db, transition.id);
  const reserved = q.reserved.get({ transitionId: transition.id });
  const moveOn = latestMoveOn(db, transition.id);
  const visits = moveOn ? q.visits.all({ transitionId: transition.id, moveOn }) : [];
  return {
    today,
    assessmentCompleted: !!assessment?.completedOn,
    planApproved: plan?.status === "approved",
    planApprovedOn: plan?.status === "approved" ? plan.approvedOn : null,
    consentValid: !!consent && consent.givenBy === REQUIRED_CONSENT[resident.legalCapacity] && consent.givenOn <= today,
    placeReserved: !!reserved,
    followUpPeriodOver: !!moveOn && addMonths(moveOn, FOLLOW_UP_PERIOD_MONTHS) <= today,
    followUpVisitsRecorded: visits.length > 0 && visits.every((v) => v.visitedOn !== null),
  };
}
