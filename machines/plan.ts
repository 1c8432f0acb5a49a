import { and, setup, type SnapshotFrom } from "xstate";

/**
 * One version of a local DI plan (Polish national framework guidelines, 2022): drafting →
 * consultation → adopted → implementing → evaluated. Consultation ends with a consultation
 * report (comments received and how each was answered) before adoption; adoption records the
 * adopting body and the resolution number. A revision is a new version (drafting) made from an
 * adopted one; the old version stays readable and unchanged.
 */
export const PLAN_MACHINE_VERSION = 1;

export interface PlanFacts {
  today: string;
  /** The document has a period, at least one goal, one action and one milestone. */
  contentComplete: boolean;
  /** Every consultation comment received has the group's answer. */
  allCommentsAnswered: boolean;
  /** The day the consultation was closed with its report recorded (null: still open). */
  consultationClosedOn: string | null;
}

export const PLAN_EVENT_TYPES = ["START_CONSULTATION", "ADOPT", "START_IMPLEMENTATION", "EVALUATE"] as const;
export type PlanEventType = (typeof PLAN_EVENT_TYPES)[number];

export interface PlanEvent {
  type: PlanEventType;
  on: string;
  facts: PlanFacts;
  adoptingBody?: string;
  resolutionNumber?: string;
}

export const PLAN_GUARDS = {
  notInFuture: ({ event }: { event: PlanEvent }) => event.on <= event.facts.today,
  contentComplete: ({ event }: { event: PlanEvent }) => event.facts.contentComplete,
  allCommentsAnswered: ({ event }: { event: PlanEvent }) => event.facts.allCommentsAnswered,
  /** The consultation is closed with its report, on or before the adoption's date (decision 038). */
  consultationReportRecorded: ({ event }: { event: PlanEvent }) =>
    event.facts.consultationClosedOn !== null && event.facts.consultationClosedOn <= event.on,
  adoptionRecorded: ({ event }: { event: PlanEvent }) =>
    !!event.adoptingBody?.trim() && !!event.resolutionNumber?.trim(),
} as const;
export type PlanGuard = keyof typeof PLAN_GUARDS;

export const PLAN_EVENT_GUARDS: Record<PlanEventType, PlanGuard[]> = {
  START_CONSULTATION: ["notInFuture", "contentComplete"],
  ADOPT: ["notInFuture", "contentComplete", "allCommentsAnswered", "consultationReportRecorded", "adoptionRecorded"],
  START_IMPLEMENTATION: ["notInFuture"],
  EVALUATE: ["notInFuture"],
};

const guarded = (type: PlanEventType) => and(PLAN_EVENT_GUARDS[type]);

export const planMachine = setup({
  types: { events: {} as PlanEvent },
  guards: PLAN_GUARDS,
}).createMachine({
  id: "plan",
  initial: "drafting",
  states: {
    drafting: { on: { START_CONSULTATION: { target: "consultation", guard: guarded("START_CONSULTATION") } } },
    consultation: { on: { ADOPT: { target: "adopted", guard: guarded("ADOPT") } } },
    adopted: { on: { START_IMPLEMENTATION: { target: "implementing", guard: guarded("START_IMPLEMENTATION") } } },
    implementing: { on: { EVALUATE: { target: "evaluated", guard: guarded("EVALUATE") } } },
    evaluated: { type: "final" },
  },
});

export const PLAN_STATES = ["drafting", "consultation", "adopted", "implementing", "evaluated"] as const;
export type PlanState = (typeof PLAN_STATES)[number];
/** Only a draft can be edited; adopted (and later) versions are read-only. */
export const EDITABLE_PLAN_STATES: readonly PlanState[] = ["drafting"];
/** States from which a revision (a new draft version) may be made. */
export const REVISABLE_PLAN_STATES: readonly PlanState[] = ["adopted", "implementing"];

export type PlanSnapshot = SnapshotFrom<typeof planMachine>;

/** The step a plan version in `state` takes next (null: it is final), read from the machine's own definition. */
export function nextPlanEvent(state: PlanState): PlanEventType | null {
  const on = planMachine.states[state]?.config.on;
  return ((on && Object.keys(on)[0]) as PlanEventType | undefined) ?? null;
}
