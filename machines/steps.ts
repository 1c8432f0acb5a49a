import type { PlanEventType } from "./plan";
import type { ReportEvent } from "./report";
import type { TransitionEventType } from "./transition";

/**
 * How the pages offer the machines' steps (decision 017): which are kept apart from the normal
 * next step, and which are confirmed before they are done because they cannot be undone or weigh
 * heavily. Plain data without xstate, so that a page can import it without loading the machines.
 */

/** Transition events off the main path (a pause, a withdrawal, a death): offered apart from the next step. */
export const EXCEPTION_EVENTS: readonly TransitionEventType[] = ["PUT_ON_HOLD", "WITHDRAW", "RECORD_DEATH"];

/**
 * Transition events confirmed first, by what they end: "final" leads to a state nothing follows
 * (a death); "heavy" stops the transition and releases a reserved place, though it can be
 * reopened (a withdrawal).
 */
export const CONFIRMED_EVENTS: Partial<Record<TransitionEventType, "final" | "heavy">> = {
  WITHDRAW: "heavy",
  RECORD_DEATH: "final",
};

/** Plan steps confirmed first: adoption makes the version read-only for good. */
export const CONFIRMED_PLAN_EVENTS: readonly PlanEventType[] = ["ADOPT"];

/** Report steps confirmed first: submitting freezes the report for good. */
export const CONFIRMED_REPORT_EVENTS: readonly ReportEvent["type"][] = ["SUBMIT"];
