import { and, desc, eq, isNull } from "drizzle-orm";
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

/** Months after the move before a transition may be completed (DOMAIN.md default). */
export const FOLLOW_UP_PERIOD_MONTHS = 12;

/** Who must give informed consent, by legal capacity (DOMAIN.md). */
export const REQUIRED_CONSENT: Record<LegalCapacity, ConsentGiver> = {
  full: "resident",
  partial: "resident_with_curator",
  none: "guardian",
};

/** The date of the latest move (RECORD_MOVE) of a transition, if any. */
export function latestMoveOn(db: DbOrTx, transitionId: number): string | null {
  const row = db
    .select({ on: transitionEvents.occurredOn })
    .from(transitionEvents)
    .where(and(eq(transitionEvents.transitionId, transitionId), eq(transitionEvents.type, "RECORD_MOVE")))
    .orderBy(desc(transitionEvents.seq))
    .limit(1)
    .get();
  return row?.on ?? null;
}

/** The current, not withdrawn consent. */
export function currentConsent(db: DbOrTx, transitionId: number) {
  return db
    .select()
    .from(consents)
    .where(and(eq(consents.transitionId, transitionId), isNull(consents.withdrawnOn)))
    .orderBy(desc(consents.id))
    .limit(1)
    .get();
}

/** Reads, from the database, everything the machine's guards judge. */
export function computeFacts(
  db: DbOrTx,
  transition: { id: number },
  resident: { legalCapacity: LegalCapacity },
  today: string,
): TransitionFacts {
  const assessment = db
    .select({ completedOn: needsAssessments.completedOn })
    .from(needsAssessments)
    .where(eq(needsAssessments.transitionId, transition.id))
    .get();
  const plan = db
    .select({ status: transitionPlans.status, approvedOn: transitionPlans.approvedOn })
    .from(transitionPlans)
    .where(eq(transitionPlans.transitionId, transition.id))
    .get();
  const consent = currentConsent(db, transition.id);
  const reserved = db
    .select({ id: placements.id })
    .from(placements)
    .where(and(eq(placements.transitionId, transition.id), eq(placements.status, "reserved")))
    .get();
  const moveOn = latestMoveOn(db, transition.id);
  const visits = moveOn
    ? db
        .select({ visitedOn: followUpVisits.visitedOn })
        .from(followUpVisits)
        .where(and(eq(followUpVisits.transitionId, transition.id), eq(followUpVisits.moveOn, moveOn)))
        .all()
    : [];
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
