import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { costLinesOf } from "#app/modules/plans/costs";
import { budgetTotals, planCurrency, sumAmounts } from "#app/modules/plans/costs";

const action = (id: string, over: Partial<Parameters<typeof costLinesOf>[0]> = {}) => ({
  id,
  title: `Action ${id}`,
  start: "2026-03-01",
  budget: 0,
  currency: "PLN" as const,
  fundingSource: "",
  ...over,
});

describe("the plan's budget by year and by source", () => {
  it("adds the cost lines of every action up by year, by source and in all, to the cent", () => {
    const totals = budgetTotals(
      [
        action("a", {
          costs: [
            { id: "1", year: 2026, amount: 100_000.1, source: "EFS+" },
            { id: "2", year: 2027, amount: 50_000.2, source: "EFS+" },
            { id: "3", year: 2026, amount: 0.1, source: "budżet gminy" },
          ],
        }),
        action("b", { costs: [{ id: "4", year: 2027, amount: 0.2, source: " budżet gminy " }] }),
        // An older action without lines: its budget, in its start year, from its source.
        action("c", { budget: 2_341_850, fundingSource: "FERS", start: "2028-01-15" }),
        // Another currency (written before the check): left out and listed.
        action("d", { currency: "EUR", costs: [{ id: "5", year: 2026, amount: 10, source: "EFS+" }] }),
        action("e"),
      ],
      "PLN",
    );
    expect(totals.years).toEqual([2026, 2027, 2028]);
    expect(totals.sources).toEqual(["EFS+", "budżet gminy", "FERS"]);
    expect(totals.cells).toEqual({
      2026: { "EFS+": 100_000.1, "budżet gminy": 0.1 },
      2027: { "EFS+": 50_000.2, "budżet gminy": 0.2 },
      2028: { FERS: 2_341_850 },
    });
    expect(totals.byYear).toEqual({ 2026: 100_000.2, 2027: 50_000.4, 2028: 2_341_850 });
    expect(totals.bySource).toEqual({ "EFS+": 150_000.3, "budżet gminy": 0.3, FERS: 2_341_850 });
    expect(totals.total).toBe(2_491_850.6);
    expect(totals.otherCurrency).toEqual([{ actionId: "d", title: "Action d", currency: "EUR" }]);
  });

  it("by year and by source both add up to the total, for any lines (amounts in cents)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            year: fc.integer({ min: 2024, max: 2030 }),
            cents: fc.integer({ min: 0, max: 100_000_000_00 }),
            source: fc.constantFrom("EFS+", "FERS", "gmina", ""),
          }),
          { maxLength: 40 },
        ),
        (lines) => {
          const totals = budgetTotals(
            [
              action("a", {
                costs: lines.map((l, i) => ({ id: `${i}`, year: l.year, amount: l.cents / 100, source: l.source })),
              }),
            ],
            "PLN",
          );
          const all = lines.reduce((n, l) => n + l.cents, 0) / 100;
          expect(totals.total).toBe(all);
          expect(sumAmounts(Object.values(totals.byYear))).toBe(all);
          expect(sumAmounts(Object.values(totals.bySource))).toBe(all);
        },
      ),
    );
  });

  it("a plan's currency is its own, else its first action's, else the country's", () => {
    expect(planCurrency({ currency: "EUR", actions: [action("a")] }, "PL")).toBe("EUR");
    expect(planCurrency({ actions: [action("a")] }, "BG")).toBe("PLN");
    expect(planCurrency({ actions: [] }, "BG")).toBe("BGN");
    expect(planCurrency({ actions: [] }, "PL")).toBe("PLN");
  });
});
