import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { categoryInterval, labelWidth, monthTicks, niceTicks, ticksThatFit } from "#app/modules/charts/axis";

describe("niceTicks", () => {
  it("gives even integer steps of 1, 2 or 5 × 10ⁿ from zero (issue #20: 0, 4, 8, 14 was seen)", () => {
    expect(niceTicks(14)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(12)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(101)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(2_341_850)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(-3)).toEqual([0, 1]);
    expect(niceTicks(0.4)).toEqual([0, 1]);
  });

  it("for any maximum: integers, equally spaced, covering it, within the tick budget, and the smallest such step", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 3, max: 10 }), (max, budget) => {
        const ticks = niceTicks(max, budget);
        const step = ticks[1]! - ticks[0]!;
        expect(ticks[0]).toBe(0);
        expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
        expect(ticks.every((t, i) => t === i * step)).toBe(true);
        expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
        expect(ticks.at(-1)! - step).toBeLessThan(max);
        expect(ticks.length).toBeLessThanOrEqual(budget);
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 5]).toContain(Math.round(mantissa));
      }),
    );
  });
});

describe("monthTicks", () => {
  it("puts ticks on first days of months, evenly, over the whole period", () => {
    expect(monthTicks("2026-01-01", "2026-06-30", 7)).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2026-03-01",
      "2026-04-01",
      "2026-05-01",
      "2026-06-01",
    ]);
    // A five-year plan: yearly ticks on 1 January.
    expect(monthTicks("2025-01-01", "2030-12-31", 7)).toEqual([
      "2025-01-01",
      "2026-01-01",
      "2027-01-01",
      "2028-01-01",
      "2029-01-01",
      "2030-01-01",
    ]);
    // Quarters; a period starting mid-month gets its first tick at the next quarter.
    expect(monthTicks("2026-02-15", "2027-08-31", 7)).toEqual([
      "2026-04-01",
      "2026-07-01",
      "2026-10-01",
      "2027-01-01",
      "2027-04-01",
      "2027-07-01",
    ]);
  });

  it("never exceeds the budget and keeps one step between ticks", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 3000 }),
        (from, days) => {
          const a = from.toISOString().slice(0, 10);
          const b = new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
          const ticks = monthTicks(a, b, 7);
          expect(ticks.length).toBeLessThanOrEqual(7);
          expect(ticks.length).toBeGreaterThan(0);
          const months = ticks.map((t) => Number(t.slice(0, 4)) * 12 + Number(t.slice(5, 7)));
          const steps = new Set(months.slice(1).map((m, i) => m - months[i]!));
          expect(steps.size).toBeLessThanOrEqual(1);
          if (ticks.length > 1) {
            expect(ticks.every((t) => t.endsWith("-01") && t >= a && t <= b)).toBe(true);
          }
        },
      ),
    );
  });
});

describe("labels that fit the width a chart is drawn at (390 px screens)", () => {
  it("as many month labels as fit, 2 to the maximum: 7 at the full 640 px, fewer on a phone", () => {
    const month = labelWidth("03.2026");
    expect(ticksThatFit(575, month, 7)).toBe(7);
    expect(ticksThatFit(270, month, 7)).toBe(4);
    expect(ticksThatFit(40, month, 7)).toBe(2);
    // Whatever the sizes: never fewer than 2 nor more than asked, and they fit when more than 2.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 2, max: 12 }),
        (axis, label, max) => {
          const n = ticksThatFit(axis, label, max);
          expect(n).toBeGreaterThanOrEqual(2);
          expect(n).toBeLessThanOrEqual(max);
          if (n > 2) expect(n * label + (n - 1) * 16).toBeLessThanOrEqual(axis);
        },
      ),
    );
  });

  it("a period axis shows every label when they fit and every k-th when not, so that the shown ones fit", () => {
    expect(categoryInterval(16, 500, labelWidth("P16"))).toBe(0);
    expect(categoryInterval(16, 266, labelWidth("P16"))).toBe(1);
    expect(categoryInterval(1, 10, 100)).toBe(0);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 20, max: 2000 }),
        fc.integer({ min: 1, max: 120 }),
        (count, axis, label) => {
          const interval = categoryInterval(count, axis, label);
          const shown = Math.ceil(count / (interval + 1));
          // The shown labels fit, or only one is shown; and a smaller interval would not fit.
          if (shown > 1) expect(shown * label + (shown - 1) * 12).toBeLessThanOrEqual(axis);
          if (interval > 0) {
            const more = Math.ceil(count / interval);
            expect(more * label + (more - 1) * 12).toBeGreaterThan(axis);
          }
        },
      ),
    );
  });
});
