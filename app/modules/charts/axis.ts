/**
 * Axis ticks that read (issue #20 item 5, decision 040): integer values at an even, "nice" step
 * (1, 2 or 5 × 10ⁿ) from zero to at least the largest value, and date ticks on the first day of a
 * month at an even number of months, so that no two labels collide. Pure: the charts on the page
 * and in the PDFs use the same ticks.
 */

const NICE = [1, 2, 5] as const;

/**
 * Ticks from 0 to the first tick ≥ `max` at an integer step of 1, 2 or 5 × 10ⁿ, with at most
 * `maxTicks` ticks (the smallest such step). `max` ≤ 0 gives [0, 1].
 */
export function niceTicks(max: number, maxTicks = 6): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const intervals = Math.max(1, maxTicks - 1);
  for (let exp = 0; ; exp++) {
    for (const m of NICE) {
      const step = m * 10 ** exp;
      const n = Math.ceil(max / step);
      if (n <= intervals) return Array.from({ length: n + 1 }, (_, i) => i * step);
    }
  }
}

const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 36, 60, 120] as const;

const toMonthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
const fromMonthIndex = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`;

/**
 * Date ticks between `from` and `to` (YYYY-MM-DD, inclusive): first days of months, every k months
 * for the smallest k of 1, 2, 3, 6, 12 … that gives at most `maxTicks`; steps of 3 months and more
 * fall on quarters (January, April, July, October) and steps of 12 on January.
 */
export function monthTicks(from: string, to: string, maxTicks = 7): string[] {
  if (to < from) return [from];
  const first = toMonthIndex(from) + (from.slice(8) === "01" ? 0 : 1);
  const last = toMonthIndex(to);
  for (const step of MONTH_STEPS) {
    const align = step >= 12 ? 12 : step >= 3 ? 3 : 1;
    const start = Math.ceil(first / align) * align;
    const ticks: string[] = [];
    for (let i = start; i <= last; i += step) ticks.push(fromMonthIndex(i));
    if (ticks.length <= maxTicks) return ticks.length > 0 ? ticks : [from];
  }
  return [from, to];
}

/** A rough width in pixels of a label at `fontSize` (average glyph ≈ 0.6 em): enough to reserve room. */
export const labelWidth = (label: string, fontSize = 11) => Math.ceil(label.length * fontSize * 0.6);

/**
 * How many labels of about `labelPx` fit side by side on an axis `axisPx` long with a gap between
 * them: at least 2 (the two ends), at most `max`.
 */
export function ticksThatFit(axisPx: number, labelPx: number, max: number, gapPx = 16): number {
  return Math.max(2, Math.min(max, Math.floor((axisPx + gapPx) / (labelPx + gapPx))));
}

/**
 * The `interval` of a category axis (recharts: labels skipped between two shown) so that `count`
 * labels of at most `labelPx` do not collide on an axis `axisPx` long: 0 shows every label.
 */
export function categoryInterval(count: number, axisPx: number, labelPx: number, gapPx = 12): number {
  if (count <= 1) return 0;
  const fit = Math.max(1, Math.floor((axisPx + gapPx) / (labelPx + gapPx)));
  return Math.max(0, Math.ceil(count / fit) - 1);
}
