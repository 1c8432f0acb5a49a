import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  enrolments,
  housingUnits,
  readinessRatios,
  staffMembers,
  trainingModules,
  transitionPlans,
  transitions,
  COMPETENCE_AREAS,
  type CompetenceArea,
} from "#db/schema";
import { ACTIVE_STATES } from "#machines/transition";
import type { ServiceContext } from "#app/utils/context.server";
import { AppError } from "#app/utils/errors";
import { scopeFilter } from "#app/utils/scope.server";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";
import { findEntry, HOUSING_TYPES, SERVICE_TYPES, validEntries } from "#app/modules/catalogues/catalogues";
import { countriesInScope } from "#app/modules/institutions/service.server";

/**
 * Staff readiness (docs/decisions/011-staff.md): for each competence, how many trained staff the
 * planned places and services need (places or persons × the administrator's ratio), how many are
 * trained (a completed module of that competence, still employed), how many are in training, and
 * the gap. Planned places: capacity of housing units planned or open; planned services: people
 * whose individual plan (of a transition still under way) names the service.
 */
export function readiness(ctx: ServiceContext, today: string) {
  const ratios = ctx.db.select().from(readinessRatios).all();
  const places = ctx.db
    .select({ typeCode: housingUnits.housingType, units: sql<number>`sum(${housingUnits.capacity})` })
    .from(housingUnits)
    .where(and(scopeFilter(ctx.scope, housingUnits.institutionId), inArray(housingUnits.status, ["planned", "open"])))
    .groupBy(housingUnits.housingType)
    .all();
  const plans = ctx.db
    .select({ services: transitionPlans.plannedServices })
    .from(transitionPlans)
    .innerJoin(transitions, eq(transitions.id, transitionPlans.transitionId))
    .where(and(scopeFilter(ctx.scope, transitions.institutionId), inArray(transitions.state, [...ACTIVE_STATES])))
    .all();
  const persons = new Map<string, number>();
  for (const p of plans) for (const s of p.services as string[]) persons.set(s, (persons.get(s) ?? 0) + 1);

  const staffBy = (states: ("completed" | "enrolled" | "in_progress")[]) =>
    ctx.db
      .select({
        competence: trainingModules.competenceArea,
        n: sql<number>`count(distinct ${enrolments.staffMemberId})`,
      })
      .from(enrolments)
      .innerJoin(trainingModules, eq(trainingModules.id, enrolments.moduleId))
      .innerJoin(staffMembers, eq(staffMembers.id, enrolments.staffMemberId))
      .where(
        and(
          scopeFilter(ctx.scope, enrolments.institutionId),
          inArray(enrolments.state, states),
          sql`(${staffMembers.employedTo} is null or ${staffMembers.employedTo} >= ${today})`,
        ),
      )
      .groupBy(trainingModules.competenceArea)
      .all();
  const trained = new Map(staffBy(["completed"]).map((r) => [r.competence, r.n]));
  const inTraining = new Map(staffBy(["enrolled", "in_progress"]).map((r) => [r.competence, r.n]));

  const needs = new Map<
    CompetenceArea,
    { need: number; sources: { subject: string; typeCode: string; units: number; ratio: number; need: number }[] }
  >();
  for (const r of ratios) {
    const units =
      r.subject === "housing"
        ? (places.find((p) => p.typeCode === r.typeCode)?.units ?? 0)
        : (persons.get(r.typeCode) ?? 0);
    if (units === 0) continue;
    const entry = needs.get(r.competenceArea) ?? { need: 0, sources: [] };
    entry.need += units * r.staffPerUnit;
    entry.sources.push({
      subject: r.subject,
      typeCode: r.typeCode,
      units,
      ratio: r.staffPerUnit,
      need: units * r.staffPerUnit,
    });
    needs.set(r.competenceArea, entry);
  }
  return COMPETENCE_AREAS.map((competence) => {
    const need = Math.ceil(needs.get(competence)?.need ?? 0);
    const have = trained.get(competence) ?? 0;
    return {
      competence,
      need,
      trained: have,
      inTraining: inTraining.get(competence) ?? 0,
      gap: Math.max(0, need - have),
      sources: needs.get(competence)?.sources ?? [],
    };
  });
}

/**
 * The housing and service types a user's readiness view is about: those of the countries of the
 * institutions they may see (a Bulgarian unit's worker never sees Polish types).
 */
export function readinessTypes(ctx: ServiceContext) {
  const countries = countriesInScope(ctx);
  return {
    housing: countries.flatMap((c) => validEntries(HOUSING_TYPES, c, null)).map((e): string => e.code),
    service: countries.flatMap((c) => validEntries(SERVICE_TYPES, c, null)).map((e): string => e.code),
  };
}

/** The ratios set for the types of the user's countries. */
export function listRatios(ctx: ServiceContext) {
  const types = readinessTypes(ctx);
  return ctx.db
    .select()
    .from(readinessRatios)
    .orderBy(asc(readinessRatios.subject), asc(readinessRatios.typeCode), asc(readinessRatios.competenceArea))
    .all()
    .filter((r) => (r.subject === "housing" ? types.housing : types.service).includes(r.typeCode));
}

/** Sets (or, with 0, removes) the staff needed per place or person of a type, for a competence. */
export function setRatio(
  ctx: ServiceContext,
  input: { subject: "housing" | "service"; typeCode: string; competenceArea: CompetenceArea; staffPerUnit: number },
): void {
  const known =
    input.subject === "housing" ? findEntry(HOUSING_TYPES, input.typeCode) : findEntry(SERVICE_TYPES, input.typeCode);
  if (!known || !countriesInScope(ctx).includes(known.country))
    throw new AppError("validation", "staff.errors.unknownType");
  ctx.db.transaction(
    (tx) => {
      const where = and(
        eq(readinessRatios.subject, input.subject),
        eq(readinessRatios.typeCode, input.typeCode),
        eq(readinessRatios.competenceArea, input.competenceArea),
      );
      const before = tx.select().from(readinessRatios).where(where).get() ?? null;
      if (input.staffPerUnit === 0) tx.delete(readinessRatios).where(where).run();
      else if (before)
        updateVersioned(tx, readinessRatios, before.id, before.version, { staffPerUnit: input.staffPerUnit });
      else tx.insert(readinessRatios).values(input).run();
      auditByActor(tx, ctx, {
        action: "readiness_ratio.set",
        entityType: "readiness_ratio",
        entityId: `${input.subject}:${input.typeCode}:${input.competenceArea}`,
        before: before ? { staffPerUnit: before.staffPerUnit } : null,
        after: { staffPerUnit: input.staffPerUnit },
      });
    },
    { behavior: "immediate" },
  );
}
