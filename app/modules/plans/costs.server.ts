import type { Country } from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import { AppError } from "#app/utils/errors";
import { costLinesOf, planCurrency, sumAmounts, type PlanCurrency } from "./costs";
import type { PlanContent } from "./schemas";
import { editPlan, findPlan, newItemId } from "./service.server";

/**
 * Cost lines of the plan's actions (decision 040): added and removed on the draft, each a
 * versioned edit of the document. The action's budget is kept equal to the sum of its lines.
 */

/** Refuses an amount in another currency than the plan's. */
export function requirePlanCurrency(content: PlanContent, country: Country, currency: PlanCurrency) {
  const expected = planCurrency(content, country);
  if (currency !== expected)
    throw new AppError("validation", "plans.costs.errors.otherCurrency", { currency: expected });
}

export function addCostLine(
  ctx: ServiceContext,
  planId: number,
  input: { version: number; actionId: string; year: number; amount: number; currency: PlanCurrency; source: string },
) {
  const { country } = findPlan(ctx, planId);
  editPlan(ctx, planId, input.version, "cost_added", (c) => {
    const action = c.actions.find((a) => a.id === input.actionId);
    if (!action) throw new AppError("validation", "plans.errors.unknownAction");
    requirePlanCurrency(c, country, input.currency);
    const from = Number((c.periodFrom ?? action.start).slice(0, 4));
    const to = Number((c.periodTo ?? action.deadline).slice(0, 4));
    if (input.year < from || input.year > to)
      throw new AppError("validation", "plans.costs.errors.yearOutsidePeriod", { from, to });
    // The first line keeps an older budget as a line of its own (its start year, its source).
    const costs = [
      ...costLinesOf(action).map((l) => (action.costs?.length ? l : { ...l, id: newItemId() })),
      { id: newItemId(), year: input.year, amount: input.amount, source: input.source },
    ];
    return {
      ...c,
      currency: c.currency ?? planCurrency(c, country),
      actions: c.actions.map((a) =>
        a.id === action.id ? { ...a, costs, budget: sumAmounts(costs.map((l) => l.amount)) } : a,
      ),
    };
  });
}

export function removeCostLine(
  ctx: ServiceContext,
  planId: number,
  input: { version: number; actionId: string; costId: string },
) {
  editPlan(ctx, planId, input.version, "cost_removed", (c) => {
    const action = c.actions.find((a) => a.id === input.actionId);
    if (!action?.costs?.some((l) => l.id === input.costId)) throw new AppError("not_found", "errors.notFound.body");
    const costs = action.costs.filter((l) => l.id !== input.costId);
    return {
      ...c,
      actions: c.actions.map((a) =>
        a.id === action.id ? { ...a, costs, budget: sumAmounts(costs.map((l) => l.amount)) } : a,
      ),
    };
  });
}
