import { sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import {
  COUNTRY_TIME_ZONE,
  LEGAL_CAPACITIES,
  TARGET_GROUPS,
  type Country,
  type LegalCapacity,
  type TargetGroup,
} from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { getEnv } from "#app/utils/env.server";
import { AppError } from "#app/utils/errors";
import { iso } from "#app/utils/time";
import { HOUSING_TYPES, SERVICE_TYPES, validEntries } from "#app/modules/catalogues/catalogues";
import { ageGroup } from "#app/modules/indicators/definitions";
import { protectBreakdown } from "#app/modules/indicators/disclosure";
import { institutionsOfMunicipality } from "#app/modules/institutions/service.server";
import { inForceSql } from "#app/modules/transitions/log";
import {
  AGE_BANDS,
  FIGURE_GROUPS,
  FIGURE_TOTALS,
  figureField,
  figureKey,
  groupCategories,
  RETRAINING_STATUSES,
  type Cells,
  type DiagnosisFigures,
  type FigureGroup,
  type RetrainingStatus,
} from "./diagnosis";
import type { PlanContent } from "./schemas";
import { editPlan, findPlan } from "./service.server";

/**
 * "Draft the diagnosis from the register" (issue #20 item 3, decision 039): the diagnostic part's
 * figures counted from the case data of the plan area's institutions as of a chosen day, with
 * every breakdown of persons protected by decision 022's small-count rule before it is stored
 * (the plan is read by roles without personal-data access, and its PDF leaves the system).
 */

const ids = (list: readonly number[]) =>
  sql.join(
    list.map((id) => sql`${id}`),
    sql`, `,
  );

/** Exact counts of the register on `asOf` (not protected): what the figures are drafted from. */
export interface RegisterCounts {
  residents: number;
  waitingList: number;
  staff: number;
  residentsByTargetGroup: Record<TargetGroup, number>;
  residentsByAgeBand: Record<string, number>;
  residentsByLegalCapacity: Record<LegalCapacity, number>;
  placesByType: Record<string, number>;
  servicesByType: Record<string, number>;
  staffByRole: Record<string, number>;
  staffByRetraining: Record<RetrainingStatus, number>;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * Counts on `asOf` (a calendar day), for the institutions `institutionIds`:
 * - residents in institutional care: residents of a residential care home admitted on or before
 *   the day (or with no admission date), not deceased by then, and not living in the community
 *   (their latest in-force move or return on or before the day is not a move);
 * - the waiting list: of those, residents whose transition was opened by the day and who were not
 *   yet assessed (no assessment started) nor withdrawn by it — the model keeps no waiting list of
 *   its own (decision 039);
 * - places in supported housing: capacity of the units open on the day, by housing type;
 * - community services: persons with a service of each type active on the day, alive;
 * - staff employed on the day, by position and retraining (a module completed by the day;
 *   enrolled and neither completed nor dropped by it; neither).
 */
export function registerCounts(
  db: DbOrTx,
  input: { institutionIds: readonly number[]; country: Country; asOf: string },
): RegisterCounts {
  const { institutionIds, country, asOf: day } = input;
  const out: RegisterCounts = {
    residents: 0,
    waitingList: 0,
    staff: 0,
    residentsByTargetGroup: zeros(TARGET_GROUPS),
    residentsByAgeBand: zeros(AGE_BANDS),
    residentsByLegalCapacity: zeros(LEGAL_CAPACITIES),
    placesByType: zeros(validEntries(HOUSING_TYPES, country, day).map((e) => e.code)),
    servicesByType: zeros(validEntries(SERVICE_TYPES, country, day).map((e) => e.code)),
    staffByRole: {},
    staffByRetraining: zeros(RETRAINING_STATUSES),
  };
  if (institutionIds.length === 0) return out;
  const inForce = inForceSql("e");

  const residents = db.all<{
    id: number;
    dateOfBirth: string | null;
    targetGroup: TargetGroup;
    legalCapacity: LegalCapacity;
    transitionId: number | null;
    openedOn: string | null;
  }>(sql`
    select r.id as id, r.date_of_birth as dateOfBirth, r.target_group as targetGroup,
           r.legal_capacity as legalCapacity, t.id as transitionId, t.opened_on as openedOn
    from residents r
    join institutions i on i.id = r.institution_id
    left join transitions t on t.resident_id = r.id
    where r.institution_id in (${ids(institutionIds)}) and i.kind = 'residential_care_home'
      and (r.admission_date is null or r.admission_date <= ${day})`);
  const events = db.all<{ transitionId: number; type: string }>(sql`
    select e.transition_id as transitionId, e.type as type
    from transition_events e
    join transitions t on t.id = e.transition_id
    where t.institution_id in (${ids(institutionIds)})
      and e.type in ('RECORD_MOVE', 'RETURN', 'RECORD_DEATH', 'START_ASSESSMENT', 'WITHDRAW')
      and e.occurred_on <= ${day} and ${inForce}
    order by e.transition_id, e.occurred_on, e.seq`);
  const byTransition = new Map<number, string[]>();
  for (const e of events) byTransition.set(e.transitionId, [...(byTransition.get(e.transitionId) ?? []), e.type]);
  for (const r of residents) {
    const log = r.transitionId ? (byTransition.get(r.transitionId) ?? []) : [];
    if (log.includes("RECORD_DEATH")) continue;
    const whereabouts = log.filter((t) => t === "RECORD_MOVE" || t === "RETURN").at(-1);
    if (whereabouts === "RECORD_MOVE") continue;
    out.residents += 1;
    out.residentsByTargetGroup[r.targetGroup] += 1;
    out.residentsByLegalCapacity[r.legalCapacity] += 1;
    const band = r.dateOfBirth ? ageGroup("esf_plus_2021_2027", r.dateOfBirth, day) : "unknown";
    out.residentsByAgeBand[band] = (out.residentsByAgeBand[band] ?? 0) + 1;
    if (r.openedOn && r.openedOn <= day && !log.includes("START_ASSESSMENT") && !log.includes("WITHDRAW"))
      out.waitingList += 1;
  }

  for (const h of db.all<{ type: string; places: number }>(sql`
    select housing_type as type, sum(capacity) as places from housing_units
    where institution_id in (${ids(institutionIds)}) and status = 'open' and opened_on <= ${day}
    group by housing_type`))
    out.placesByType[h.type] = h.places;

  for (const s of db.all<{ type: string; persons: number }>(sql`
    select c.service_type as type, count(distinct t.resident_id) as persons
    from community_services c join transitions t on t.id = c.transition_id
    where t.institution_id in (${ids(institutionIds)})
      and c.start_on <= ${day} and (c.end_on is null or c.end_on >= ${day})
      and not exists (select 1 from transition_events e where e.transition_id = t.id and e.type = 'RECORD_DEATH' and e.occurred_on <= ${day} and ${inForce})
    group by c.service_type`))
    out.servicesByType[s.type] = s.persons;

  const staff = db.all<{ position: string; completed: number; inTraining: number }>(sql`
    select s.position as position,
           exists (select 1 from enrolments n where n.staff_member_id = s.id and n.completed_on <= ${day}) as completed,
           exists (select 1 from enrolments n where n.staff_member_id = s.id and n.enrolled_on <= ${day}
                     and (n.completed_on is null or n.completed_on > ${day})
                     and (n.dropped_on is null or n.dropped_on > ${day})) as inTraining
    from staff_members s
    where s.institution_id in (${ids(institutionIds)})
      and (s.employed_from is null or s.employed_from <= ${day})
      and (s.employed_to is null or s.employed_to >= ${day})`);
  for (const s of staff) {
    out.staff += 1;
    const role = s.position.trim().replace(/\s+/g, " ") || "—";
    out.staffByRole[role] = (out.staffByRole[role] ?? 0) + 1;
    out.staffByRetraining[s.completed ? "completed" : s.inTraining ? "in_training" : "not_enrolled"] += 1;
  }
  return out;
}

/** Breakdowns of persons that hold special-category data (GDPR art. 9; decision 022's group rule). */
const SPECIAL: readonly FigureGroup[] = ["residentsByTargetGroup", "residentsByLegalCapacity", "servicesByType"];
/** Places are not persons: they stay exact, as on the public summary (decision 022). */
const NOT_PERSONS: readonly FigureGroup[] = ["placesByType"];

/** A breakdown protected by decision 022's rule (a stock on one day: in period = cumulative). */
export function protectCells(counts: Record<string, number>, threshold: number, special: boolean): Cells {
  const categories = Object.keys(counts);
  const { cells } = protectBreakdown({
    counts: Object.fromEntries(categories.map((c) => [c, { inPeriod: counts[c]!, cumulative: counts[c]! }])),
    categories,
    threshold,
    special,
  });
  return Object.fromEntries(categories.map((c) => [c, cells[c]!.cumulative]));
}

/** The figures to store: totals exact, breakdowns of persons protected, every figure marked as from the register. */
export function draftedFigures(
  counts: RegisterCounts,
  opts: { asOf: string; draftedAt: string; threshold: number },
): Required<Omit<DiagnosisFigures, "register">> & { register: NonNullable<DiagnosisFigures["register"]> } {
  const group = (g: FigureGroup) =>
    NOT_PERSONS.includes(g) ? { ...counts[g] } : protectCells(counts[g], opts.threshold, SPECIAL.includes(g));
  const figures = {
    residents: counts.residents,
    staff: counts.staff,
    waitingList: counts.waitingList,
    residentsByTargetGroup: group("residentsByTargetGroup"),
    residentsByAgeBand: group("residentsByAgeBand"),
    residentsByLegalCapacity: group("residentsByLegalCapacity"),
    placesByType: group("placesByType"),
    servicesByType: group("servicesByType"),
    staffByRole: group("staffByRole"),
    staffByRetraining: group("staffByRetraining"),
  };
  const keys = [...FIGURE_TOTALS, ...FIGURE_GROUPS.flatMap((g) => Object.keys(figures[g]).map((c) => figureKey(g, c)))];
  return { ...figures, register: { asOf: opts.asOf, draftedAt: opts.draftedAt, figures: keys } };
}

/** Fills the draft's diagnosis figures from the register as of `asOf` (the text is kept). */
export function draftDiagnosis(
  ctx: ServiceContext,
  planId: number,
  input: { version: number; asOf: string },
  threshold = getEnv().SMALL_COUNT_THRESHOLD,
) {
  const { plan, country } = findPlan(ctx, planId);
  if (input.asOf > localDate(ctx.now, COUNTRY_TIME_ZONE[country]))
    throw new AppError("validation", "plans.diagnosisDraft.errors.future");
  const counts = registerCounts(ctx.db, {
    institutionIds: institutionsOfMunicipality(ctx.db, plan.municipalityId),
    country,
    asOf: input.asOf,
  });
  const figures = draftedFigures(counts, { asOf: input.asOf, draftedAt: iso(ctx.now), threshold });
  editPlan(ctx, planId, input.version, "diagnosis_drafted", (c) => ({
    ...c,
    diagnosis: { ...c.diagnosis, ...(figures as PlanContent["diagnosis"]) },
  }));
}

/** The country's catalogue codes, as the diagnosis lists its places and services. */
export const catalogueOf = (country: Country) => ({
  housing: validEntries(HOUSING_TYPES, country, null).map((e) => e.code),
  services: validEntries(SERVICE_TYPES, country, null).map((e) => e.code),
});

/**
 * The group's edit of the figures: each shown figure from its field; a figure whose value changes
 * is no longer "from the register". Breakdown cells left empty are stored as not known (null).
 */
export function editDiagnosisFigures(
  ctx: ServiceContext,
  planId: number,
  input: { version: number } & Record<string, unknown>,
) {
  const { country } = findPlan(ctx, planId);
  const catalogue = catalogueOf(country);
  editPlan(ctx, planId, input.version, "diagnosis_updated", (c) => {
    const d = c.diagnosis as PlanContent["diagnosis"] & DiagnosisFigures;
    const changed = new Set<string>();
    const next: Record<string, unknown> = { ...d };
    for (const t of FIGURE_TOTALS) {
      const v = input[t];
      if (typeof v !== "number") continue;
      if ((d[t] ?? 0) !== v) changed.add(t);
      next[t] = v;
    }
    for (const g of FIGURE_GROUPS) {
      const cats = groupCategories(d, g, catalogue);
      const before: Cells = d[g] ?? {};
      const after: Cells = { ...before };
      cats.forEach((cat, i) => {
        const field = figureField(g, i);
        if (!(field in input)) return;
        const v = input[field] as number | null;
        const old = before[cat];
        if ((old ?? null) !== v) changed.add(figureKey(g, cat));
        // An empty field for a category never stored adds nothing.
        if (v === null && old === undefined) return;
        after[cat] = v;
      });
      if (Object.keys(after).length > 0 || d[g]) next[g] = after;
    }
    if (d.register) next.register = { ...d.register, figures: d.register.figures.filter((k) => !changed.has(k)) };
    return { ...c, diagnosis: next as PlanContent["diagnosis"] };
  });
}
