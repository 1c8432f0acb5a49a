import { and, initialTransition, setup, type SnapshotFrom } from "xstate";
import type { TransitionEventType, TransitionState } from "./names";
import { acceptsInState as stateTakes, defineWorkflow, takeStep } from "./workflow";

/**
 * One resident's move from the institution to community living (docs/domain.md, "The transition
 * machine"). The machine holds the rules only; the facts its guards judge (is the
 * assessment completed? is consent recorded? ...) are read from the database by the service and
 * travel inside each event, so the stored event log replays to the same snapshot.
 * Effects (schedule follow-up visits, activate a placement...) are named actions that the service
 * carries out in the same database transaction.
 *
 * Bump TRANSITION_MACHINE_VERSION when states or events change meaning, and add a migration of
 * stored snapshots (see docs/decisions/009-transition-machine.md).
 */
export const TRANSITION_MACHINE_VERSION = 1;

/**
 * The facts the guards judge. Every fact is the **date** it happened (null: it has not), so a
 * guard compares it with the event's own date and never with the day the event is typed
 * (docs/domain.md, "Facts, dates and corrections"): a move recorded in 2026 for 3 March 2023 needs a
 * plan approved by 3 March 2023.
 */
export interface TransitionFacts {
  /** Today in the institution's time zone (YYYY-MM-DD), when the event is recorded. */
  today: string;
  /** The transition's opening date: no event may come before it. */
  openedOn: string;
  /** The date of the latest event before this one in the (corrected) log; null for the first. */
  previousOn: string | null;
  /** The date of the latest move (RECORD_MOVE) before this event; null before the first move. */
  lastMoveOn: string | null;
  assessmentCompletedOn: string | null;
  /** Date the individual transition plan was approved (a second person). */
  planApprovedOn: string | null;
  /** Informed consent from whom the resident's legal capacity requires, not withdrawn on the event's date: given on. */
  consentGivenOn: string | null;
  /** A place was reserved (in a unit with free capacity) on. */
  placeReservedOn: string | null;
  /** Every follow-up visit of the latest move is recorded: the date of the last of them. */
  followUpVisitsDoneOn: string | null;
}

/** The log-derived facts, recomputed from the corrected log on every replay. */
export type LogFacts = Pick<TransitionFacts, "previousOn" | "lastMoveOn">;

export { TRANSITION_EVENT_TYPES, type TransitionEventType } from "./names";

export interface TransitionEvent {
  type: TransitionEventType;
  /** When it happened (calendar date, institution time zone). */
  on: string;
  facts: TransitionFacts;
  note?: string;
}

/** Months after the move before a transition may be completed (docs/domain.md). */
export const FOLLOW_UP_PERIOD_MONTHS = 12;

/** Adds calendar months to a YYYY-MM-DD date; the 31st of a shorter month falls back to its last day. */
export function addMonthsTo(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/**
 * The first day a follow-up visit counts as the one scheduled `months` after the move: halfway
 * from the scheduled point before it (the previous visit's due date; the move for the first visit)
 * to its own due date. A visit on an earlier day is nearer that previous point: it is that visit
 * (or the move day), so recording it as this one would mark a follow-up done that was not made
 * (issue #15; docs/decisions/024-documents-case-file.md).
 */
export function followUpVisitOpensOn(
  moveOn: string,
  months: number,
  previousMonths: number | null,
): { opensOn: string; previousOn: string } {
  const previousOn = previousMonths === null ? moveOn : addMonthsTo(moveOn, previousMonths);
  const dueOn = addMonthsTo(moveOn, months);
  const days = Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${previousOn}T00:00:00Z`)) / 86_400_000);
  const opens = new Date(`${previousOn}T00:00:00Z`);
  opens.setUTCDate(opens.getUTCDate() + Math.ceil(days / 2));
  return { opensOn: opens.toISOString().slice(0, 10), previousOn };
}

/** A dated fact holds on the event's date: it exists and happened on or before it. */
const heldBy = (fact: string | null, on: string) => fact !== null && fact <= on;

type Args = { event: TransitionEvent };

export const GUARDS = {
  occurredNotInFuture: ({ event }: Args) => event.on <= event.facts.today,
  notBeforeOpening: ({ event }: Args) => event.on >= event.facts.openedOn,
  inOrder: ({ event }: Args) => event.facts.previousOn === null || event.on >= event.facts.previousOn,
  assessmentCompleted: ({ event }: Args) => heldBy(event.facts.assessmentCompletedOn, event.on),
  planApproved: ({ event }: Args) => heldBy(event.facts.planApprovedOn, event.on),
  consentValid: ({ event }: Args) => heldBy(event.facts.consentGivenOn, event.on),
  placeReserved: ({ event }: Args) => heldBy(event.facts.placeReservedOn, event.on),
  followUpPeriodOver: ({ event }: Args) =>
    event.facts.lastMoveOn !== null && addMonthsTo(event.facts.lastMoveOn, FOLLOW_UP_PERIOD_MONTHS) <= event.on,
  followUpVisitsRecorded: ({ event }: Args) => heldBy(event.facts.followUpVisitsDoneOn, event.on),
} as const;
export type GuardName = keyof typeof GUARDS;

/** The order every event keeps: not in the future, not before the opening, not before the previous step. */
const DATED: GuardName[] = ["occurredNotInFuture", "notBeforeOpening", "inOrder"];

/** The guards about the event's own date: a refusal by one of them is about the form's date field. */
export const DATE_GUARDS: readonly GuardName[] = DATED;

/** Which guards each event must pass; the same list explains a refusal in words. */
export const EVENT_GUARDS: Record<TransitionEventType, GuardName[]> = {
  START_ASSESSMENT: DATED,
  COMPLETE_ASSESSMENT: [...DATED, "assessmentCompleted"],
  START_PREPARATION: [...DATED, "planApproved", "consentValid"],
  START_MOVE: [...DATED, "placeReserved"],
  RECORD_MOVE: [...DATED, "placeReserved", "planApproved"],
  CHANGE_PLACEMENT: [...DATED, "placeReserved"],
  COMPLETE: [...DATED, "followUpPeriodOver", "followUpVisitsRecorded"],
  PUT_ON_HOLD: DATED,
  RESUME: DATED,
  WITHDRAW: DATED,
  REOPEN: DATED,
  RETURN: DATED,
  REPLAN: DATED,
  RECORD_DEATH: DATED,
};

/** A refusal in words: a message key under transitions.guards and its values ("d:" = a date). */
export interface Refusal {
  guard: GuardName;
  key: string;
  values: Record<string, string>;
}

const d = (date: string) => `d:${date}`;

/**
 * Why a guard refuses an event, naming the two dates it compares: "the move (3 March 2023) is
 * before the plan's approval (5 April 2023)". A missing fact has its own sentence.
 */
export function explainGuard(guard: GuardName, event: TransitionEvent): Refusal {
  const f = event.facts;
  const on = d(event.on);
  const dated = (fact: string | null): Refusal =>
    fact === null
      ? { guard, key: `transitions.guards.${guard}`, values: {} }
      : { guard, key: `transitions.guards.${guard}Later`, values: { on, fact: d(fact) } };
  switch (guard) {
    case "occurredNotInFuture":
      return { guard, key: "transitions.guards.occurredNotInFuture", values: { on, today: d(f.today) } };
    case "notBeforeOpening":
      return { guard, key: "transitions.guards.notBeforeOpening", values: { on, openedOn: d(f.openedOn) } };
    case "inOrder":
      return { guard, key: "transitions.guards.inOrder", values: { on, previous: d(f.previousOn ?? f.openedOn) } };
    case "assessmentCompleted":
      return dated(f.assessmentCompletedOn);
    case "planApproved":
      return dated(f.planApprovedOn);
    case "consentValid":
      return dated(f.consentGivenOn);
    case "placeReserved":
      return dated(f.placeReservedOn);
    case "followUpPeriodOver":
      return f.lastMoveOn === null
        ? { guard, key: "transitions.guards.followUpPeriodOver", values: {} }
        : {
            guard,
            key: "transitions.guards.followUpPeriodOverOn",
            values: { on, fact: d(addMonthsTo(f.lastMoveOn, FOLLOW_UP_PERIOD_MONTHS)) },
          };
    case "followUpVisitsRecorded":
      return dated(f.followUpVisitsDoneOn);
  }
}

/** The guards of an event that refuse it, each explained. */
export function refusals(event: TransitionEvent): Refusal[] {
  return EVENT_GUARDS[event.type].filter((g) => !GUARDS[g]({ event })).map((g) => explainGuard(g, event));
}

const guarded = (type: TransitionEventType) => and(EVENT_GUARDS[type]);

/** Effects the service carries out when the machine takes these transitions. */
export const EFFECTS = [
  "activatePlacement",
  "scheduleFollowUps",
  "switchPlacement",
  "endPlacement",
  "releaseReservation",
  "endCommunityServices",
] as const;
export type EffectName = (typeof EFFECTS)[number];

const noop = () => {};

export const transitionMachine = setup({
  types: {
    events: {} as TransitionEvent,
  },
  guards: GUARDS,
  actions: {
    activatePlacement: noop,
    scheduleFollowUps: noop,
    switchPlacement: noop,
    endPlacement: noop,
    releaseReservation: noop,
    endCommunityServices: noop,
  },
}).createMachine({
  id: "transition",
  initial: "active",
  states: {
    active: {
      initial: "identified",
      states: {
        identified: {
          on: { START_ASSESSMENT: { target: "assessment", guard: guarded("START_ASSESSMENT") } },
        },
        assessment: {
          on: { COMPLETE_ASSESSMENT: { target: "planning", guard: guarded("COMPLETE_ASSESSMENT") } },
        },
        planning: {
          on: { START_PREPARATION: { target: "preparation", guard: guarded("START_PREPARATION") } },
        },
        preparation: {
          on: { START_MOVE: { target: "moving", guard: guarded("START_MOVE") } },
        },
        moving: {
          on: {
            RECORD_MOVE: {
              target: "in_community",
              guard: guarded("RECORD_MOVE"),
              actions: ["activatePlacement", "scheduleFollowUps"],
            },
          },
        },
        in_community: {
          on: {
            CHANGE_PLACEMENT: {
              target: "in_community",
              reenter: false,
              guard: guarded("CHANGE_PLACEMENT"),
              actions: ["switchPlacement"],
            },
            COMPLETE: { target: "#transition.completed", guard: guarded("COMPLETE") },
            RETURN: {
              target: "#transition.returned",
              guard: guarded("RETURN"),
              actions: ["endPlacement", "endCommunityServices"],
            },
          },
        },
        history: { type: "history", history: "shallow" },
      },
      on: {
        PUT_ON_HOLD: { target: "on_hold", guard: guarded("PUT_ON_HOLD") },
        WITHDRAW: { target: "withdrawn", guard: guarded("WITHDRAW"), actions: ["releaseReservation"] },
        RECORD_DEATH: {
          target: "deceased",
          guard: guarded("RECORD_DEATH"),
          actions: ["endPlacement", "releaseReservation", "endCommunityServices"],
        },
      },
    },
    on_hold: {
      on: {
        RESUME: { target: "active.history", guard: guarded("RESUME") },
        WITHDRAW: { target: "withdrawn", guard: guarded("WITHDRAW"), actions: ["releaseReservation"] },
        RECORD_DEATH: {
          target: "deceased",
          guard: guarded("RECORD_DEATH"),
          actions: ["endPlacement", "releaseReservation", "endCommunityServices"],
        },
      },
    },
    withdrawn: {
      on: {
        REOPEN: { target: "active.history", guard: guarded("REOPEN") },
        RECORD_DEATH: { target: "deceased", guard: guarded("RECORD_DEATH"), actions: ["endCommunityServices"] },
      },
    },
    returned: {
      on: {
        REPLAN: { target: "active.planning", guard: guarded("REPLAN") },
        RECORD_DEATH: { target: "deceased", guard: guarded("RECORD_DEATH"), actions: ["endCommunityServices"] },
      },
    },
    completed: {
      tags: ["closed"],
      on: {
        RECORD_DEATH: { target: "deceased", guard: guarded("RECORD_DEATH"), actions: ["endCommunityServices"] },
      },
    },
    deceased: { type: "final", tags: ["closed"] },
  },
});

export type TransitionSnapshot = SnapshotFrom<typeof transitionMachine>;

/** The flat state names (machines/names.ts, plain data for pages). */
export { TRANSITION_STATES, type TransitionState } from "./names";

/** "active.planning" → "planning"; "on_hold" → "on_hold". */
export function stateName(snapshot: TransitionSnapshot): TransitionState {
  const v = snapshot.value;
  if (typeof v === "string") return v as TransitionState;
  return (v as { active: TransitionState }).active;
}

/** States from which the resident is still on the way (on hold and withdrawn resume into them). */
export const ACTIVE_STATES: readonly TransitionState[] = [
  "identified",
  "assessment",
  "planning",
  "preparation",
  "moving",
  "in_community",
];

/** A closed record (completed, deceased): nothing more is recorded on it but a correction. */
export const isClosed = (snapshot: TransitionSnapshot) => snapshot.hasTag("closed");

/** The states tagged closed, for queries that filter on the stored state name. */
export const CLOSED_STATES: readonly TransitionState[] = ["completed", "deceased"];

/** The transition machine as a workflow: the one way its events are judged and taken (workflow.ts). */
export const transitionWorkflow = defineWorkflow<TransitionEvent, GuardName>({
  machine: transitionMachine,
  version: TRANSITION_MACHINE_VERSION,
  guards: GUARDS,
  eventGuards: EVENT_GUARDS,
});

/** Whether the state takes the event type at all, whatever the facts. */
export function acceptsInState(snapshot: TransitionSnapshot, type: TransitionEventType): boolean {
  return stateTakes(transitionWorkflow, snapshot, type);
}

/**
 * Facts stored by the first version of the event format were yes/no answers judged on the
 * recording day; they are read as dated facts holding since the event's own date (what they
 * meant), so old logs replay through today's guards.
 */
export function upcastEvent(stored: TransitionEvent): TransitionEvent {
  const f = stored.facts as unknown as Record<string, unknown>;
  if (typeof f.assessmentCompleted !== "boolean") return stored;
  const since = (held: unknown) => (held ? stored.on : null);
  return {
    ...stored,
    facts: {
      today: f.today as string,
      openedOn: "0000-01-01",
      previousOn: null,
      lastMoveOn: null,
      assessmentCompletedOn: since(f.assessmentCompleted),
      planApprovedOn: f.planApproved ? ((f.planApprovedOn as string | null) ?? stored.on) : null,
      consentGivenOn: since(f.consentValid),
      placeReservedOn: since(f.placeReserved),
      followUpVisitsDoneOn: since(f.followUpVisitsRecorded),
    },
  };
}

/** One step of a replay: the event as judged (with its log facts), and the states around it. */
export interface ReplayStep {
  event: TransitionEvent;
  from: TransitionState;
  to: TransitionState;
  actions: EffectName[];
}

export type ReplayResult =
  | { ok: true; snapshot: TransitionSnapshot; steps: ReplayStep[] }
  | { ok: false; index: number; event: TransitionEvent; state: TransitionState; refusals: Refusal[] };

/**
 * Replays a log from the initial state. The log facts (the previous step's date, the latest
 * move) are recomputed from the log itself, so a corrected date is judged against its neighbours;
 * the other facts are those stored with each event. Stops at the first event the machine
 * refuses and says why.
 */
export function replayLog(events: readonly TransitionEvent[]): ReplayResult {
  let [snapshot] = initialTransition(transitionMachine);
  const steps: ReplayStep[] = [];
  let previousOn: string | null = null;
  let lastMoveOn: string | null = null;
  for (let index = 0; index < events.length; index++) {
    const stored = upcastEvent(events[index]!);
    const event: TransitionEvent = { ...stored, facts: { ...stored.facts, previousOn, lastMoveOn } };
    const from = stateName(snapshot);
    if (!acceptsInState(snapshot, event.type)) {
      return { ok: false, index, event, state: from, refusals: [] };
    }
    const refused = refusals(event);
    if (refused.length > 0 || !snapshot.can(event)) return { ok: false, index, event, state: from, refusals: refused };
    const { next, effects } = takeStep(transitionWorkflow, snapshot, event);
    steps.push({ event, from, to: stateName(next as TransitionSnapshot), actions: effects as EffectName[] });
    snapshot = next as TransitionSnapshot;
    previousOn = event.on;
    if (event.type === "RECORD_MOVE") lastMoveOn = event.on;
  }
  return { ok: true, snapshot, steps };
}
