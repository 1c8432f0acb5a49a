import { and, asc, desc, eq, gt, isNull, lte, max, or, sql } from "drizzle-orm";
import { createActor, initialTransition, transition as step, type Snapshot } from "xstate";
import type { Tx } from "../../../db/client";
import { communityServices, followUpVisits, placements, transitionEvents, transitions, users, FOLLOW_UP_MONTHS } from "../../../db/schema";
import {
  EVENT_GUARDS,
  GUARDS,
  stateName,
  TRANSITION_EVENT_TYPES,
  TRANSITION_MACHINE_VERSION,
  transitionMachine,
  type EffectName,
  type GuardName,
  type TransitionEvent,
  type TransitionEventType,
  type TransitionFacts,
  type TransitionSnapshot,
} from "../../../machines/transition";
import type { ServiceContext } from "../../utils/context.server";
import { addMonths, localDate } from "../../utils/dates";
import { AppError } from "../../utils/errors";
import { iso } from "../../utils/time";
import { auditByActor } from "../audit/service.server";
import { findResident } from "../residents/service.server";
import { computeFacts } from "./facts.server";

/** Restores a stored snapshot, refusing one written by another machine version. */
export function restoreSnapshot(stored: unknown, machineVersion: number): TransitionSnapshot {
  if (machineVersion !== TRANSITION_MACHINE_VERSION) {
    // No migration exists yet: better to stop than to run old states through new rules.
    throw new Error(`transition snapshot of machine version ${machineVersion}, expected ${TRANSITION_MACHINE_VERSION}`);
  }
  return createActor(transitionMachine, { snapshot: stored as Snapshot<unknown> }).getSnapshot();
}

const ALL_TRUE: Omit<TransitionFacts, "today"> = {
  assessmentCompleted: true,
  planApproved: true,
  planApprovedOn: "0000-01-01",
  consentValid: true,
  placeReserved: true,
  followUpPeriodOver: true,
  followUpVisitsRecorded: true,
};

export interface ActionOption {
  type: TransitionEventType;
  allowed: boolean;
  /** Guards that refuse it now; each has a sentence in transitions.guards.<name>. */
  reasons: GuardName[];
}

/** Whether the machine knows the event in this state at all (whatever the facts). */
function acceptsInState(snapshot: TransitionSnapshot, type: TransitionEventType, today: string): boolean {
  return snapshot.can({ type, on: today, facts: { today, ...ALL_TRUE } });
}

export function failingGuards(event: TransitionEvent): GuardName[] {
  return EVENT_GUARDS[event.type].filter((g) => !GUARDS[g]({ event }));
}

/** The actions the state allows, each with the reasons it is refused now (if it is). */
export function actionOptions(snapshot: TransitionSnapshot, facts: TransitionFacts): ActionOption[] {
  return TRANSITION_EVENT_TYPES.filter((type) => acceptsInState(snapshot, type, facts.today)).map((type) => {
    const reasons = failingGuards({ type, on: facts.today, facts });
    return { type, allowed: reasons.length === 0, reasons };
  });
}

export interface EventInput {
  type: TransitionEventType;
  on: string;
  note?: string;
  /** The transition version the user's page showed. */
  version: number;
}

/**
 * Applies one event to a resident's transition: checks the version the user saw, judges the
 * guards against the facts in the database, carries out the machine's effects, stores the event
 * and the new snapshot, and audits — all in one transaction. A refusal names its reason.
 */
export function applyEvent(ctx: ServiceContext, residentId: number, input: EventInput) {
  findResident(ctx, residentId); // outside the transaction: a denial's audit must not roll back
  return ctx.db.transaction(
    (tx) => {
      const { resident, transition, institution } = findResident(ctx, residentId);
      if (transition.version !== input.version) throw staleError(tx, transition.id, input.version);
      const today = localDate(ctx.now, institution.timeZone);
      const facts = computeFacts(tx, transition, resident, today);
      const event: TransitionEvent = { type: input.type, on: input.on, facts, ...(input.note ? { note: input.note } : {}) };
      const snapshot = restoreSnapshot(transition.snapshot, transition.machineVersion);
      const from = stateName(snapshot);
      if (!acceptsInState(snapshot, input.type, today)) {
        throw new AppError("validation", "transitions.errors.notInState", {
          event: `t:transitions.events.${input.type}`,
          state: `t:transitions.states.${from}`,
        });
      }
      const failing = failingGuards(event);
      if (failing.length > 0) throw new AppError("validation", `transitions.guards.${failing[0]}`);

      const [next, actions] = step(transitionMachine, snapshot, event);
      const to = stateName(next);
      for (const a of actions) runEffect(tx, a.type as EffectName, transition.id, event);

      const seq = (tx.select({ m: max(transitionEvents.seq) }).from(transitionEvents).where(eq(transitionEvents.transitionId, transition.id)).get()?.m ?? 0) + 1;
      tx.insert(transitionEvents)
        .values({
          transitionId: transition.id,
          seq,
          type: event.type,
          event,
          occurredOn: event.on,
          recordedAt: iso(ctx.now),
          actorUserId: ctx.actor.id,
          fromState: from,
          toState: to,
        })
        .run();
      const persisted = transitionMachine.getPersistedSnapshot(next);
      const res = tx
        .update(transitions)
        .set({
          snapshot: persisted,
          state: to,
          stateSince: to === from ? transition.stateSince : event.on,
          version: transition.version + 1,
          updatedAt: iso(ctx.now),
        })
        .where(and(eq(transitions.id, transition.id), eq(transitions.version, transition.version)))
        .run();
      if (res.changes !== 1) throw new AppError("conflict", "errors.conflict");
      auditByActor(tx, ctx, {
        action: `transition.${event.type.toLowerCase()}`,
        entityType: "transition",
        entityId: transition.id,
        institutionId: resident.institutionId,
        before: { state: from, version: transition.version },
        after: { state: to, version: transition.version + 1, on: event.on, note: event.note ?? null },
      });
      return { from, to, seq };
    },
    { behavior: "immediate" },
  );
}

/** "Someone else acted first": says who, what and when, so the user knows what changed. */
function staleError(tx: Tx, transitionId: number, seenVersion: number): AppError {
  const latest = tx
    .select({ type: transitionEvents.type, toState: transitionEvents.toState, actor: users.name })
    .from(transitionEvents)
    .leftJoin(users, eq(users.id, transitionEvents.actorUserId))
    .where(eq(transitionEvents.transitionId, transitionId))
    .orderBy(desc(transitionEvents.seq))
    .limit(1)
    .get();
  if (!latest) return new AppError("conflict", "errors.conflict");
  return new AppError("conflict", "transitions.errors.stale", {
    actor: latest.actor ?? "—",
    event: `t:transitions.events.${latest.type}`,
    state: `t:transitions.states.${latest.toState}`,
    seen: seenVersion,
  });
}

/** The machine's named effects, carried out in the event's transaction. */
function runEffect(tx: Tx, effect: EffectName, transitionId: number, event: TransitionEvent) {
  const reserved = () =>
    tx.select().from(placements).where(and(eq(placements.transitionId, transitionId), eq(placements.status, "reserved"))).get();
  const active = () =>
    tx.select().from(placements).where(and(eq(placements.transitionId, transitionId), eq(placements.status, "active"))).get();
  switch (effect) {
    case "activatePlacement": {
      const p = reserved();
      if (p) tx.update(placements).set({ status: "active", movedInOn: event.on, version: p.version + 1 }).where(eq(placements.id, p.id)).run();
      return;
    }
    case "scheduleFollowUps": {
      for (const months of FOLLOW_UP_MONTHS) {
        tx.insert(followUpVisits)
          .values({ transitionId, moveOn: event.on, monthsAfterMove: months, dueOn: addMonths(event.on, months) })
          .onConflictDoNothing()
          .run();
      }
      return;
    }
    case "switchPlacement": {
      const current = active();
      const next = reserved();
      if (current) tx.update(placements).set({ status: "ended", endedOn: event.on, version: current.version + 1 }).where(eq(placements.id, current.id)).run();
      if (next) tx.update(placements).set({ status: "active", movedInOn: event.on, version: next.version + 1 }).where(eq(placements.id, next.id)).run();
      return;
    }
    case "endPlacement": {
      const current = active();
      if (current) tx.update(placements).set({ status: "ended", endedOn: event.on, version: current.version + 1 }).where(eq(placements.id, current.id)).run();
      return;
    }
    case "endCommunityServices": {
      // Back in institutional care, or deceased: the community services running that day end then.
      tx.update(communityServices)
        .set({ endOn: event.on, version: sql`${communityServices.version} + 1` })
        .where(and(eq(communityServices.transitionId, transitionId), lte(communityServices.startOn, event.on), or(isNull(communityServices.endOn), gt(communityServices.endOn, event.on))))
        .run();
      return;
    }
    case "releaseReservation": {
      const p = reserved();
      if (p) tx.update(placements).set({ status: "cancelled", endedOn: event.on, version: p.version + 1 }).where(eq(placements.id, p.id)).run();
      return;
    }
  }
}

/** The stored events of a transition, oldest first, with who recorded them and their note. */
export function listEvents(ctx: ServiceContext, transitionId: number) {
  const rows = ctx.db
    .select({
      seq: transitionEvents.seq,
      type: transitionEvents.type,
      occurredOn: transitionEvents.occurredOn,
      recordedAt: transitionEvents.recordedAt,
      fromState: transitionEvents.fromState,
      toState: transitionEvents.toState,
      event: transitionEvents.event,
      actorName: users.name,
    })
    .from(transitionEvents)
    .leftJoin(users, eq(users.id, transitionEvents.actorUserId))
    .where(eq(transitionEvents.transitionId, transitionId))
    .orderBy(asc(transitionEvents.seq))
    .all();
  return rows.map(({ event, ...r }) => ({ ...r, note: (event as TransitionEvent).note ?? null }));
}

/**
 * Replays the stored event log from the machine's initial state. The result must equal the
 * stored snapshot: the snapshot and the event log agree.
 */
export function replay(events: { event: unknown }[]): Snapshot<unknown> {
  let [snapshot] = initialTransition(transitionMachine);
  for (const e of events) {
    const event = e.event as TransitionEvent;
    if (!snapshot.can(event)) throw new Error(`stored event ${event.type} is not accepted on replay`);
    [snapshot] = step(transitionMachine, snapshot, event);
  }
  return transitionMachine.getPersistedSnapshot(snapshot);
}

