import { addDays, addMonths } from "#app/utils/dates";

export interface PeriodDates {
  startsOn: string;
  endsOn: string;
}

/**
 * Reporting periods as a contract sets them: from the first period's start, `months` long each,
 * the last one cut at the grant's end. When the first period starts after the grant does, the
 * days before it form a short opening period, so the periods cover the grant from its start.
 */
export function generatePeriods(grant: PeriodDates, firstPeriodStart: string, months: number): PeriodDates[] {
  const out: PeriodDates[] = [];
  if (firstPeriodStart > grant.startsOn) out.push({ startsOn: grant.startsOn, endsOn: addDays(firstPeriodStart, -1) });
  for (let i = 0, start = firstPeriodStart; start <= grant.endsOn; i++) {
    const next = addMonths(firstPeriodStart, (i + 1) * months);
    const end = addDays(next, -1);
    out.push({ startsOn: start, endsOn: end < grant.endsOn ? end : grant.endsOn });
    start = next;
  }
  return out;
}

export interface PeriodProblem {
  key: string;
  values: Record<string, string | number>;
}

/**
 * The rules of a grant's periods: the first starts on the grant's start, each ends on or after
 * it starts, the next starts the day after (no overlap, no gap), all inside the grant. So the
 * in-period values of the periods add up to the cumulative value.
 */
export function periodProblem(grant: PeriodDates, periods: readonly PeriodDates[]): PeriodProblem | null {
  if (periods.length === 0) return { key: "grants.errors.periodsMissing", values: {} };
  for (const [i, p] of periods.entries()) {
    const n = i + 1;
    if (p.endsOn < p.startsOn) return { key: "grants.errors.periodEndsBeforeStart", values: { n } };
    if (p.startsOn < grant.startsOn || p.endsOn > grant.endsOn)
      return { key: "grants.errors.periodOutsideGrant", values: { n, from: grant.startsOn, to: grant.endsOn } };
    if (i === 0 && p.startsOn !== grant.startsOn)
      return { key: "grants.errors.firstPeriodNotAtStart", values: { from: grant.startsOn } };
    const prev = periods[i - 1];
    if (prev && p.startsOn <= prev.endsOn) return { key: "grants.errors.periodsOverlap", values: { n, m: n - 1 } };
    if (prev && p.startsOn > addDays(prev.endsOn, 1))
      return {
        key: "grants.errors.periodsGap",
        values: { n, m: n - 1, from: addDays(prev.endsOn, 1), to: addDays(p.startsOn, -1) },
      };
  }
  return null;
}
