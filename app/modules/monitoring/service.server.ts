import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import {
  institutions,
  municipalities,
  planVersions,
  plans,
  userMonitoringAreas,
  type Country,
  type IndicatorCode,
  type InstitutionKind,
  type MunicipalityKind,
} from "#db/schema";
import { COUNTRY_TIME_ZONE } from "#db/schema/enums";
import type { PlanState } from "#machines/plan";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { roleHasPermission } from "#app/utils/permissions";
import { areaGrantedSql, scopeFilter } from "#app/utils/scope.server";
import { auditByActor, denyAccess } from "#app/modules/audit/service.server";
import { grantDetails, type GrantDetail } from "#app/modules/grants/service.server";
import {
  getPeriodReport,
  grantProgress,
  percentOfTarget,
  periodTotals,
  type ReportTotals,
} from "#app/modules/grants/reports.server";
import { flowCounts, summariseIndicators } from "#app/modules/indicators/engine.server";
import type { Breakdown } from "#app/modules/indicators/definitions";
import type { ShownCell } from "#app/modules/indicators/disclosure";
import { planDashboard } from "#app/modules/plans/dashboard.server";
import { countingEnd, MILESTONE_STATUSES, type MilestoneStatus } from "#app/modules/plans/milestones";
import { milestoneStatuses } from "#app/modules/plans/service.server";
import { ALL_REGIONS, regionKey } from "./regions";
import type { PlanContent } from "#app/modules/plans/schemas";

/**
 * The monitoring view (issue #18, decision 033): what a regional or national coordinator follows
 * across the plan areas granted to them — each local DI plan's state and milestones, each grant's
 * indicators in the current period and cumulatively against its targets — by plan area and
 * institution, never by person. Everything is computed from the live data by the same functions
 * the plan and grant pages use (milestoneStatuses, getPeriodReport, grantProgress, the indicator
 * engine), so the figures agree with those pages and get faster with them.
 *
 * What may leave this module is written out field by field (no spreading of the reports' objects):
 * totals, targets, statuses, and breakdowns only as getPeriodReport protects them for the reader
 * (decision 022). No names, codes, dates of persons, drill-down lists, late-correction code lists.
 */

function requireMonitoring(ctx: ServiceContext) {
  if (!roleHasPermission(ctx.actor.role, "read:monitoring")) throw new AppError("forbidden", "errors.forbidden.body");
}

export interface AreaRow {
  id: number;
  name: string;
  country: Country;
  kind: MunicipalityKind;
  region: string | null;
}

/**
 * The plan areas the actor monitors, as they are now: administrators every one; a monitoring user
 * those granted and every area of a granted country.
 */
export function monitoredAreas(ctx: ServiceContext): AreaRow[] {
  requireMonitoring(ctx);
  return ctx.db
    .select({
      id: municipalities.id,
      name: municipalities.name,
      country: municipalities.country,
      kind: municipalities.kind,
      region: municipalities.region,
    })
    .from(municipalities)
    .where(ctx.scope.all ? undefined : areaGrantedSql(ctx.actor.id, municipalities.id, municipalities.country))
    .orderBy(asc(municipalities.country), asc(municipalities.name), asc(municipalities.id))
    .all();
}

/** What the administrator granted: the countries and the single plan areas (for the page's heading). */
export function grantedAreas(ctx: ServiceContext): { all: boolean; countries: Country[]; municipalities: string[] } {
  requireMonitoring(ctx);
  if (ctx.scope.all) return { all: true, countries: [], municipalities: [] };
  const rows = ctx.db
    .select({ country: userMonitoringAreas.country, name: municipalities.name })
    .from(userMonitoringAreas)
    .leftJoin(municipalities, eq(municipalities.id, userMonitoringAreas.municipalityId))
    .where(eq(userMonitoringAreas.userId, ctx.actor.id))
    .orderBy(asc(userMonitoringAreas.country), asc(municipalities.name))
    .all();
  return {
    all: false,
    countries: rows.flatMap((r) => (r.country ? [r.country] : [])),
    municipalities: rows.flatMap((r) => (r.name ? [r.name] : [])),
  };
}

export interface InstitutionRow {
  id: number;
  name: string;
  kind: InstitutionKind;
  municipalityId: number;
  places: number | null;
}

function areaInstitutions(ctx: ServiceContext, municipalityIds: number[]): InstitutionRow[] {
  if (municipalityIds.length === 0) return [];
  return ctx.db
    .select({
      id: institutions.id,
      name: institutions.name,
      kind: institutions.kind,
      municipalityId: institutions.municipalityId,
      places: institutions.places,
    })
    .from(institutions)
    .where(and(inArray(institutions.municipalityId, municipalityIds), scopeFilter(ctx.scope, institutions.id)))
    .orderBy(asc(institutions.name), asc(institutions.id))
    .all();
}

export interface MilestoneRow {
  date: string;
  title: string;
  status: MilestoneStatus | null;
  targets: { code: IndicatorCode; target: number; actual: number }[];
}

export interface PlanRow {
  id: number;
  municipalityId: number;
  title: string;
  state: PlanState;
  version: number;
  adoptedOn: string | null;
  resolutionNumber: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  /** How many milestones are in each status (achieved, on track, at risk, missed = late). */
  milestoneCounts: Record<MilestoneStatus, number>;
  milestones: MilestoneRow[];
}

/** Each plan of the areas, its latest version's state and its milestones computed from live data. */
function areaPlans(ctx: ServiceContext, areas: AreaRow[]): PlanRow[] {
  if (areas.length === 0) return [];
  const country = new Map(areas.map((a) => [a.id, a.country]));
  const rows = ctx.db
    .select({
      id: plans.id,
      municipalityId: plans.municipalityId,
      title: plans.title,
      number: planVersions.number,
      state: planVersions.state,
      content: planVersions.content,
      adoptedOn: planVersions.adoptedOn,
      resolutionNumber: planVersions.resolutionNumber,
    })
    .from(plans)
    .innerJoin(planVersions, eq(planVersions.planId, plans.id))
    .where(
      and(
        inArray(
          plans.municipalityId,
          areas.map((a) => a.id),
        ),
        sql`${planVersions.number} = (select max(v.number) from ${planVersions} v where v.plan_id = ${plans.id})`,
      ),
    )
    .orderBy(asc(plans.title), asc(plans.id))
    .all();
  return rows.map((r) => {
    const content = r.content as PlanContent;
    const milestones = milestoneStatuses(ctx, r.municipalityId, country.get(r.municipalityId)!, content).map(
      (m): MilestoneRow => ({
        date: m.date,
        title: m.title,
        status: m.status,
        targets: Object.entries(m.targets as Record<string, number | undefined>)
          .filter((e): e is [string, number] => typeof e[1] === "number")
          .map(([code, target]) => ({
            code: code as IndicatorCode,
            target,
            actual: (m.actual as Record<string, number | undefined>)[code] ?? 0,
          })),
      }),
    );
    const milestoneCounts = Object.fromEntries(
      MILESTONE_STATUSES.map((s) => [s, milestones.filter((m) => m.status === s).length]),
    ) as Record<MilestoneStatus, number>;
    return {
      id: r.id,
      municipalityId: r.municipalityId,
      title: r.title,
      state: r.state,
      version: r.number,
      adoptedOn: r.adoptedOn,
      resolutionNumber: r.resolutionNumber,
      periodFrom: content.periodFrom,
      periodTo: content.periodTo,
      milestoneCounts,
      milestones,
    };
  });
}

export interface IndicatorRow {
  code: IndicatorCode;
  unit: "persons" | "places";
  inPeriod: number;
  cumulative: number;
  baseline: number | null;
  target: number | null;
  percentOfTarget: number | null;
}

export interface BreakdownRow {
  code: IndicatorCode;
  breakdowns: Partial<Record<Breakdown, Record<string, ShownCell>>>;
}

export interface GrantRow {
  id: number;
  contractNumber: string;
  title: string;
  programme: string;
  ageScheme: GrantDetail["grant"]["ageScheme"];
  startsOn: string;
  endsOn: string;
  municipalityIds: number[];
  institutions: { id: number; name: string }[];
  /** The period containing today (else the last that has begun); null before the grant's first period. */
  period: { seq: number; startsOn: string; endsOn: string; submitted: boolean } | null;
  indicators: IndicatorRow[];
}

/** The period a monitor looks at: the one containing today, else the last one that has begun. */
function currentPeriod(g: GrantDetail, today: string) {
  const begun = g.periods.filter((p) => p.startsOn <= today);
  return begun.find((p) => p.endsOn >= today) ?? begun.at(-1) ?? null;
}

/** A grant's row: its current period's figures of the indicators with a target. */
function grantRow(
  g: GrantDetail,
  p: GrantDetail["periods"][number] | null,
  instMunicipality: Map<number, number>,
  rows: readonly ReportTotals[],
): GrantRow {
  return {
    id: g.grant.id,
    contractNumber: g.grant.contractNumber,
    title: g.grant.title,
    programme: g.grant.programme,
    ageScheme: g.grant.ageScheme,
    startsOn: g.grant.startsOn,
    endsOn: g.grant.endsOn,
    municipalityIds: [
      ...new Set(g.institutions.flatMap((i) => (instMunicipality.has(i.id) ? [instMunicipality.get(i.id)!] : []))),
    ],
    institutions: g.institutions.map((i) => ({ id: i.id, name: i.name })),
    period: p ? { seq: p.seq, startsOn: p.startsOn, endsOn: p.endsOn, submitted: p.reportState === "submitted" } : null,
    indicators: rows
      .filter((r) => r.target !== null)
      .map((r) => ({
        code: r.code,
        unit: r.unit,
        inPeriod: r.inPeriod,
        cumulative: r.cumulative,
        baseline: r.baseline,
        target: r.target,
        percentOfTarget: r.percentOfTarget,
      })),
  };
}

/** The grants the actor may see that fund an institution of the monitored areas, each with its current period. */
function fundingGrants(ctx: ServiceContext, instMunicipality: Map<number, number>) {
  return grantDetails(ctx, null)
    .filter((g) => g.institutions.some((i) => instMunicipality.has(i.id)))
    .map((g) => ({ g, period: currentPeriod(g, localDate(ctx.now, g.timeZone)) }));
}

/** The overview's grants: the current period's totals of every grant, read together (`periodTotals`). */
function overviewGrants(
  ctx: ServiceContext,
  funding: ReturnType<typeof fundingGrants>,
  instMunicipality: Map<number, number>,
): GrantRow[] {
  const begun = funding.flatMap(({ g, period }) => (period ? [{ g, period }] : []));
  const totals = new Map(periodTotals(ctx, begun).map((rows, i) => [begun[i]!.g.grant.id, rows]));
  return funding.map(({ g, period }) => grantRow(g, period, instMunicipality, totals.get(g.grant.id) ?? []));
}

/** The grants of an area (or of the export) with their reports as this reader may see them (breakdowns protected). */
function areaGrants(ctx: ServiceContext, insts: InstitutionRow[]) {
  const instMunicipality = new Map(insts.map((i) => [i.id, i.municipalityId]));
  return fundingGrants(ctx, instMunicipality).map(({ g, period }) => {
    const view = period ? getPeriodReport(ctx, g.grant.id, period.id) : null;
    const breakdowns: BreakdownRow[] = (view?.rows ?? []).map((r) => ({
      code: r.code,
      breakdowns: Object.fromEntries(
        Object.entries(r.breakdowns).map(([b, cells]) => [
          b,
          Object.fromEntries(
            Object.entries(cells ?? {}).map(([k, c]) => [k, { inPeriod: c.inPeriod, cumulative: c.cumulative }]),
          ),
        ]),
      ),
    }));
    return {
      row: grantRow(g, period, instMunicipality, view?.rows ?? []),
      breakdowns,
      disclosure: view?.disclosure ?? null,
    };
  });
}

/**
 * Above either number the overview of more than one region opens with its regions, each a link to
 * the same page narrowed to it, or to every region at once (decision 058).
 */
export const LISTED_AT_ONCE = { areas: 50, grants: 20 } as const;

export interface RegionRow {
  key: string;
  country: Country;
  name: string | null;
  areas: number;
  plans: number;
  milestoneCounts: Record<MilestoneStatus, number>;
  institutions: number;
  grants: number;
}

function regionRows(
  areas: AreaRow[],
  insts: InstitutionRow[],
  planRows: PlanRow[],
  funding: ReturnType<typeof fundingGrants>,
): RegionRow[] {
  const keyOf = new Map(areas.map((a) => [a.id, regionKey(a)]));
  const rows = new Map<string, RegionRow>();
  for (const a of areas) {
    const key = keyOf.get(a.id)!;
    const row = rows.get(key) ?? {
      key,
      country: a.country,
      name: a.region,
      areas: 0,
      plans: 0,
      milestoneCounts: Object.fromEntries(MILESTONE_STATUSES.map((m) => [m, 0])) as Record<MilestoneStatus, number>,
      institutions: 0,
      grants: 0,
    };
    row.areas++;
    rows.set(key, row);
  }
  for (const p of planRows) {
    const row = rows.get(keyOf.get(p.municipalityId)!)!;
    row.plans++;
    for (const m of MILESTONE_STATUSES) row.milestoneCounts[m] += p.milestoneCounts[m];
  }
  const instRegion = new Map(insts.map((i) => [i.id, keyOf.get(i.municipalityId)!]));
  for (const i of insts) rows.get(instRegion.get(i.id)!)!.institutions++;
  for (const { g } of funding)
    for (const key of new Set(g.institutions.flatMap((i) => (instRegion.has(i.id) ? [instRegion.get(i.id)!] : []))))
      rows.get(key)!.grants++;
  // By country, then by name in the country's own alphabet; an area without a region last.
  return [...rows.values()].sort(
    (a, b) =>
      a.country.localeCompare(b.country) ||
      (a.name === null ? 1 : 0) - (b.name === null ? 1 : 0) ||
      (a.name ?? "").localeCompare(b.name ?? "", a.country === "BG" ? "bg" : "pl"),
  );
}

/**
 * The overview: every plan area with its plans and institutions, and every grant's figures. When
 * the areas span several regions, also the regions' totals (`regions`); then, if the areas or the
 * grants are more than `LISTED_AT_ONCE`, the areas and the grants are listed (`listed`) only for
 * the region asked for, or for every region with `ALL_REGIONS`. A region that is not among the
 * actor's is the same audited 404 as an area outside the grant.
 */
export function monitoringOverview(ctx: ServiceContext, region: string | null = null) {
  const all = monitoredAreas(ctx);
  const allInsts = areaInstitutions(
    ctx,
    all.map((a) => a.id),
  );
  const allPlans = areaPlans(ctx, all);
  const funding = fundingGrants(ctx, new Map(allInsts.map((i) => [i.id, i.municipalityId])));
  const regions = new Set(all.map(regionKey)).size > 1 ? regionRows(all, allInsts, allPlans, funding) : null;
  if (region !== null && region !== ALL_REGIONS && !all.some((a) => regionKey(a) === region))
    denyAccess(ctx, "region", region.slice(0, 200));
  const many = all.length > LISTED_AT_ONCE.areas || funding.length > LISTED_AT_ONCE.grants;
  const listed = region !== null || regions === null || !many;
  const areas = !listed
    ? []
    : region === null || region === ALL_REGIONS
      ? all
      : all.filter((a) => regionKey(a) === region);
  const shown = new Set(areas.map((a) => a.id));
  const insts = allInsts.filter((i) => shown.has(i.municipalityId));
  const instMunicipality = new Map(insts.map((i) => [i.id, i.municipalityId]));
  const grants = overviewGrants(
    ctx,
    funding.filter(({ g }) => g.institutions.some((i) => instMunicipality.has(i.id))),
    instMunicipality,
  );
  const planRows = allPlans.filter((p) => shown.has(p.municipalityId));
  return {
    granted: grantedAreas(ctx),
    regions,
    region: listed ? region : null,
    listed,
    totals: { areas: all.length, grants: funding.length },
    areas: areas.map((a) => ({
      ...a,
      institutions: insts.filter((i) => i.municipalityId === a.id).length,
      plans: planRows.filter((p) => p.municipalityId === a.id).map(({ milestones: _m, ...p }) => p),
      grants: grants.filter((g) => g.municipalityIds.includes(a.id)).length,
    })),
    // The page names no institution of a grant: their count is on each area's row.
    grants: grants.map(({ institutions: _i, ...g }) => g),
    today: localDate(ctx.now, COUNTRY_TIME_ZONE[all[0]?.country ?? "PL"]),
  };
}

/** A monitored plan area, or the same audited 404 as one that does not exist. */
function findArea(ctx: ServiceContext, municipalityId: number): AreaRow {
  const area = monitoredAreas(ctx).find((a) => a.id === municipalityId);
  if (!area) denyAccess(ctx, "municipality", municipalityId);
  return area;
}

/** One plan area: its plans with milestones and burn-up charts, its institutions, its grants with breakdowns. */
export function monitoringArea(ctx: ServiceContext, municipalityId: number) {
  const area = findArea(ctx, municipalityId);
  const insts = areaInstitutions(ctx, [area.id]);
  const planRows = areaPlans(ctx, [area]);
  // The burn-up charts of the plan dashboard, an area without an institution too (its targets against 0).
  const charts = new Map(
    planRows.map((p) => [
      p.id,
      planDashboard(ctx, p.id).charts.map((c) => ({
        code: c.code,
        finalTarget: c.finalTarget,
        actual: c.actual,
        series: c.series.map((s) => ({
          date: s.date,
          target: s.target,
          actual: s.actual,
          forecast: s.forecast,
        })),
      })),
    ]),
  );
  const grants = areaGrants(ctx, insts).map((g) => ({
    ...g.row,
    breakdowns: g.breakdowns,
    disclosure: g.disclosure ? { hidden: g.disclosure.hidden, threshold: g.disclosure.threshold } : null,
    progress: grantProgress(ctx, g.row.id).indicators.map((i) => ({
      code: i.code,
      unit: i.unit,
      target: i.target,
      points: i.points.map((pt) => ({ seq: pt.seq, endsOn: pt.endsOn, live: pt.live, submitted: pt.submitted })),
    })),
  }));
  return {
    area,
    institutions: insts,
    plans: planRows.map((p) => ({ ...p, charts: charts.get(p.id) ?? [] })),
    grants,
  };
}

/**
 * One institution of a monitored area: what it contributes to each grant that funds it (the
 * current period, in period and cumulative; totals only, no breakdowns: those are the grant's,
 * protected there) and to its area's plan (the plan's indicators counted from the plan's start).
 */
export function monitoringInstitution(ctx: ServiceContext, institutionId: number) {
  requireMonitoring(ctx);
  const row = ctx.db
    .select({
      id: institutions.id,
      name: institutions.name,
      kind: institutions.kind,
      places: institutions.places,
      municipalityId: institutions.municipalityId,
      timeZone: institutions.timeZone,
    })
    .from(institutions)
    .where(and(eq(institutions.id, institutionId), scopeFilter(ctx.scope, institutions.id)))
    .get();
  const area = row ? monitoredAreas(ctx).find((a) => a.id === row.municipalityId) : undefined;
  if (!row || !area) denyAccess(ctx, "institution", institutionId);
  const today = localDate(ctx.now, row.timeZone);
  const grants = grantDetails(ctx, null)
    .filter((g) => g.institutions.some((i) => i.id === row.id))
    .map((g) => {
      const p = currentPeriod(g, today);
      const own = p
        ? summariseIndicators(ctx.db, {
            institutionIds: [row.id],
            grantStart: g.grant.startsOn,
            periodStart: p.startsOn,
            periodEnd: p.endsOn,
            ageScheme: g.grant.ageScheme,
          })
        : [];
      return {
        id: g.grant.id,
        contractNumber: g.grant.contractNumber,
        title: g.grant.title,
        period: p ? { seq: p.seq, startsOn: p.startsOn, endsOn: p.endsOn } : null,
        indicators: g.targets.map((t) => {
          const v = own.find((s) => s.code === t.indicatorCode);
          return {
            code: t.indicatorCode,
            unit: t.unit,
            inPeriod: v?.inPeriod ?? 0,
            cumulative: v?.cumulative ?? 0,
            target: t.target,
            percentOfTarget: percentOfTarget(v?.cumulative ?? 0, t.target),
          };
        }),
      };
    });
  const planRows = ctx.db
    .select({ id: plans.id, title: plans.title, content: planVersions.content })
    .from(plans)
    .innerJoin(planVersions, eq(planVersions.planId, plans.id))
    .where(eq(plans.municipalityId, area.id))
    .orderBy(asc(plans.id), desc(planVersions.number))
    .all()
    .filter((r, i, all) => all.findIndex((x) => x.id === r.id) === i);
  const planContributions = planRows.flatMap((p) => {
    const c = p.content as PlanContent;
    if (!c.periodFrom) return [];
    const until = countingEnd({ today: localDate(ctx.now, COUNTRY_TIME_ZONE[area.country]), planEnd: c.periodTo });
    const counts = flowCounts(ctx.db, [row.id], c.periodFrom, until);
    const codes = [...new Set(c.milestones.flatMap((m) => Object.keys(m.targets)))] as (keyof typeof counts)[];
    return [
      {
        id: p.id,
        title: p.title,
        periodFrom: c.periodFrom,
        until,
        counts: codes.map((code) => ({ code: code as IndicatorCode, value: counts[code] ?? 0 })),
      },
    ];
  });
  return {
    institution: { id: row.id, name: row.name, kind: row.kind, places: row.places },
    area,
    grants,
    plans: planContributions,
  };
}

/** Everything the XLSX export holds (the overview, every plan's milestones, every grant's breakdowns); audited. */
export function monitoringForExport(ctx: ServiceContext) {
  const areas = monitoredAreas(ctx);
  const insts = areaInstitutions(
    ctx,
    areas.map((a) => a.id),
  );
  const grants = areaGrants(ctx, insts);
  auditByActor(ctx.db, ctx, {
    action: "monitoring_overview.exported",
    entityType: "monitoring_overview",
    entityId: ctx.actor.id,
    after: { municipalityIds: areas.map((a) => a.id), grantIds: grants.map((g) => g.row.id) },
  });
  return {
    granted: grantedAreas(ctx),
    areas,
    institutions: insts,
    plans: areaPlans(ctx, areas),
    grants: grants.map((g) => ({
      ...g.row,
      breakdowns: g.breakdowns,
      disclosure: g.disclosure ? { hidden: g.disclosure.hidden, threshold: g.disclosure.threshold } : null,
    })),
    computedAt: ctx.now.toISOString(),
  };
}
