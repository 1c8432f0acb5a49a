import { COUNTRY_TIME_ZONE, type IndicatorCode } from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import { addDays, addMonths, localDate } from "#app/utils/dates";
import { flowCounts } from "#app/modules/indicators/engine.server";
import { institutionsOfMunicipality } from "#app/modules/institutions/service.server";
import { forecast, FORECAST_WINDOW_DAYS, targetAt } from "./forecast";
import { countingEnd } from "./milestones";
import { actionStatuses, findPlan, getPlanVersion, milestoneStatuses } from "./service.server";
import { lateActionItems } from "./working-group.server";

type Flow = Exclude<IndicatorCode, "IN_SERVICES">;

/**
 * The plan dashboard: for each indicator with a milestone target, a burn-up series (planned line,
 * actual cumulative month by month, forecast from the recent pace) and the date the final target
 * is reached at that pace; late actions; next milestones. Everything counts the facts up to the
 * plan's end at most; once the plan period is over there is no forecast.
 */
export function planDashboard(ctx: ServiceContext, planId: number, versionNumber?: number) {
  const { plan, country } = findPlan(ctx, planId);
  const { version } = getPlanVersion(ctx, planId, versionNumber);
  const content = version.content;
  const today = localDate(ctx.now, COUNTRY_TIME_ZONE[country]);
  const start = content.periodFrom;
  const end = content.periodTo;
  const milestones = milestoneStatuses(ctx, plan.municipalityId, country, content);
  const statuses = actionStatuses(ctx, planId, content);
  const lateActions = content.actions.filter(
    (a) => a.deadline < today && statuses[a.id] !== "done" && statuses[a.id] !== "cancelled",
  );
  const nextMilestones = milestones.filter((m) => m.date >= today).slice(0, 3);
  const lateItems = lateActionItems(ctx, planId);
  if (!start || !end)
    return { plan, version: version.number, today, ended: null, charts: [], lateActions, lateItems, nextMilestones };

  const ids = institutionsOfMunicipality(ctx.db, plan.municipalityId);
  const indicators = [...new Set(content.milestones.flatMap((m) => Object.keys(m.targets)))] as Flow[];
  // Facts after the plan's end are not the plan's: the chart and its figures stop there.
  const last = countingEnd({ today, planEnd: end });
  const over = today > end;
  const dates: string[] = [];
  for (let d = start; d <= end; d = addMonths(d, 1)) dates.push(d);
  dates.push(end, last);
  const days = [...new Set(dates)].sort();
  const counted = new Map(days.filter((d) => d <= last).map((d) => [d, flowCounts(ctx.db, ids, start, d)]));
  const now = flowCounts(ctx.db, ids, start, last);
  const windowAgo = addDays(last, -FORECAST_WINDOW_DAYS);
  const before = !over && windowAgo >= start ? flowCounts(ctx.db, ids, start, windowAgo) : null;

  const charts = indicators.map((code) => {
    const points = content.milestones
      .map((m) => ({ date: m.date, target: (m.targets as Record<string, number | undefined>)[code] }))
      .filter((p): p is { date: string; target: number } => p.target !== undefined);
    const finalTarget = Math.max(...points.map((p) => p.target));
    // After the plan's end there is nothing to forecast: the target was reached by then, or not.
    const f = over
      ? { pace: 0, reachOn: null, reached: now[code] >= finalTarget }
      : forecast({ today, actualToday: now[code], actualWindowAgo: before?.[code] ?? 0, target: finalTarget });
    // Late (the forecast reaches the target after the plan's end): the chart runs on to that day
    // (five years past the end at most), so the reader sees how late (decision 040).
    const lateTo =
      f.reachOn && f.reachOn > end ? (f.reachOn < addMonths(end, 60) ? f.reachOn : addMonths(end, 60)) : null;
    const past: string[] = [];
    if (lateTo) {
      for (let d = addMonths(`${end.slice(0, 7)}-01`, 1); d < lateTo; d = addMonths(d, 1)) past.push(d);
      past.push(lateTo);
    }
    const series = [...days, ...past].map((d) => ({
      date: d,
      target: d <= end ? targetAt(d, start, points) : null,
      actual: d <= last ? (counted.get(d)?.[code] ?? null) : null,
      forecast:
        !over && d >= today
          ? Math.round((now[code] + f.pace * ((Date.parse(d) - Date.parse(today)) / 86_400_000)) * 10) / 10
          : null,
    }));
    return { code, finalTarget, actual: now[code], reachOn: f.reachOn, reached: f.reached, series, periodEnd: end };
  });
  return {
    plan,
    version: version.number,
    today,
    ended: over ? end : null,
    charts,
    lateActions,
    lateItems,
    nextMilestones,
  };
}
