import type { PlanGuard } from "./plan";

/**
 * The machines' names that pages show or filter by: plain data without xstate, like steps.ts,
 * so that a page can import them without loading the machines (decision 049: xstate is 12.8 KB
 * gzip of a first load). The machine modules re-export them; what a state allows (its tags, its
 * next step) is read from the machine on the server and sent with the page's data.
 */

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

/** The transition machine's events (machines/transition.ts). */
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

export const PLAN_EVENT_TYPES = ["START_CONSULTATION", "ADOPT", "START_IMPLEMENTATION", "EVALUATE"] as const;
export type PlanEventType = (typeof PLAN_EVENT_TYPES)[number];

/** The guards each plan event is judged by, in the order the page explains them. */
export const PLAN_EVENT_GUARDS: Record<PlanEventType, PlanGuard[]> = {
  START_CONSULTATION: ["notInFuture", "contentComplete"],
  ADOPT: ["notInFuture", "contentComplete", "allCommentsAnswered", "consultationReportRecorded", "adoptionRecorded"],
  START_IMPLEMENTATION: ["notInFuture"],
  EVALUATE: ["notInFuture"],
};
