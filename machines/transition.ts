import { and, setup, type SnapshotFrom } from "xstate";

/**
 * One resident's move from the institution to community living (DOMAIN.md, "The individual
 * transition machine"). The machine holds the rules only; the facts its guards judge (is the
 * assessment completed? is consent recorded? ...) are read from the database by the service and
 * travel inside each event, so the stored event log replays to the same snapshot.
 * Effects (schedule follow-up visits, activate a placement...) are named actions that the service
 * carries out in the same database transaction.
 *
 * Bump TRANSITION_MACHINE_VERSION when states or events change meaning, and add a migration of
 * stored snapshots (see docs/decisions/009-transition-machine.md).
 */
export const TRANSITION_MACHINE_VERSION = 1;

/** The facts the guards judge, as of the moment the event is recorded. */
export interface TransitionFacts {
  /** Today in the institution's time zone (YYYY-MM-DD). */
  today: string;
  assessmentCompleted: boolean;
  planApproved: boolean;
  /** Date the individual transition plan was approved. */
  planApprovedOn: string | null;
  /** Informed consent recorded as the resident's legal capacity requires, and not withdrawn. */
  consentValid: boolean;
  /** A place is reserved in a housing unit that had free capacity. */
  placeReserved: boolean;
  /** The follow-up period after the move is over. */
  followUpPeriodOver: boolean;
  /** Every scheduled follow-up visit has been recorded. */
  followUpVisitsRecorded: boolean;
}

export const TRANSITION_EVENT_TYPES = [
  "START_ASSESSMENT",
  "COMPLETE_ASSESSMENT",
  "START_PREPARATION",
  "START_MOVE",
  "RECORD_MOVE",
  "CHANGE_PLACEMENT",
  "COMPLETE",
  "PUT_ON_HOLD",
  "RESUME",
  "WITHDRAW",
  "REOPEN",
  "RETURN",
  "REPLAN",
  "RECORD_DEATH",
] as const;
export type TransitionEventType = (typeof TRANSITION_EVENT_TYPES)[number];

export interface TransitionEvent {
  type: TransitionEventType;
  /** When it happened (calendar date, institution time zone). */
  on: string;
  facts: TransitionFacts;
  note?: string;
}

export const GUARDS = {
  occurredNotInFuture: ({ event }: { event: TransitionEvent }) => event.on <= event.facts.today,
  assessmentCompleted: ({ event }: { event: TransitionEvent }) => event.facts.assessmentCompleted,
  planApproved: ({ event }: { event: TransitionEvent }) => event.facts.planApproved,
  consentValid: ({ event }: { event: TransitionEvent }) => event.facts.consentValid,
  placeReserved: ({ event }: { event: TransitionEvent }) => event.facts.placeReserved,
  moveNotBeforePlan: ({ event }: { event: TransitionEvent }) =>
    event.facts.planApprovedOn !== null && event.on >= event.facts.planApprovedOn,
  followUpPeriodOver: ({ event }: { event: TransitionEvent }) => event.facts.followUpPeriodOver,
  followUpVisitsRecorded: ({ event }: { event: TransitionEvent }) => event.facts.followUpVisitsRecorded,
} as const;
export type GuardName = keyof typeof GUARDS;

/** Which guards each event must pass; the same list explains a refusal in words. */
export const EVENT_GUARDS: Record<TransitionEventType, GuardName[]> = {
  START_ASSESSMENT: ["occurredNotInFuture"],
  COMPLETE_ASSESSMENT: ["occurredNotInFuture", "assessmentCompleted"],
  START_PREPARATION: ["occurredNotInFuture", "planApproved", "consentValid"],
  START_MOVE: ["occurredNotInFuture", "placeReserved"],
  RECORD_MOVE: ["occurredNotInFuture", "placeReserved", "moveNotBeforePlan"],
  CHANGE_PLACEMENT: ["occurredNotInFuture", "placeReserved"],
  COMPLETE: ["occurredNotInFuture", "followUpPeriodOver", "followUpVisitsRecorded"],
  PUT_ON_HOLD: ["occurredNotInFuture"],
  RESUME: ["occurredNotInFuture"],
  WITHDRAW: ["occurredNotInFuture"],
  REOPEN: ["occurredNotInFuture"],
  RETURN: ["occurredNotInFuture"],
  REPLAN: ["occurredNotInFuture"],
  RECORD_DEATH: ["occurredNotInFuture"],
};

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
            RETURN: { target: "#transition.returned", guard: guarded("RETURN"), actions: ["endPlacement", "endCommunityServices"] },
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
        RECORD_DEATH: { target: "deceased", guard: guarded("RECORD_DEATH"), actions: ["endPlacement", "releaseReservation", "endCommunityServices"] },
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
      on: {
        RECORD_DEATH: { target: "deceased", guard: guarded("RECORD_DEATH"), actions: ["endCommunityServices"] },
      },
    },
    deceased: { type: "final" },
  },
});

export type TransitionSnapshot = SnapshotFrom<typeof transitionMachine>;

/** The flat state names used in lists, filters and reports. */
export const TRANSITION_STATES = [
  "identified",
  "assessment",
  "planning",
  "preparation",
  "moving",
  "in_community",
  "completed",
  "on_hold",
  "withdrawn",
  "returned",
  "deceased",
] as const;
export type TransitionState = (typeof TRANSITION_STATES)[number];

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
