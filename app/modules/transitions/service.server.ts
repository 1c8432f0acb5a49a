import { and, asc, desc, eq, gt, isNull, lte, max, or, sql } from "drizzle-orm";
import type { Snapshot } from "xstate";
import type { DbOrTx, Tx } from "#db/client";
import {
  communityServices,
  followUpVisits,
  placements,
  transitionEvents,
  transitions,
  users,
  FOLLOW_UP_MONTHS,
} from "#db/schema";
import type { EffectRecord } from "#db/schema/transitions";
import {
  acceptsInState,
  addMonthsTo,
  DATE_GUARDS,
  refusals,
  replayLog,
  stateName,
  TRANSITION_EVENT_TYPES,
  transitionMachine,
  transitionWorkflow,
  upcastEvent,
  type EffectName,
  type Refusal,
  type ReplayStep,
  type TransitionEvent,
  type TransitionEventType,
  type TransitionFacts,
  type TransitionSnapshot,
} from "#machines/transition";
import type { CaseNoteView } from "#app/modules/notes/service.server";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { iso } from "#app/utils/time";
import { preparedQueries } from "#app/utils/prepared.server";
import { preparedVersionedUpdate, updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";
import { findResident } from "#app/modules/residents/service.server";
import { computeFacts, logFacts } from "./facts.server";
import { restore, takeStep } from "#machines/workflow";
import { transitionHistory } from "./history.server";
import { checkVisitWindow } from "./records.server";
import { effectiveLog, entryStatus, VOID, type EffectiveEntry, type LogEntry } from "./log";

/** Restores a stored snapshot, refusing one written by another machine version. */
export function restoreSnapshot(stored: unknown, machineVersion: number): TransitionSnapshot {
  return restore(transitionWorkflow, stored, machineVersion) as TransitionSnapshot;
}

export interface ActionOption {
  type: TransitionEventType;
  allowed: boolean;
  /** Why it is refused now, each a sentence (transitions.guards.*) with its values. */
  reasons: Refusal[];
}

/** The actions the state allows, each with the reasons it is refused on `facts.today` (if it is). */
export function actionOptions(snapshot: TransitionSnapshot, facts: TransitionFacts): ActionOption[] {
  return TRANSITION_EVENT_TYPES.filter((type) => acceptsInState(snapshot, type)).map((type) => {
    const reasons = refusals({ type, on: facts.today, facts });
    return { type, allowed: reasons.length === 0, reasons };
  });
}

/** The stored log of a transition, oldest entry first. */
export function loadLog(db: DbOrTx, transitionId: number): LogEntry[] {
  return db
    .select({
      seq: transitionEvents.seq,
      type: transitionEvents.type,
      event: transitionEvents.event,
      occurredOn: transitionEvents.occurredOn,
      recordedAt: transitionEvents.recordedAt,
      actorUserId: transitionEvents.actorUserId,
      fromState: transitionEvents.fromState,
      toState: transitionEvents.toState,
      supersedesSeq: transitionEvents.supersedesSeq,
      reason: transitionEvents.reason,
      effects: transitionEvents.effects,
    })
    .from(transitionEvents)
    .where(eq(transitionEvents.transitionId, transitionId))
    .orderBy(asc(transitionEvents.seq))
    .all();
}

/** The facts of an event of a case dated `on`, judged as of `today`. */
export function factsFor(
  db: DbOrTx,
  c: { transition: Parameters<typeof computeFacts>[1]; resident: Parameters<typeof computeFacts>[2] },
  on: string,
  today: string,
) {
  return computeFacts(db, c.transition, c.resident, on, today, logFacts(db, c.transition.id));
}

/** A guard's refusal in words; one about the event's date is also the date field's error (`on`). */
function refusalError(r: Refusal, type: string): AppError {
  return new AppError(
    "validation",
    r.key,
    { ...r.values, event: `t:transitions.events.${type}` },
    DATE_GUARDS.includes(r.guard) ? { field: "on" } : undefined,
  );
}

export interface EventInput {
  type: TransitionEventType;
  on: string;
  note?: string;
  /** The transition version the user's page showed. */
  version: number;
}

/** A case inside its transaction: the resident, the transition, the institution and today there. */
function openCase(ctx: ServiceContext, residentId: number, seenVersion: number, tx: Tx) {
  const row = findResident(ctx, residentId);
  if (row.transition.version !== seenVersion) throw staleError(tx, row.transition.id, seenVersion);
  return { ...row, today: localDate(ctx.now, row.institution.timeZone) };
}

/** The date the current state was entered: the latest step that changed the state (else the opening). */
function stateSinceOf(steps: readonly ReplayStep[], openedOn: string): string {
  let since = openedOn;
  for (const s of steps) if (s.to !== s.from) since = s.event.on;
  return since;
}

/**
 * The statements of every workflow event and correction, prepared once per connection (issue #18:
 * drizzle writing their SQL was a tenth of an event's server time). JSON columns are bound as the
 * text made here.
 */
const prepared = preparedQueries((db) => ({
  lastSeq: db
    .select({ m: max(transitionEvents.seq) })
    .from(transitionEvents)
    .where(eq(transitionEvents.transitionId, sql.placeholder("transitionId")))
    .prepare(),
  append: db
    .insert(transitionEvents)
    .values({
      transitionId: sql.placeholder("transitionId"),
      seq: sql.placeholder("seq"),
      type: sql.placeholder("type"),
      event: sql`${sql.placeholder("event")}`,
      occurredOn: sql.placeholder("occurredOn"),
      recordedAt: sql.placeholder("recordedAt"),
      actorUserId: sql.placeholder("actorUserId"),
      fromState: sql.placeholder("fromState"),
      toState: sql.placeholder("toState"),
      supersedesSeq: sql.placeholder("supersedesSeq"),
      reason: sql.placeholder("reason"),
      effects: sql`${sql.placeholder("effects")}`,
    })
    .prepare(),
}));

/** The snapshot's versioned write of every event and correction (JSON bound as text). */
const writeSnapshot = preparedVersionedUpdate(transitions, ["snapshot", "state", "stateSince", "updatedAt"]);

/** One entry of a transition's log, appended with the next sequence number (an event, a correction, a void). */
function appendEntry(
  tx: Tx,
  entry: {
    transitionId: number;
    type: string;
    event: unknown;
    occurredOn: string;
    recordedAt: string;
    actorUserId: number;
    fromState: string;
    toState: string;
    supersedesSeq: number | null;
    reason: string | null;
    effects: EffectRecord[];
  },
): number {
  const q = prepared(tx);
  const seq = (q.lastSeq.get({ transitionId: entry.transitionId })?.m ?? 0) + 1;
  q.append.run({ ...entry, seq, event: JSON.stringify(entry.event), effects: JSON.stringify(entry.effects) });
  return seq;
}

/** Stores the new snapshot (state, since, version + 1), conditional on the version read. */
function persistSnapshot(
  tx: Tx,
  ctx: ServiceContext,
  transition: { id: number; version: number },
  snapshot: TransitionSnapshot,
  stateSince: string,
) {
  writeSnapshot(tx, transition.id, transition.version, {
    snapshot: JSON.stringify(transitionMachine.getPersistedSnapshot(snapshot)),
    state: stateName(snapshot),
    stateSince,
    updatedAt: iso(ctx.now),
  });
}

/**
 * Applies one event to a resident's transition: checks the version the user saw, judges the
 * guards against the dated facts in the database and the effective log, carries out the
 * machine's effects (recording what they changed), stores the event and the new snapshot, and
 * audits — all in one transaction. A refusal names its reason and its dates.
 */
export function applyEvent(ctx: ServiceContext, residentId: number, input: EventInput) {
  findResident(ctx, residentId); // outside the transaction: a denial's audit must not roll back
  return ctx.db.transaction(
    (tx) => {
      const c = openCase(ctx, residentId, input.version, tx);
      const { resident, transition } = c;
      const facts = computeFacts(tx, transition, resident, input.on, c.today, logFacts(tx, transition.id));
      const event: TransitionEvent = {
        type: input.type,
        on: input.on,
        facts,
        ...(input.note ? { note: input.note } : {}),
      };
      const snapshot = restoreSnapshot(transition.snapshot, transition.machineVersion);
      const from = stateName(snapshot);
      if (!acceptsInState(snapshot, input.type)) {
        throw new AppError("validation", "transitions.errors.notInState", {
          event: `t:transitions.events.${input.type}`,
          state: `t:transitions.states.${from}`,
        });
      }
      const refused = refusals(event);
      if (refused.length > 0) throw refusalError(refused[0]!, event.type);

      const step = takeStep(transitionWorkflow, snapshot, event);
      const next = step.next as TransitionSnapshot;
      const to = stateName(next);
      const effects = step.effects.flatMap((a) => runEffect(tx, a as EffectName, transition.id, event));
      const seq = appendEntry(tx, {
        transitionId: transition.id,
        type: event.type,
        event,
        occurredOn: event.on,
        recordedAt: iso(ctx.now),
        actorUserId: ctx.actor.id,
        fromState: from,
        toState: to,
        supersedesSeq: null,
        reason: null,
        effects,
      });
      persistSnapshot(tx, ctx, transition, next, to === from ? transition.stateSince : event.on);
      auditByActor(tx, ctx, {
        action: `transition.${event.type.toLowerCase()}`,
        entityType: "transition",
        entityId: transition.id,
        institutionId: resident.institutionId,
        residentId: resident.id,
        before: { state: from, version: transition.version },
        after: { state: to, version: transition.version + 1, on: event.on, note: event.note ?? null },
      });
      return { from, to, seq };
    },
    { behavior: "immediate" },
  );
}

export interface CorrectionInput {
  /** The entry corrected or voided: an entry of the effective log. */
  seq: number;
  reason: string;
  version: number;
}

/** The effective entry a correction names, or a refusal saying why it cannot be corrected. */
function correctable(log: readonly LogEntry[], effective: readonly EffectiveEntry[], seq: number): EffectiveEntry {
  const target = effective.find((e) => e.entry.seq === seq);
  if (target) return target;
  const entry = log.find((e) => e.seq === seq);
  if (!entry) throw new AppError("not_found", "errors.notFound.body");
  if (entry.type === VOID) throw new AppError("validation", "transitions.corrections.errors.isVoid");
  const { status } = entryStatus(log, seq);
  throw new AppError(
    "validation",
    status === "voided"
      ? "transitions.corrections.errors.alreadyVoided"
      : "transitions.corrections.errors.alreadyCorrected",
  );
}

/** Replays a corrected effective log; a refusal names the event it breaks and why. */
function replayOrRefuse(events: TransitionEvent[]) {
  const result = replayLog(events);
  if (result.ok) return result;
  const r = result.refusals[0];
  if (!r) {
    throw new AppError("validation", "transitions.corrections.errors.breaksState", {
      event: `t:transitions.events.${result.event.type}`,
      on: `d:${result.event.on}`,
      state: `t:transitions.states.${result.state}`,
    });
  }
  throw refusalError(r, result.event.type);
}

/**
 * Community services are received after the move: none may start before the first move of the
 * effective log (nor exist without one).
 */
function checkServicesAfterMove(tx: Tx, transitionId: number, steps: readonly ReplayStep[]) {
  const firstMove = steps.find((s) => s.event.type === "RECORD_MOVE")?.event.on ?? null;
  const earliest = tx
    .select({ startOn: communityServices.startOn })
    .from(communityServices)
    .where(eq(communityServices.transitionId, transitionId))
    .orderBy(asc(communityServices.startOn))
    .limit(1)
    .get();
  if (!earliest) return;
  if (firstMove === null)
    throw new AppError("validation", "transitions.corrections.errors.servicesWithoutMove", {
      start: `d:${earliest.startOn}`,
    });
  if (earliest.startOn < firstMove) {
    throw new AppError("validation", "transitions.corrections.errors.serviceBeforeMove", {
      start: `d:${earliest.startOn}`,
      move: `d:${firstMove}`,
    });
  }
}

/** Stores a correction or void entry, the re-derived snapshot and the audit event. */
function commitCorrection(
  tx: Tx,
  ctx: ServiceContext,
  c: ReturnType<typeof openCase>,
  target: EffectiveEntry,
  entry: { type: string; event: unknown; occurredOn: string; effects: EffectRecord[]; reason: string },
  replayed: { snapshot: TransitionSnapshot; steps: ReplayStep[] },
  /** The replayed step of a correction (none for a void). */
  step: ReplayStep | null,
  action: "transition.corrected" | "transition.voided",
) {
  const { transition, resident } = c;
  checkServicesAfterMove(tx, transition.id, replayed.steps);
  const before = restoreSnapshot(transition.snapshot, transition.machineVersion);
  const seq = appendEntry(tx, {
    transitionId: transition.id,
    type: entry.type,
    event: entry.event,
    occurredOn: entry.occurredOn,
    recordedAt: iso(ctx.now),
    actorUserId: ctx.actor.id,
    fromState: step?.from ?? stateName(before),
    toState: step?.to ?? stateName(replayed.snapshot),
    supersedesSeq: target.entry.seq,
    reason: entry.reason,
    effects: entry.effects,
  });
  persistSnapshot(tx, ctx, transition, replayed.snapshot, stateSinceOf(replayed.steps, transition.openedOn));
  auditByActor(tx, ctx, {
    action,
    entityType: "transition",
    entityId: transition.id,
    institutionId: resident.institutionId,
    residentId: resident.id,
    before: {
      seq: target.entry.seq,
      type: target.event.type,
      on: target.event.on,
      note: target.event.note ?? null,
      state: stateName(before),
      version: transition.version,
    },
    after: {
      seq,
      type: entry.type,
      on: entry.occurredOn,
      note: (entry.event as TransitionEvent).note ?? null,
      reason: entry.reason,
      state: stateName(replayed.snapshot),
      version: transition.version + 1,
    },
  });
  return { seq, to: stateName(replayed.snapshot) };
}

/**
 * Corrects the date (and the note) of an entry of the effective log. The original stays in the
 * log; the correction is a new entry that takes its place. The corrected log is replayed through
 * the machine (every later step judged again against its neighbours): a correction that makes it
 * impossible is refused in words. The effects of the entry are re-dated in the same transaction.
 */
export function correctEvent(
  ctx: ServiceContext,
  residentId: number,
  input: CorrectionInput & { on: string; note: string },
) {
  findResident(ctx, residentId);
  return ctx.db.transaction(
    (tx) => {
      const c = openCase(ctx, residentId, input.version, tx);
      const log = loadLog(tx, c.transition.id);
      const effective = effectiveLog(log);
      const target = correctable(log, effective, input.seq);
      const original = upcastEvent(target.event);
      if (original.on === input.on && (original.note ?? "") === input.note)
        throw new AppError("validation", "transitions.corrections.errors.unchanged");
      const corrected: TransitionEvent = {
        type: original.type,
        on: input.on,
        facts: { ...original.facts, today: c.today },
        ...(input.note ? { note: input.note } : {}),
      };
      const replayed = replayOrRefuse(effective.map((e) => (e === target ? corrected : e.event)));
      const step = replayed.steps[effective.indexOf(target)]!;
      const effects = redateEffects(tx, target.entry.effects ?? [], original.on, input.on);
      return commitCorrection(
        tx,
        ctx,
        c,
        target,
        { type: original.type, event: step.event, occurredOn: input.on, effects, reason: input.reason },
        replayed,
        step,
        "transition.corrected",
      );
    },
    { behavior: "immediate" },
  );
}

/**
 * Voids the latest entry of the effective log (a death recorded by mistake, a step never taken):
 * its effects are undone, the state is what the log without it gives. Only the latest can be
 * voided, so that nothing recorded after it rests on it; earlier ones are voided one by one from
 * the end, or corrected.
 */
export function voidEvent(ctx: ServiceContext, residentId: number, input: CorrectionInput) {
  findResident(ctx, residentId);
  return ctx.db.transaction(
    (tx) => {
      const c = openCase(ctx, residentId, input.version, tx);
      const log = loadLog(tx, c.transition.id);
      const effective = effectiveLog(log);
      const target = correctable(log, effective, input.seq);
      const latest = effective.at(-1)!;
      if (latest !== target) {
        throw new AppError("validation", "transitions.corrections.errors.voidOnlyLatest", {
          event: `t:transitions.events.${latest.event.type}`,
          on: `d:${latest.event.on}`,
        });
      }
      const replayed = replayOrRefuse(effective.filter((e) => e !== target).map((e) => e.event));
      undoEffects(tx, target.entry.effects ?? []);
      const event = { type: VOID, voids: target.entry.seq, on: target.event.on };
      return commitCorrection(
        tx,
        ctx,
        c,
        target,
        { type: VOID, event, occurredOn: target.event.on, effects: [], reason: input.reason },
        replayed,
        null,
        "transition.voided",
      );
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
    event: latest.type === VOID ? "t:transitions.corrections.voidEntry" : `t:transitions.events.${latest.type}`,
    state: `t:transitions.states.${latest.toState}`,
    seen: seenVersion,
  });
}

// ---------- effects ----------

const EFFECT_TABLES = { placements, follow_up_visits: followUpVisits, community_services: communityServices } as const;

/** Sets values on one row an effect touches, bumping its version. */
function setRow(tx: Tx, table: EffectRecord["table"], id: number, values: Record<string, string | null>) {
  const t = EFFECT_TABLES[table];
  const row = tx.select().from(t).where(eq(t.id, id)).get() as { version: number } | undefined;
  if (!row) throw new AppError("conflict", "transitions.corrections.errors.effectChanged");
  updateVersioned(tx, t, id, row.version, values as never);
}

/** A row still holds what the effect set; otherwise someone changed it since and nothing is undone silently. */
function assertUnchanged(tx: Tx, rec: EffectRecord) {
  const t = EFFECT_TABLES[rec.table];
  const row = tx.select().from(t).where(eq(t.id, rec.id)).get() as Record<string, unknown> | undefined;
  if (!row || Object.entries(rec.set).some(([k, v]) => row[k] !== v)) {
    throw new AppError("conflict", "transitions.corrections.errors.effectChanged");
  }
  return row;
}

/** The machine's named effects, carried out in the event's transaction; returns what each changed. */
function runEffect(tx: Tx, effect: EffectName, transitionId: number, event: TransitionEvent): EffectRecord[] {
  const on = event.on;
  const placementWith = (status: "reserved" | "active") =>
    tx
      .select()
      .from(placements)
      .where(and(eq(placements.transitionId, transitionId), eq(placements.status, status)))
      .get();
  const change = (
    table: EffectRecord["table"],
    id: number,
    before: Record<string, string | null>,
    set: Record<string, string | null>,
  ): EffectRecord => {
    setRow(tx, table, id, set);
    return { effect, table, id, before, set };
  };
  switch (effect) {
    case "activatePlacement": {
      const p = placementWith("reserved");
      return p
        ? [
            change(
              "placements",
              p.id,
              { status: p.status, movedInOn: p.movedInOn },
              { status: "active", movedInOn: on },
            ),
          ]
        : [];
    }
    case "scheduleFollowUps":
      return FOLLOW_UP_MONTHS.flatMap((months) => {
        const dueOn = addMonthsTo(on, months);
        const row = tx
          .insert(followUpVisits)
          .values({ transitionId, moveOn: on, monthsAfterMove: months, dueOn })
          .onConflictDoNothing()
          .returning({ id: followUpVisits.id })
          .get();
        return row
          ? [
              {
                effect,
                table: "follow_up_visits" as const,
                id: row.id,
                inserted: true,
                before: {},
                set: { moveOn: on, dueOn },
              },
            ]
          : [];
      });
    case "switchPlacement": {
      const current = placementWith("active");
      const next = placementWith("reserved");
      return [
        ...(current
          ? [
              change(
                "placements",
                current.id,
                { status: current.status, endedOn: current.endedOn },
                { status: "ended", endedOn: on },
              ),
            ]
          : []),
        ...(next
          ? [
              change(
                "placements",
                next.id,
                { status: next.status, movedInOn: next.movedInOn },
                { status: "active", movedInOn: on },
              ),
            ]
          : []),
      ];
    }
    case "endPlacement": {
      const p = placementWith("active");
      return p
        ? [change("placements", p.id, { status: p.status, endedOn: p.endedOn }, { status: "ended", endedOn: on })]
        : [];
    }
    case "endCommunityServices": {
      // Back in institutional care, or deceased: the community services running that day end then.
      const running = tx
        .select()
        .from(communityServices)
        .where(
          and(
            eq(communityServices.transitionId, transitionId),
            lte(communityServices.startOn, on),
            or(isNull(communityServices.endOn), gt(communityServices.endOn, on)),
          ),
        )
        .all();
      return running.map((s) => change("community_services", s.id, { endOn: s.endOn }, { endOn: on }));
    }
    case "releaseReservation": {
      const p = placementWith("reserved");
      return p
        ? [change("placements", p.id, { status: p.status, endedOn: p.endedOn }, { status: "cancelled", endedOn: on })]
        : [];
    }
  }
}

/** Undoes a voided entry's effects, newest first: rows back to what they were, scheduled visits removed. */
function undoEffects(tx: Tx, records: readonly EffectRecord[]) {
  for (const rec of [...records].reverse()) {
    const row = assertUnchanged(tx, rec);
    if (rec.inserted) {
      if (rec.table === "follow_up_visits" && row.visitedOn !== null) {
        throw new AppError("validation", "transitions.corrections.errors.visitRecorded", {
          visited: `d:${row.visitedOn as string}`,
        });
      }
      tx.delete(followUpVisits).where(eq(followUpVisits.id, rec.id)).run();
    } else {
      setRow(tx, rec.table, rec.id, rec.before);
    }
  }
}

/**
 * Moves a corrected entry's effects to its new date: the dates it set become the new date (a
 * follow-up visit is due again counted from the corrected move). A change that would put a row's
 * dates out of order is refused and names them.
 */
function redateEffects(tx: Tx, records: readonly EffectRecord[], oldOn: string, newOn: string): EffectRecord[] {
  return records.map((rec) => {
    const row = assertUnchanged(tx, rec);
    const set = Object.fromEntries(Object.entries(rec.set).map(([k, v]) => [k, v === oldOn ? newOn : v]));
    if (rec.table === "follow_up_visits") {
      set.dueOn = addMonthsTo(newOn, row.monthsAfterMove as number);
      if (row.visitedOn !== null && (row.visitedOn as string) < newOn) {
        throw new AppError("validation", "transitions.corrections.errors.visitBeforeMove", {
          visited: `d:${row.visitedOn as string}`,
          on: `d:${newOn}`,
        });
      }
      if (row.visitedOn !== null)
        checkVisitWindow(
          { moveOn: newOn, monthsAfterMove: row.monthsAfterMove as number, dueOn: set.dueOn as string },
          row.visitedOn as string,
        );
    }
    if (rec.table === "placements") {
      const movedInOn = (set.movedInOn ?? row.movedInOn) as string | null;
      const endedOn = (set.endedOn ?? row.endedOn) as string | null;
      if (movedInOn && endedOn && endedOn < movedInOn) {
        throw new AppError("validation", "transitions.corrections.errors.placementOrder", {
          moved: `d:${movedInOn}`,
          ended: `d:${endedOn}`,
        });
      }
    }
    if (rec.table === "community_services" && set.endOn && (set.endOn as string) < (row.startOn as string)) {
      throw new AppError("validation", "transitions.corrections.errors.serviceEndBeforeStart", {
        start: `d:${row.startOn as string}`,
        end: `d:${set.endOn}`,
      });
    }
    setRow(tx, rec.table, rec.id, set);
    return { ...rec, set };
  });
}

/** The stored entries of a transition, oldest first, with who recorded them and their note. */
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
      supersedesSeq: transitionEvents.supersedesSeq,
      reason: transitionEvents.reason,
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
 * Replays the stored event log from the machine's initial state (the effective log: corrections
 * in place of what they correct, voided entries left out). The result must equal the stored
 * snapshot: the snapshot and the event log agree.
 */
export function replay(
  entries: { event: unknown; seq?: number; type?: string; supersedesSeq?: number | null }[],
): Snapshot<unknown> {
  const log: LogEntry[] = entries.map((e, i) => ({
    seq: e.seq ?? i + 1,
    type: e.type ?? (e.event as TransitionEvent).type,
    event: e.event,
    occurredOn: "",
    recordedAt: "",
    actorUserId: null,
    fromState: "",
    toState: "",
    supersedesSeq: e.supersedesSeq ?? null,
    reason: null,
    effects: null,
  }));
  const result = replayLog(effectiveLog(log).map((e) => e.event));
  if (!result.ok) throw new Error(`stored event ${result.event.type} is not accepted on replay`);
  return transitionMachine.getPersistedSnapshot(result.snapshot);
}

/** Every fact of a transition, as the resident page lists it (see history.server.ts). */
export function history(
  ctx: ServiceContext,
  transition: { id: number; residentId: number },
  notes?: readonly CaseNoteView[],
) {
  return transitionHistory(ctx, transition, loadLog(ctx.db, transition.id), notes);
}
