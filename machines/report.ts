import { and, setup, type SnapshotFrom } from "xstate";
import { defineWorkflow } from "./workflow";

/**
 * A grant's report for one reporting period: draft (computed live, narrative editable) →
 * submitted (values, drill-down lists and narrative frozen with a content hash; final, it never
 * changes). The facts the guards judge travel inside the event, as in the other machines.
 */
export const REPORT_MACHINE_VERSION = 1;

export const REPORT_STATES = ["draft", "submitted"] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export interface ReportFacts {
  /** Today in the grant's time zone. */
  today: string;
  periodEndsOn: string;
  problems: string;
  plannedProgress: string;
}

export interface ReportEvent {
  type: "SUBMIT";
  facts: ReportFacts;
}

export const REPORT_GUARDS = {
  /** A period is reported once it is over: its last day has passed. */
  periodOver: ({ event }: { event: ReportEvent }) => event.facts.today > event.facts.periodEndsOn,
  problemsDescribed: ({ event }: { event: ReportEvent }) => event.facts.problems.trim().length > 0,
  progressPlanned: ({ event }: { event: ReportEvent }) => event.facts.plannedProgress.trim().length > 0,
} as const;
export type ReportGuard = keyof typeof REPORT_GUARDS;

export const SUBMIT_GUARDS: ReportGuard[] = ["periodOver", "problemsDescribed", "progressPlanned"];

export const reportMachine = setup({
  types: { events: {} as ReportEvent },
  guards: REPORT_GUARDS,
}).createMachine({
  id: "report",
  initial: "draft",
  states: {
    // Only a draft's narrative may be edited: the tag is the one place that says so.
    draft: { tags: ["editable"], on: { SUBMIT: { target: "submitted", guard: and(SUBMIT_GUARDS) } } },
    submitted: { type: "final" },
  },
});

export type ReportSnapshot = SnapshotFrom<typeof reportMachine>;

/** Whether the report in this state may still change (its narrative saved, it submitted). */
export const reportEditable = (snapshot: { hasTag: (tag: string) => boolean }) => snapshot.hasTag("editable");

/** The report machine as a workflow: the one way its event is judged and taken (workflow.ts). */
export const reportWorkflow = defineWorkflow<ReportEvent, ReportGuard>({
  machine: reportMachine,
  version: REPORT_MACHINE_VERSION,
  guards: REPORT_GUARDS,
  eventGuards: { SUBMIT: SUBMIT_GUARDS },
});
