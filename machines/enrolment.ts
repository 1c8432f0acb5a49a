import { and, setup, type SnapshotFrom } from "xstate";
import { defineWorkflow } from "./workflow";

/**
 * A staff member's enrolment in a training module: enrolled → in_progress (first session
 * attended) → completed; or dropped, with a reason, from either open state. As with the
 * transition machine, the facts the guards judge travel inside each event.
 */
export const ENROLMENT_MACHINE_VERSION = 1;

export interface EnrolmentFacts {
  /** Today in the institution's time zone. */
  today: string;
  enrolledOn: string;
  attendedSessions: number;
}

export const ENROLMENT_EVENT_TYPES = ["ATTEND", "COMPLETE", "DROP"] as const;
export type EnrolmentEventType = (typeof ENROLMENT_EVENT_TYPES)[number];

export interface EnrolmentEvent {
  type: EnrolmentEventType;
  on: string;
  facts: EnrolmentFacts;
  reason?: string;
  certificateRef?: string;
}

export const ENROLMENT_GUARDS = {
  notInFuture: ({ event }: { event: EnrolmentEvent }) => event.on <= event.facts.today,
  notBeforeEnrolment: ({ event }: { event: EnrolmentEvent }) => event.on >= event.facts.enrolledOn,
  attendedAtLeastOnce: ({ event }: { event: EnrolmentEvent }) => event.facts.attendedSessions > 0,
  reasonGiven: ({ event }: { event: EnrolmentEvent }) => !!event.reason?.trim(),
} as const;
export type EnrolmentGuard = keyof typeof ENROLMENT_GUARDS;

export const ENROLMENT_EVENT_GUARDS: Record<EnrolmentEventType, EnrolmentGuard[]> = {
  ATTEND: ["notInFuture", "notBeforeEnrolment"],
  COMPLETE: ["notInFuture", "notBeforeEnrolment", "attendedAtLeastOnce"],
  DROP: ["notInFuture", "notBeforeEnrolment", "reasonGiven"],
};

const guarded = (type: EnrolmentEventType) => and(ENROLMENT_EVENT_GUARDS[type]);

const noop = () => {};

/** Effects the service carries out, named as in the transition machine: what each event records. */
export type EnrolmentEffect = "recordAttendance" | "recordCompletion" | "recordDrop";

export const enrolmentMachine = setup({
  types: { events: {} as EnrolmentEvent },
  guards: ENROLMENT_GUARDS,
  actions: { recordAttendance: noop, recordCompletion: noop, recordDrop: noop } satisfies Record<
    EnrolmentEffect,
    () => void
  >,
}).createMachine({
  id: "enrolment",
  initial: "enrolled",
  states: {
    enrolled: {
      on: {
        ATTEND: { target: "in_progress", guard: guarded("ATTEND"), actions: ["recordAttendance"] },
        DROP: { target: "dropped", guard: guarded("DROP"), actions: ["recordDrop"] },
      },
    },
    in_progress: {
      on: {
        ATTEND: { target: "in_progress", guard: guarded("ATTEND"), actions: ["recordAttendance"] },
        COMPLETE: { target: "completed", guard: guarded("COMPLETE"), actions: ["recordCompletion"] },
        DROP: { target: "dropped", guard: guarded("DROP"), actions: ["recordDrop"] },
      },
    },
    completed: { type: "final" },
    dropped: { type: "final" },
  },
});

export type EnrolmentSnapshot = SnapshotFrom<typeof enrolmentMachine>;

/** The enrolment machine as a workflow: the one way its events are judged and taken (workflow.ts). */
export const enrolmentWorkflow = defineWorkflow<EnrolmentEvent, EnrolmentGuard>({
  machine: enrolmentMachine,
  version: ENROLMENT_MACHINE_VERSION,
  guards: ENROLMENT_GUARDS,
  eventGuards: ENROLMENT_EVENT_GUARDS,
});
