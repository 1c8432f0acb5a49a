/**
 * The forecast of a burn-up chart: the pace of the last `windowDays` days (people or places per
 * day) carried forward, and the date the target is reached at that pace (null when the pace is
 * zero, or the target is already reached — then it is the day it was reached, if known).
 */
export const FORECAST_WINDOW_DAYS = 90;

const DAY = 86_400_000;
const toTime = (d: string) => Date.parse(`${d}T00:00:00Z`);
const toDate = (t: number) => new Date(t).toISOString().slice(0, 10);

export function forecast(input: {
  today: string;
  actualToday: number;
  actualWindowAgo: number;
  target: number;
  windowDays?: number;
}) {
  const windowDays = input.windowDays ?? FORECAST_WINDOW_DAYS;
  const pace = Math.max(0, input.actualToday - input.actualWindowAgo) / windowDays;
  if (input.actualToday >= input.target) return { pace, reachOn: input.today, reached: true };
  if (pace === 0) return { pace, reachOn: null, reached: false };
  const daysNeeded = Math.ceil((input.target - input.actualToday) / pace);
  return { pace, reachOn: toDate(toTime(input.today) + daysNeeded * DAY), reached: false };
}

/** The planned line: 0 at the plan's start, then straight to each milestone's target in turn. */
export function targetAt(date: string, start: string, points: { date: string; target: number }[]): number {
  let prev = { date: start, target: 0 };
  for (const p of [...points].sort((a, b) => a.date.localeCompare(b.date))) {
    if (date <= p.date) {
      const span = toTime(p.date) - toTime(prev.date);
      const share = span <= 0 ? 1 : (toTime(date) - toTime(prev.date)) / span;
      return Math.round((prev.target + (p.target - prev.target) * Math.max(0, share)) * 10) / 10;
    }
    prev = p;
  }
  return prev.target;
}
