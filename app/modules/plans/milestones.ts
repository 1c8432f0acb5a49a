/**
 * The status of a plan milestone, computed from live data (docs/decisions/012-plans.md):
 * - achieved: every target reached (by the milestone date, once it has passed);
 * - missed: the date has passed and some target was not reached by it;
 * - on track: before the date, every indicator is at least 90 % of where a straight line from
 *   zero at the plan's start to the target at the milestone date says it should be today;
 * - at risk: before the date, some indicator is below that.
 * A milestone without targets is "on track" until its date and "achieved" after it.
 * The counts are of facts from the plan's start to `countingEnd` (never after the plan's end).
 */
export const MILESTONE_STATUSES = ["achieved", "on_track", "at_risk", "missed"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const ON_TRACK_TOLERANCE = 0.9;

/**
 * The last day whose facts a plan's figures count: today, but never after the plan's end (facts
 * after the plan period are not the plan's), and for a milestone never after its date.
 */
export function countingEnd(input: { today: string; planEnd: string | null; milestoneDate?: string }): string {
  return [input.today, input.planEnd, input.milestoneDate]
    .filter((d): d is string => !!d)
    .reduce((a, b) => (b < a ? b : a));
}

const days = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

export function milestoneStatus(input: {
  today: string;
  planStart: string;
  date: string;
  targets: Record<string, number>;
  /** Counts from the plan start to countingEnd (min of today, plan end, milestone date). */
  actual: Record<string, number>;
}): MilestoneStatus {
  const entries = Object.entries(input.targets).filter(([, t]) => t > 0);
  const reached = entries.every(([k, t]) => (input.actual[k] ?? 0) >= t);
  if (input.today >= input.date) return reached ? "achieved" : "missed";
  if (reached && entries.length > 0) return "achieved";
  const total = days(input.planStart, input.date);
  const share = total <= 0 ? 1 : Math.min(1, Math.max(0, days(input.planStart, input.today) / total));
  const behind = entries.some(([k, t]) => (input.actual[k] ?? 0) < ON_TRACK_TOLERANCE * t * share);
  return behind ? "at_risk" : "on_track";
}
