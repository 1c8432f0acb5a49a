import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import {
  consents,
  followUpVisits,
  needsAssessments,
  placements,
  transitionEvents,
  transitionPlans,
  type LegalCapacity,
  type ConsentGiver,
} from "#db/schema";
import type { LogFacts, TransitionFacts } from "#machines/transition";
import { preparedQueries } from "#app/utils/prepared.server";
import { inForceSql, VOID } from "./log";

/** Who must give informed consent, by legal capacity (docs/domain.md). */
export const REQUIRED_CONSENT: Record<LegalCapacity, ConsentGiver> = {
  full: "resident",
  partial: "resident_with_curator",
  none: "guardian",
};

const transitionId = sql.placeholder("transitionId");

/** An entry of the log that no correction or void has superseded (correlated on the outer row). */
const effectiveEntry = inForceSql("transition_events");

/** The queries of `computeFacts`, run on every workflow event. */
const prepared = preparedQueries((db) => ({
  // The effective log keeps its entries in date order, so the latest move is the latest date.
  latestMove: db
    .select({ on: transitionEvents.occurredOn })
    .from(transitionEvents)
    .where(
      and(eq(transitionEvents.transitionId, transitionId), eq(transitionEvents.type, "RECORD_MOVE"), effectiveEntry),
    )
    .orderBy(desc(transitionEvents.occurredOn), desc(transitionEvents.seq))
    .limit(1)
    .prepare(),
  firstMove: db
    .select({ on: transitionEvents.occurredOn })
    .from(transitionEvents)
    .where(
      and(eq(transitionEvents.transitionId, transitionId), eq(transitionEvents.type, "RECORD_MOVE"), effectiveEntry),
    )
    .orderBy(asc(transitionEvents.occurredOn))
    .limit(1)
    .prepare(),
  // Every event and every replay keeps the machine's `inOrder` guard, so the effective log is in
  // date order: its last step's date is the latest date of the entries in force, voids aside.
  latestStep: db
    .select({ on: sql<string | null>`max(${transitionEvents.occurredOn})` })
    .from(transitionEvents)
    .where(and(eq(transitionEvents.transitionId, transitionId), ne(transitionEvents.type, VOID), effectiveEntry))
    .prepare(),
  consents: db
    .select()
    .from(consents)
    .where(eq(consents.transitionId, transitionId))
    .orderBy(asc(consents.id))
    .prepare(),
  assessment: db
    .select({ completedOn: needsAssessments.completedOn })
    .from(needsAssessments)
    .where(eq(needsAssessments.transitionId, transitionId))
    .prepare(),
  plan: db
    .select({ status: transitionPlans.status, approvedOn: transitionPlans.approvedOn })
    .from(transitionPlans)
    .where(eq(transitionPlans.transitionId, transitionId))
    .prepare(),
  reserved: db
    .select({ id: placements.id, reservedOn: placements.reservedOn })
    .from(placements)
    .where(and(eq(placements.transitionId, transitionId), eq(placements.status, "reserved")))
    .prepare(),
  visits: db
    .select({ visitedOn: followUpVisits.visitedOn })
    .from(followUpVisits)
    .where(and(eq(followUpVisits.transitionId, transitionId), eq(followUpVisits.moveOn, sql.placeholder("moveOn"))))
    .prepare(),
}));

/**
 * The log facts of the next event: the date of the latest step and of the latest move of the
 * effective log. Two statements in SQLite, without reading the log into JS and replaying it: this
 * is on every event's path.
 */
export function logFacts(db: DbOrTx, transitionId: number): LogFacts {
  const q = prepared(db);
  return {
    previousOn: q.latestStep.get({ transitionId })?.on ?? null,
    lastMoveOn: q.latestMove.get({ transitionId })?.on ?? null,
  };
}

/** The date of the first move (RECORD_MOVE of the effective log), if any. */
export function firstMoveOn(db: DbOrTx, transitionId: number): string | null {
  return prepared(db).firstMove.get({ transitionId })?.on ?? null;
}

/**
 * The consent in force on a day: from whom the legal capacity requires, given on or before it and
 * not withdrawn by then (the latest such).
 */
export function consentInForce(db: DbOrTx, transitionId: number, legalCapacity: LegalCapacity, on: string) {
  const required = REQUIRED_CONSENT[legalCapacity];
  return (
    prepared(db)
      .consents.all({ transitionId })
      .filter((c) => c.givenBy === required && c.givenOn <= on && (c.withdrawnOn === null || c.withdrawnOn > on))
      .at(-1) ?? null
  );
}

/**
 * Reads, from the database, the dated facts the machine's guards judge for an event dated `on`
 * (the log facts, `previousOn` and `lastMoveOn`, come from the effective log: `logFacts`).
 */
export function computeFacts(
  db: DbOrTx,
  transition: { id: number; openedOn: string },
  resident: { legalCapacity: LegalCapacity },
  on: string,
  today: string,
  log: LogFacts,
): TransitionFacts {
  const q = prepared(db);
  const assessment = q.assessment.get({ transitionId: transition.id });
  const plan = q.plan.get({ transitionId: transition.id });
  const consent = consentInForce(db, transition.id, resident.legalCapacity, on);
  const reserved = q.reserved.get({ transitionId: transition.id });
  const visits = log.lastMoveOn ? q.visits.all({ transitionId: transition.id, moveOn: log.lastMoveOn }) : [];
  const allVisited = visits.length > 0 && visits.every((v) => v.visitedOn !== null);
  return {
    today,
    openedOn: transition.openedOn,
    previousOn: log.previousOn,
    lastMoveOn: log.lastMoveOn,
    assessmentCompletedOn: assessment?.completedOn ?? null,
    planApprovedOn: plan?.status === "approved" ? plan.approvedOn : null,
    consentGivenOn: consent?.givenOn ?? null,
    placeReservedOn: reserved?.reservedOn ?? null,
    followUpVisitsDoneOn: allVisited
      ? visits
          .map((v) => v.visitedOn!)
          .sort()
          .at(-1)!
      : null,
  };
}
