import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { qualified } from "#app/utils/sql";
import type { DbOrTx, Tx } from "#db/client";
import {
  grantInstitutions,
  grants,
  grantTargets,
  institutions,
  municipalities,
  periodReports,
  reportingPeriods,
  type Country,
  type Grant,
  type TimeZone,
} from "#db/schema";
import type { ServiceContext } from "#app/utils/context.server";
import { AppError } from "#app/utils/errors";
import { institutionInScope } from "#app/utils/scope.server";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor, denyAccess } from "#app/modules/audit/service.server";
import { listAllInstitutionsForAdmin } from "#app/modules/institutions/service.server";
import { indicatorDefinition } from "#app/modules/indicators/definitions";
import { generatePeriods, periodProblem } from "./periods";
import type { GrantCreateInput, GrantUpdateInput, PeriodsInput, TargetInput } from "./schemas";

/**
 * A grant is visible to a user only when every institution it funds is in their scope: its
 * numbers are aggregates of those institutions' people, so a partial view would leak others'.
 */
function grantInScope(ctx: ServiceContext, grantId: SQL | number = sql`${grants.id}`): SQL {
  if (ctx.scope.all) return sql`1 = 1`;
  const ids = [...ctx.scope.institutionIds, -1];
  return sql`not exists (select 1 from ${grantInstitutions} gi where gi.grant_id = ${grantId} and gi.institution_id not in (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}))`;
}

export function listGrants(ctx: ServiceContext) {
  return ctx.db
    .select({
      id: grants.id,
      contractNumber: grants.contractNumber,
      title: grants.title,
      programme: grants.programme,
      currency: grants.currency,
      budgetMinor: grants.budgetMinor,
      startsOn: grants.startsOn,
      endsOn: grants.endsOn,
      periods: sql<number>`(select count(*) from ${reportingPeriods} where ${reportingPeriods.grantId} = ${qualified(grants.id)})`,
      submitted: sql<number>`(select count(*) from ${periodReports} where ${periodReports.grantId} = ${qualified(grants.id)} and ${periodReports.state} = 'submitted')`,
    })
    .from(grants)
    .where(grantInScope(ctx))
    .orderBy(asc(grants.startsOn), asc(grants.id))
    .all();
}

export interface GrantDetail {
  grant: Grant;
  country: Country;
  timeZone: TimeZone;
  municipalityName: string | null;
  institutions: { id: number; name: string }[];
  targets: TargetInput[];
  periods: {
    id: number;
    seq: number;
    startsOn: string;
    endsOn: string;
    reportId: number | null;
    reportState: "draft" | "submitted" | null;
  }[];
}

/** A grant with its institutions, targets and periods; out of scope: audited 404. */
export function getGrant(ctx: ServiceContext, id: number, db: DbOrTx = ctx.db): GrantDetail {
  const [g] = grantDetails(ctx, [id], db);
  if (!g) {
    const exists = ctx.db.select({ id: grants.id }).from(grants).where(eq(grants.id, id)).get();
    if (exists) denyAccess(ctx, "grant", id);
    throw new AppError("not_found", "errors.notFound.body");
  }
  return g;
}

/**
 * The grants in scope (those of `ids`, or every one) with their institutions, targets and
 * periods, in `listGrants` order: five reads whatever their number (the monitoring overview
 * reads every grant of a country).
 */
export function grantDetails(ctx: ServiceContext, ids: readonly number[] | null, db: DbOrTx = ctx.db): GrantDetail[] {
  const rows = db
    .select()
    .from(grants)
    .where(and(ids ? inArray(grants.id, [...ids]) : undefined, grantInScope(ctx)))
    .orderBy(asc(grants.startsOn), asc(grants.id))
    .all();
  if (rows.length === 0) return [];
  const grantIds = rows.map((g) => g.id);
  const byGrant = <T extends { grantId: number }>(list: T[]) => {
    const out = new Map<number, Omit<T, "grantId">[]>();
    for (const { grantId, ...rest } of list) {
      const l = out.get(grantId);
      if (l) l.push(rest);
      else out.set(grantId, [rest]);
    }
    return out;
  };
  const insts = byGrant(
    db
      .select({
        grantId: grantInstitutions.grantId,
        id: institutions.id,
        name: institutions.name,
        country: institutions.country,
        timeZone: institutions.timeZone,
      })
      .from(grantInstitutions)
      .innerJoin(institutions, eq(institutions.id, grantInstitutions.institutionId))
      .where(inArray(grantInstitutions.grantId, grantIds))
      .orderBy(asc(institutions.name), asc(institutions.id))
      .all(),
  );
  const municipalityIds = [...new Set(rows.flatMap((g) => (g.municipalityId ? [g.municipalityId] : [])))];
  const municipalityNames = new Map(
    municipalityIds.length === 0
      ? []
      : db
          .select({ id: municipalities.id, name: municipalities.name })
          .from(municipalities)
          .where(inArray(municipalities.id, municipalityIds))
          .all()
          .map((m) => [m.id, m.name]),
  );
  const targets = byGrant(
    db
      .select({
        grantId: grantTargets.grantId,
        indicatorCode: grantTargets.indicatorCode,
        unit: grantTargets.unit,
        baseline: grantTargets.baseline,
        target: grantTargets.target,
      })
      .from(grantTargets)
      .where(inArray(grantTargets.grantId, grantIds))
      .orderBy(asc(grantTargets.grantId), asc(grantTargets.indicatorCode))
      .all(),
  );
  const periods = byGrant(
    db
      .select({
        grantId: reportingPeriods.grantId,
        id: reportingPeriods.id,
        seq: reportingPeriods.seq,
        startsOn: reportingPeriods.startsOn,
        endsOn: reportingPeriods.endsOn,
        reportId: periodReports.id,
        reportState: periodReports.state,
      })
      .from(reportingPeriods)
      .leftJoin(periodReports, eq(periodReports.periodId, reportingPeriods.id))
      .where(inArray(reportingPeriods.grantId, grantIds))
      .orderBy(asc(reportingPeriods.grantId), asc(reportingPeriods.seq))
      .all(),
  );
  return rows.map((grant) => {
    const own = insts.get(grant.id) ?? [];
    return {
      grant,
      country: own[0]?.country ?? "PL",
      timeZone: own[0]?.timeZone ?? "Europe/Warsaw",
      municipalityName: grant.municipalityId ? (municipalityNames.get(grant.municipalityId) ?? null) : null,
      institutions: own.map(({ id, name }) => ({ id, name })),
      targets: (targets.get(grant.id) ?? []) as TargetInput[],
      periods: periods.get(grant.id) ?? [],
    };
  });
}

/** What the grant form offers: the institutions in scope and the plan areas. */
export function grantFormOptions(ctx: ServiceContext) {
  return {
    institutions: listAllInstitutionsForAdmin(ctx),
    municipalities: ctx.db
      .select({ id: municipalities.id, name: municipalities.name })
      .from(municipalities)
      .orderBy(asc(municipalities.name))
      .all(),
  };
}

/** The rules of a grant that need the database: scope, one country, targets in the right unit. */
function checkGrant(ctx: ServiceContext, tx: Tx, input: GrantCreateInput | GrantUpdateInput, id: number | null) {
  const insts = input.institutionIds.map((id) => institutionInScope(ctx, id, tx));
  if (new Set(insts.map((i) => i.country)).size > 1)
    throw new AppError("validation", "grants.errors.institutionsOneCountry");
  if (
    input.municipalityId != null &&
    !tx.select({ id: municipalities.id }).from(municipalities).where(eq(municipalities.id, input.municipalityId)).get()
  ) {
    throw new AppError("validation", "grants.errors.municipalityUnknown");
  }
  for (const t of input.targets) {
    const def = indicatorDefinition(t.indicatorCode);
    if (def.unit !== t.unit) {
      throw new AppError("validation", "grants.errors.targetWrongUnit", {
        indicator: `t:indicators.${t.indicatorCode}`,
        unit: `t:grants.units.${def.unit}`,
      });
    }
  }
  const dup = tx
    .select({ id: grants.id })
    .from(grants)
    .where(and(eq(grants.contractNumber, input.contractNumber), id ? sql`${grants.id} <> ${id}` : sql`1 = 1`))
    .get();
  if (dup) throw new AppError("validation", "grants.errors.contractNumberTaken", { number: input.contractNumber });
}

const contractOf = (input: Omit<Grant, "id" | "createdBy" | "createdAt" | "version">) => ({
  contractNumber: input.contractNumber,
  title: input.title,
  programme: input.programme,
  ageScheme: input.ageScheme,
  funder: input.funder,
  currency: input.currency,
  budgetMinor: input.budgetMinor,
  startsOn: input.startsOn,
  endsOn: input.endsOn,
  lastPaymentOn: input.lastPaymentOn,
  partners: input.partners,
  municipalityId: input.municipalityId,
});

function writeInstitutionsAndTargets(tx: Tx, grantId: number, input: GrantCreateInput | GrantUpdateInput) {
  tx.delete(grantInstitutions).where(eq(grantInstitutions.grantId, grantId)).run();
  tx.insert(grantInstitutions)
    .values(input.institutionIds.map((institutionId) => ({ grantId, institutionId })))
    .run();
  tx.delete(grantTargets).where(eq(grantTargets.grantId, grantId)).run();
  if (input.targets.length > 0)
    tx.insert(grantTargets)
      .values(input.targets.map((t) => ({ grantId, ...t })))
      .run();
}

export function createGrant(ctx: ServiceContext, input: GrantCreateInput): number {
  const grantDates = { startsOn: input.startsOn, endsOn: input.endsOn };
  if (input.firstPeriodStart < input.startsOn || input.firstPeriodStart > input.endsOn) {
    throw new AppError("validation", "grants.errors.firstPeriodOutsideGrant", {
      from: input.startsOn,
      to: input.endsOn,
    });
  }
  const periods = generatePeriods(grantDates, input.firstPeriodStart, input.periodMonths);
  return ctx.db.transaction(
    (tx) => {
      checkGrant(ctx, tx, input, null);
      const values = contractOf(input);
      const id = tx
        .insert(grants)
        .values({ ...values, createdBy: ctx.actor.id })
        .returning({ id: grants.id })
        .get().id;
      writeInstitutionsAndTargets(tx, id, input);
      tx.insert(reportingPeriods)
        .values(periods.map((p, i) => ({ grantId: id, seq: i + 1, ...p })))
        .run();
      auditByActor(tx, ctx, {
        action: "grant.created",
        entityType: "grant",
        entityId: id,
        after: { ...values, institutionIds: input.institutionIds, targets: input.targets, periods },
      });
      return id;
    },
    { behavior: "immediate" },
  );
}

export function updateGrant(ctx: ServiceContext, id: number, input: GrantUpdateInput): void {
  const before = getGrant(ctx, id); // out of scope: audited 404, outside the transaction
  ctx.db.transaction(
    (tx) => {
      const current = getGrant(ctx, id, tx);
      checkGrant(ctx, tx, input, id);
      const problem = periodProblem({ startsOn: input.startsOn, endsOn: input.endsOn }, current.periods);
      if (problem) throw new AppError("validation", "grants.errors.datesCutPeriods", { problem: `t:${problem.key}` });
      const values = contractOf(input);
      updateVersioned(tx, grants, id, input.version, values);
      writeInstitutionsAndTargets(tx, id, input);
      auditByActor(tx, ctx, {
        action: "grant.updated",
        entityType: "grant",
        entityId: id,
        before: {
          ...contractOf(before.grant),
          institutionIds: before.institutions.map((i) => i.id),
          targets: before.targets,
        },
        after: { ...values, institutionIds: input.institutionIds, targets: input.targets },
      });
    },
    { behavior: "immediate" },
  );
}

/**
 * Replaces the list of reporting periods. Periods with a submitted report keep their dates; a
 * period with any report cannot be removed. Period ids stay with their position.
 */
export function updatePeriods(ctx: ServiceContext, id: number, input: PeriodsInput): void {
  getGrant(ctx, id);
  ctx.db.transaction(
    (tx) => {
      const g = getGrant(ctx, id, tx);
      const problem = periodProblem(g.grant, input.periods);
      if (problem) throw new AppError("validation", problem.key, problem.values);
      for (const p of g.periods) {
        const next = input.periods[p.seq - 1];
        if (p.reportState === "submitted" && (!next || next.startsOn !== p.startsOn || next.endsOn !== p.endsOn)) {
          throw new AppError("validation", "grants.errors.periodSubmitted", { n: p.seq });
        }
        if (!next && p.reportId) throw new AppError("validation", "grants.errors.periodHasReport", { n: p.seq });
      }
      updateVersioned(tx, grants, id, input.version, {});
      for (const [i, p] of input.periods.entries()) {
        const existing = g.periods[i];
        if (existing) tx.update(reportingPeriods).set(p).where(eq(reportingPeriods.id, existing.id)).run();
        else
          tx.insert(reportingPeriods)
            .values({ grantId: id, seq: i + 1, ...p })
            .run();
      }
      const removed = g.periods.slice(input.periods.length).map((p) => p.id);
      if (removed.length > 0) tx.delete(reportingPeriods).where(inArray(reportingPeriods.id, removed)).run();
      auditByActor(tx, ctx, {
        action: "grant.periods_updated",
        entityType: "grant",
        entityId: id,
        before: g.periods.map(({ startsOn, endsOn }) => ({ startsOn, endsOn })),
        after: input.periods,
      });
    },
    { behavior: "immediate" },
  );
}
