import type { Country } from "#db/schema/enums";
import type { CURRENCIES } from "./constants";

/**
 * The plan's costs and funding (issue #20 item 4, decision 040). Each action carries cost lines
 * (year, amount, funding source) in the plan's currency; the plan's budget is their sum by year
 * and by source. An action written before cost lines existed has one line: its budget, in the
 * year it starts, from its funding source. Amounts are summed in whole cents, so the totals
 * equal what a spreadsheet gives for the same lines.
 */
export type PlanCurrency = (typeof CURRENCIES)[number];

export interface CostLine {
  id: string;
  year: number;
  amount: number;
  source: string;
}

interface ActionWithCosts {
  id: string;
  title: string;
  start: string;
  budget: number;
  currency: PlanCurrency;
  fundingSource: string;
  costs?: CostLine[];
}

/** The currency a country's plans are written in when the plan names none. */
export const COUNTRY_PLAN_CURRENCY: Record<Country, PlanCurrency> = { PL: "PLN", BG: "BGN" };

/** The plan's currency: its own, else that of its first action, else the country's. */
export function planCurrency(
  content: { currency?: PlanCurrency; actions: { currency: PlanCurrency }[] },
  country: Country,
) {
  return content.currency ?? content.actions[0]?.currency ?? COUNTRY_PLAN_CURRENCY[country];
}

/** An action's cost lines: its own, or the one line its budget makes. */
export function costLinesOf(a: ActionWithCosts): CostLine[] {
  if (a.costs && a.costs.length > 0) return a.costs;
  if (a.budget <= 0) return [];
  return [{ id: `${a.id}-budget`, year: Number(a.start.slice(0, 4)), amount: a.budget, source: a.fundingSource }];
}

const cents = (n: number) => Math.round(n * 100);
const fromCents = (c: number) => c / 100;

/** The sum of amounts, exact to the cent. */
export const sumAmounts = (amounts: readonly number[]) => fromCents(amounts.reduce((s, a) => s + cents(a), 0));

export interface BudgetTotals {
  /** Years with a cost, ascending. */
  years: number[];
  /** Funding sources with a cost, in the order first met; "" is "source not given". */
  sources: string[];
  byYear: Record<number, number>;
  bySource: Record<string, number>;
  /** cells[year][source] */
  cells: Record<number, Record<string, number>>;
  total: number;
  /** Cost lines in another currency than the plan's (written before the check): left out, listed. */
  otherCurrency: { actionId: string; title: string; currency: PlanCurrency }[];
}

/** The plan's budget by year and by funding source, in `currency`. */
export function budgetTotals(actions: readonly ActionWithCosts[], currency: PlanCurrency): BudgetTotals {
  const cellCents = new Map<number, Map<string, number>>();
  const sources: string[] = [];
  const otherCurrency: BudgetTotals["otherCurrency"] = [];
  for (const a of actions) {
    if (a.currency !== currency) {
      if (costLinesOf(a).length > 0) otherCurrency.push({ actionId: a.id, title: a.title, currency: a.currency });
      continue;
    }
    for (const l of costLinesOf(a)) {
      const source = l.source.trim();
      if (!sources.includes(source)) sources.push(source);
      const row = cellCents.get(l.year) ?? new Map<string, number>();
      row.set(source, (row.get(source) ?? 0) + cents(l.amount));
      cellCents.set(l.year, row);
    }
  }
  const years = [...cellCents.keys()].sort((a, b) => a - b);
  const cells: BudgetTotals["cells"] = {};
  const byYear: BudgetTotals["byYear"] = {};
  const bySourceCents = new Map<string, number>();
  let total = 0;
  for (const y of years) {
    const row = cellCents.get(y)!;
    cells[y] = {};
    let yearCents = 0;
    for (const [s, c] of row) {
      cells[y]![s] = fromCents(c);
      yearCents += c;
      bySourceCents.set(s, (bySourceCents.get(s) ?? 0) + c);
    }
    byYear[y] = fromCents(yearCents);
    total += yearCents;
  }
  const bySource = Object.fromEntries(sources.map((s) => [s, fromCents(bySourceCents.get(s) ?? 0)]));
  return { years, sources, byYear, bySource, cells, total: fromCents(total), otherCurrency };
}
