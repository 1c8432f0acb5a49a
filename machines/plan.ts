import { and, setup, type SnapshotFrom } from "xstate";
import { PLAN_EVENT_GUARDS, type PlanEventType } from "./names";
import { defineWorkflow } from "./workflow";

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

export { PLAN_EVENT_GUARDS, PLAN_EVENT_TYPES, type PlanEventType } from "./names";

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

const guarded = (type: PlanEventType) => and(PLAN_EVENT_GUARDS[type]);

const noop = () => {};

/**
 * Tags say what a version in a state allows, so that no service restates it: `editable` (its
 * content may change), `takesComments` (consultation comments and answers, the report),
 * `revisable` (a new draft version may be made from it). Effects are named actions the service
 * carries out: `recordAdoption` stores the adopting body, the resolution and the day.
 */
export const planMachine = setup({
  types: { events: {} as PlanEvent },
  guards: PLAN_GUARDS,
  actions: { recordAdoption: noop },
}).createMachine({
  id: "plan",
  initial: "drafting",
  states: {
    drafting: {
      tags: ["editable"],
      on: { START_CONSULTATION: { target: "consultation", guard: guarded("START_CONSULTATION") } },
    },
    consultation: {
      tags: ["takesComments"],
      on: { ADOPT: { target: "adopted", guard: guarded("ADOPT"), actions: ["recordAdoption"] } },
    },
    adopted: {
      tags: ["revisable"],
      on: { START_IMPLEMENTATION: { target: "implementing", guard: guarded("START_IMPLEMENTATION") } },
    },
    implementing: { tags: ["revisable"], on: { EVALUATE: { target: "evaluated", guard: guarded("EVALUATE") } } },
    evaluated: { type: "final" },
  },
});

/** The plan machine as a workflow: the one way its events are judged and taken (workflow.ts). */
export const planWorkflow = defineWorkflow<PlanEvent, PlanGuard>({
  machine: planMachine,
  version: PLAN_MACHINE_VERSION,
  guards: PLAN_GUARDS,
  eventGuards: PLAN_EVENT_GUARDS,
});

export type PlanEffect = "recordAdoption";

export const PLAN_STATES = ["drafting", "consultation", "adopted", "implementing", "evaluated"] as const;
export type PlanState = (typeof PLAN_STATES)[number];
type PlanTag = "editable" | "takesComments" | "revisable";
const statesTagged = (tag: PlanTag): readonly PlanState[] =>
  PLAN_STATES.filter((s) => (planMachine.states[s]?.tags ?? []).includes(tag));
/** Only a draft can be edited; adopted (and later) versions are read-only (the `editable` tag). */
export const EDITABLE_PLAN_STATES = statesTagged("editable");
/** Consultation comments, answers and the report are taken only in these states (`takesComments`). */
export const COMMENTING_PLAN_STATES = statesTagged("takesComments");
/** States from which a revision (a new draft version) may be made (`revisable`). */
export const REVISABLE_PLAN_STATES = statesTagged("revisable");

export type PlanSnapshot = SnapshotFrom<typeof planMachine>;

/** The step a plan version in `state` takes next (null: it is final), read from the machine's own definition. */
export function nextPlanEvent(state: PlanState): PlanEventType | null {
  const on = planMachine.states[state]?.config.on;
  return ((on && Object.keys(on)[0]) as PlanEventType | undefined) ?? null;
}

/**
 * What a version in `state` allows, read from the machine (its tags and next step): the plan
 * page's loader sends it, so the browser needs no xstate (decision 049).
 */
export function planStateAllows(state: PlanState) {
  return {
    edit: EDITABLE_PLAN_STATES.includes(state),
    comments: COMMENTING_PLAN_STATES.includes(state),
    revise: REVISABLE_PLAN_STATES.includes(state),
    nextEvent: nextPlanEvent(state),
  };
}
