import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import {
  communityServices,
  enrolments,
  countingMoments,
  housingUnits,
  residents,
  staffMembers,
  supportSessionAttendees,
  supportSessions,
  trainingAttendance,
  transitionEvents,
  transitions,
  type AgeScheme,
  type DisabilityStatus,
  type IndicatorCode,
  type Sex,
  type TargetGroup,
} from "#db/schema";
import {
  AGE_GROUPS,
  ageGroup,
  breakdownsOf,
  INDICATORS,
  type Breakdown,
  type IndicatorDefinition,
} from "./definitions";
import { inForceSql } from "#app/modules/transitions/log";

/**
 * The indicator engine: the counting rules (docs/counting-rules.md) over the live case data, for any period.
 * One query per indicator returns each person (or housing unit) with its counting moment; the
 * rules of the period (grant start, period bounds, data completeness, breakdowns) are applied
 * here, in one place, for the grant reports and the plan's milestones alike.
 */

/** A person or housing unit with its counting moment and the data the breakdowns use. */
export interface CountingRecord {
  id: number;
  /** Pseudonymous code (residents R-…, staff S-…), or the housing unit's name. */
  code: string;
  /** The counting moment (flow) or the day of the state (stock). */
  on: string;
  sex: Sex | null;
  dateOfBirth: string | null;
  targetGroup: TargetGroup | null;
  disability: DisabilityStatus | null;
  /** 1 for a person; the capacity at opening for a housing unit. */
  weight: number;
}

const inList = (ids: readonly number[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/*
 * The counting records of each indicator as an SQL subquery with the columns
 * id, code, "on", sex, dateOfBirth, targetGroup, disability, weight. The item lists (drill-down,
 * frozen reports) select from it; the report's numbers aggregate over it (`summarise`), so both
 * rest on the same counting moments.
 */

/** The log entry `e` is in force: corrected and voided entries are not counted (a correction counts in their place). */
const inForce = inForceSql("e");

/**
 * The first event of `type` of each transition of the institutions, up to `until`: one index
 * seek per transition (transition_events_transition_type_idx).
 */
const firstEventSql = (ids: readonly number[], type: string, until: string) => sql`
    with firsts as materialized (
      select t.resident_id as resident_id, t.institution_id as institution_id,
             (select min(e.occurred_on) from ${transitionEvents} e where e.transition_id = t.id and e.type = ${type} and ${inForce}) as first
      from ${transitions} t
      where t.institution_id in (${inList(ids)}))
    select r.id as id, r.code as code, f.first as "on", r.sex as sex, r.date_of_birth as dateOfBirth,
           r.target_group as targetGroup, r.disability as disability, 1 as weight, f.institution_id as institutionId
    from firsts f join ${residents} r on r.id = f.resident_id
    where f.first <= ${until}`;

const coveredSql = (ids: readonly number[], until: string) => sql`
    select r.id as id, r.code as code, t.opened_on as "on", r.sex as sex, r.date_of_birth as dateOfBirth,
           r.target_group as targetGroup, r.disability as disability, 1 as weight, t.institution_id as institutionId
    from ${transitions} t join ${residents} r on r.id = t.resident_id
    where t.institution_id in (${inList(ids)}) and t.opened_on <= ${until}`;

/**
 * First support actually attended: a training session or a supervision / support session; the
 * earlier of the two, per staff member of the institutions (index seeks by staff member).
 */
const supportedSql = (ids: readonly number[], until: string) => sql`
    with firsts as materialized (
      select s.id as staff_id,
             (select min(a.attended_on) from ${enrolments} e join ${trainingAttendance} a on a.enrolment_id = e.id where e.staff_member_id = s.id) as trained,
             (select min(ss.held_on) from ${supportSessionAttendees} sa join ${supportSessions} ss on ss.id = sa.session_id where sa.staff_member_id = s.id) as supervised
      from ${staffMembers} s
      where s.institution_id in (${inList(ids)})),
    earliest as materialized (
      select staff_id, case when trained is null then supervised when supervised is null or trained <= supervised then trained else supervised end as first
      from firsts)
    select s.id as id, s.code as code, f.first as "on", s.sex as sex, s.date_of_birth as dateOfBirth,
           null as targetGroup, null as disability, 1 as weight, s.institution_id as institutionId
    from earliest f join ${staffMembers} s on s.id = f.staff_id
    where f.first <= ${until}`;

const toCommunitySql = (ids: readonly number[], until: string) => sql`
    select s.id as id, s.code as code, s.community_start_on as "on", s.sex as sex, s.date_of_birth as dateOfBirth,
           null as targetGroup, null as disability, 1 as weight, s.institution_id as institutionId
    from ${staffMembers} s
    where s.institution_id in (${inList(ids)}) and s.community_start_on <= ${until}`;

/** Housing units opened (not merely planned), with their capacity at opening. */
const placesSql = (ids: readonly number[], until: string) => sql`
    select h.id as id, h.name as code, h.opened_on as "on", null as sex, null as dateOfBirth,
           null as targetGroup, null as disability, coalesce(h.capacity_at_opening, h.capacity) as weight,
           h.institution_id as institutionId
    from ${housingUnits} h
    where h.institution_id in (${inList(ids)}) and h.status <> 'planned' and h.opened_on <= ${until}`;

/**
 * IN_SERVICES on `day`: residents who have moved (first move on or before the day), with a
 * community service active that day (start ≤ day ≤ end, open end = active), and not deceased
 * on or before it (docs/decisions/013-grants-and-indicators.md).
 */
const inServicesRecountSql = (ids: readonly number[], day: string) => sql`
    select r.id as id, r.code as code, ${day} as "on", r.sex as sex, r.date_of_birth as dateOfBirth,
           r.target_group as targetGroup, r.disability as disability, 1 as weight
    from ${transitions} t join ${residents} r on r.id = t.resident_id
    where t.institution_id in (${inList(ids)})
      and exists (select 1 from ${transitionEvents} e where e.transition_id = t.id and e.type = 'RECORD_MOVE' and e.occurred_on <= ${day} and ${inForce})
      and exists (select 1 from ${communityServices} c where c.transition_id = t.id and c.start_on <= ${day} and (c.end_on is null or c.end_on >= ${day}))
      and not exists (select 1 from ${transitionEvents} e where e.transition_id = t.id and e.type = 'RECORD_DEATH' and e.occurred_on <= ${day} and ${inForce})`;

/** What the triggers keep in `counting_moments`: the flow indicators and the first in-force death. */
export const MOMENT_INDICATORS = [
  "RES_COVERED",
  "RES_MOVED",
  "RES_RETURNED",
  "STAFF_SUPPORTED",
  "STAFF_TO_COMMUNITY",
  "PLACES_CREATED",
  "RES_DIED",
] as const;
export type MomentIndicator = (typeof MOMENT_INDICATORS)[number];

/**
 * The reference: the counting records of an indicator up to `until`, recomputed from the records
 * themselves (events, attendance, openings…), as an SQL subquery with an extra `institutionId`
 * column. The engine reads `counting_moments` instead; `npm run db:check-counts` and the tests
 * compare the two (decision 035).
 */
export function recountSql(institutionIds: readonly number[], code: IndicatorCode | "RES_DIED", until: string): SQL {
  switch (code) {
    case "RES_DIED":
      return firstEventSql(institutionIds, "RECORD_DEATH", until);
    case "RES_COVERED":
      return coveredSql(institutionIds, until);
    case "RES_MOVED":
      return firstEventSql(institutionIds, "RECORD_MOVE", until);
    case "RES_RETURNED":
      return firstEventSql(institutionIds, "RETURN", until);
    case "STAFF_SUPPORTED":
      return supportedSql(institutionIds, until);
    case "STAFF_TO_COMMUNITY":
      return toCommunitySql(institutionIds, until);
    case "PLACES_CREATED":
      return placesSql(institutionIds, until);
    case "IN_SERVICES":
      return inServicesRecountSql(institutionIds, until);
  }
}

/*
 * The live reads: `counting_moments` (db/schema/counting-moments.ts), kept by triggers in the
 * transaction of every write to the records, equal to `recountSql` (decision 035).
 */
const SUBJECT_OF: Record<Exclude<IndicatorCode, "IN_SERVICES">, IndicatorDefinition["subject"]> = {
  RES_COVERED: "resident",
  RES_MOVED: "resident",
  RES_RETURNED: "resident",
  STAFF_SUPPORTED: "staff",
  STAFF_TO_COMMUNITY: "staff",
  PLACES_CREATED: "housing",
};

const momentsSql = (ids: readonly number[], code: Exclude<IndicatorCode, "IN_SERVICES">, until: string) => {
  const where = sql`m.indicator = ${code} and m.institution_id in (${inList(ids)}) and m.moment_on <= ${until}`;
  switch (SUBJECT_OF[code]) {
    case "resident":
      return sql`
    select r.id as id, r.code as code, m.moment_on as "on", r.sex as sex, r.date_of_birth as dateOfBirth,
           r.target_group as targetGroup, r.disability as disability, m.weight as weight
    from ${countingMoments} m join ${residents} r on r.id = m.subject_id
    where ${where}`;
    case "staff":
      return sql`
    select s.id as id, s.code as code, m.moment_on as "on", s.sex as sex, s.date_of_birth as dateOfBirth,
           null as targetGroup, null as disability, m.weight as weight
    from ${countingMoments} m join ${staffMembers} s on s.id = m.subject_id
    where ${where}`;
    case "housing":
      return sql`
    select h.id as id, h.name as code, m.moment_on as "on", null as sex, null as dateOfBirth,
           null as targetGroup, null as disability, m.weight as weight
    from ${countingMoments} m join ${housingUnits} h on h.id = m.subject_id
    where ${where}`;
  }
};

/**
 * IN_SERVICES on `day`, from the moments: a first move on or before the day, no first death on
 * or before it (the same as "an in-force move ≤ day and no in-force death ≤ day"), and a
 * community service active that day (read live).
 */
const inServicesSql = (ids: readonly number[], day: string) => sql`
    select r.id as id, r.code as code, ${day} as "on", r.sex as sex, r.date_of_birth as dateOfBirth,
           r.target_group as targetGroup, r.disability as disability, 1 as weight
    ${inServicesFrom(sql``, sql`m.institution_id in (${inList(ids)})`, sql`${day}`)}`;

/** The from and where of IN_SERVICES (m the first move, t its transition, r the person), for many grants' days at once too. */
const inServicesFrom = (source: SQL, institution: SQL, day: SQL) => sql`
    from ${source} ${countingMoments} m join ${transitions} t on t.resident_id = m.subject_id join ${residents} r on r.id = m.subject_id
    where m.indicator = 'RES_MOVED' and ${institution} and m.moment_on <= ${day}
      and not exists (select 1 from ${countingMoments} d where d.indicator = 'RES_DIED' and d.subject_id = m.subject_id and d.moment_on <= ${day})
      and exists (select 1 from ${communityServices} c where c.transition_id = t.id and c.start_on <= ${day} and (c.end_on is null or c.end_on >= ${day}))`;

/** The counting records of an indicator up to `until`, as an SQL subquery. */
function recordsSql(institutionIds: readonly number[], code: IndicatorCode, until: string): SQL {
  return code === "IN_SERVICES" ? inServicesSql(institutionIds, until) : momentsSql(institutionIds, code, until);
}

/**
 * Every counting record of an indicator up to `until` (flows: counting moment ≤ until; stock:
 * the state on `until`). Unfiltered by data completeness.
 */
export function countingRecords(
  db: DbOrTx,
  institutionIds: readonly number[],
  code: IndicatorCode,
  until: string,
): CountingRecord[] {
  if (institutionIds.length === 0) return [];
  return db.all<CountingRecord>(recordsSql(institutionIds, code, until));
}

/** The category of a counted person in a breakdown ("unknown" where it does not apply). */
function categoryOf(
  b: Breakdown,
  r: { sex: string | null; ageGroup: string | null; targetGroup: string | null; disability: string | null },
): string {
  return (
    (b === "sex" ? r.sex : b === "age_group" ? r.ageGroup : b === "target_group" ? r.targetGroup : r.disability) ??
    "unknown"
  );
}

/** One counted person or unit, as a report shows and freezes it (no names). */
export interface CountedItem {
  code: string;
  on: string;
  /** Counted in the period itself (flows), or always (stock). */
  inPeriod: boolean;
  weight: number;
  sex: Sex | null;
  ageGroup: string | null;
  targetGroup: TargetGroup | null;
  disability: DisabilityStatus | null;
}

/** Left out because data the funder requires are missing: listed so that someone fixes them. */
export interface ExcludedItem {
  code: string;
  on: string;
  inPeriod: boolean;
  missing: ("sex" | "date_of_birth")[];
}

export type BreakdownCounts = Record<string, { inPeriod: number; cumulative: number }>;

export interface IndicatorValue {
  code: IndicatorCode;
  kind: IndicatorDefinition["kind"];
  unit: IndicatorDefinition["unit"];
  inPeriod: number;
  cumulative: number;
  items: CountedItem[];
  excluded: ExcludedItem[];
  breakdowns: Partial<Record<Breakdown, BreakdownCounts>>;
}

export interface PeriodQuery {
  institutionIds: readonly number[];
  /** Counting starts at the grant's start: earlier counting moments are not this grant's. */
  grantStart: string;
  periodStart: string;
  periodEnd: string;
  ageScheme: AgeScheme;
}

const byMomentThenCode = (a: { on: string; code: string }, b: { on: string; code: string }) =>
  a.on < b.on ? -1 : a.on > b.on ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

/** The value of one indicator for a grant's period. */
export function indicatorValue(db: DbOrTx, def: IndicatorDefinition, q: PeriodQuery): IndicatorValue {
  const records = countingRecords(db, q.institutionIds, def.code, q.periodEnd).filter(
    (r) => def.kind === "stock" || r.on >= q.grantStart,
  );
  const persons = def.subject !== "housing";
  const items: CountedItem[] = [];
  const excluded: ExcludedItem[] = [];
  for (const r of records) {
    const inPeriod = def.kind === "stock" || r.on >= q.periodStart;
    const missing: ExcludedItem["missing"] = [];
    if (persons && !r.sex) missing.push("sex");
    if (persons && !r.dateOfBirth) missing.push("date_of_birth");
    if (missing.length > 0) {
      excluded.push({ code: r.code, on: r.on, inPeriod, missing });
      continue;
    }
    items.push({
      code: r.code,
      on: r.on,
      inPeriod,
      weight: r.weight,
      sex: r.sex,
      ageGroup: r.dateOfBirth ? ageGroup(q.ageScheme, r.dateOfBirth, r.on) : null,
      targetGroup: r.targetGroup,
      disability: r.disability,
    });
  }
  items.sort(byMomentThenCode);
  excluded.sort(byMomentThenCode);
  const sum = (list: CountedItem[]) => list.reduce((n, i) => n + i.weight, 0);
  const breakdowns: IndicatorValue["breakdowns"] = {};
  for (const b of breakdownsOf(def.subject)) {
    const counts: BreakdownCounts = {};
    for (const i of items) {
      const key = categoryOf(b, i);
      const c = (counts[key] ??= { inPeriod: 0, cumulative: 0 });
      c.cumulative += i.weight;
      if (i.inPeriod) c.inPeriod += i.weight;
    }
    breakdowns[b] = counts;
  }
  const cumulative = sum(items);
  return {
    code: def.code,
    kind: def.kind,
    unit: def.unit,
    inPeriod: def.kind === "stock" ? cumulative : sum(items.filter((i) => i.inPeriod)),
    cumulative,
    items,
    excluded,
    breakdowns,
  };
}

/** An indicator's numbers without the lists: what a report page shows (aggregated in SQL). */
export interface IndicatorSummary {
  code: IndicatorCode;
  kind: IndicatorDefinition["kind"];
  unit: IndicatorDefinition["unit"];
  inPeriod: number;
  cumulative: number;
  excludedInPeriod: number;
  excludedTotal: number;
  breakdowns: Partial<Record<Breakdown, BreakdownCounts>>;
}

/** The age group of `dob` on `on`, in SQL, by the same rule as `ageGroup`. */
function ageGroupSql(scheme: AgeScheme): SQL {
  const age = sql`max(0, (cast(substr("on", 1, 4) as integer) - cast(substr(dateOfBirth, 1, 4) as integer)) - (substr("on", 6) < substr(dateOfBirth, 6)))`;
  const groups = AGE_GROUPS[scheme];
  const whens = groups.slice(0, -1).map((g) => sql` when ${age} <= ${g.to} then ${g.key}`);
  return sql`case when dateOfBirth is null then null${sql.join(whens, sql``)} else ${groups.at(-1)!.key} end`;
}

interface SummaryGroup {
  inPeriod: number;
  incomplete: number;
  sex: string | null;
  ageGroup: string | null;
  targetGroup: string | null;
  disability: string | null;
  n: number;
  w: number;
}

/** A group of the flows' aggregate: `cat` is `sex|target group|disability`, empty where unknown; `age` in completed years. */
interface MomentGroup {
  cat: string;
  age: number | null;
  n: number;
  w: number;
  nIn: number;
  wIn: number;
}

/**
 * The aggregate query of an indicator for a period. Flows: one range of `counting_moments` per
 * indicator, grouped by the breakdown data and the age on the moment, with the in-period part
 * summed beside the cumulative (rows `MomentGroup`; in the order of `counting_moments_group_idx`, so
 * the national roll-up needs no sort). The stock: one row per combination of in-period, left-out
 * and breakdown categories over its records (rows `SummaryGroup`). Exported so that the benchmark
 * can time it bare.
 */
export function summarySql(def: IndicatorDefinition, q: PeriodQuery): SQL {
  if (def.kind === "flow")
    return sql`
    select cat, age, count(*) as n, sum(weight) as w,
           sum(moment_on >= ${q.periodStart}) as nIn, sum(case when moment_on >= ${q.periodStart} then weight else 0 end) as wIn
    from ${countingMoments}
    where indicator = ${def.code} and institution_id in (${inList(q.institutionIds)})
      and moment_on >= ${q.grantStart} and moment_on <= ${q.periodEnd}
    group by cat, age`;
  return sql`
    select 1 as inPeriod, (sex is null or dateOfBirth is null) as incomplete,
           sex, ${ageGroupSql(q.ageScheme)} as ageGroup, targetGroup, disability, count(*) as n, sum(weight) as w
    from (${recordsSql(q.institutionIds, def.code, q.periodEnd)})
    group by 1, 2, 3, 4, 5, 6`;
}

/** The group of an age (completed years, at least 0), by the same rule as `ageGroup`. */
const groupOfAge = (scheme: AgeScheme, age: number) =>
  AGE_GROUPS[scheme].find((g) => age >= g.from && age <= g.to)!.key;

/** A flow's group as the stock's (breakdown data decoded, left out when incomplete), in period and before it. */
function fromMoments(def: IndicatorDefinition, scheme: AgeScheme, g: MomentGroup): SummaryGroup[] {
  const base = groupData(def, scheme, g.cat, g.age);
  const out: SummaryGroup[] = [];
  if (g.nIn > 0) out.push({ ...base, inPeriod: 1, n: g.nIn, w: g.wIn });
  if (g.n > g.nIn) out.push({ ...base, inPeriod: 0, n: g.n - g.nIn, w: g.w - g.wIn });
  return out;
}

/** The breakdown data of a flow's group: `cat` decoded, the age's group, left out when incomplete. */
function groupData(def: IndicatorDefinition, scheme: AgeScheme, cat: string, age: number | null) {
  const [sex, targetGroup, disability] = cat.split("|").map((v) => (v === "" ? null : v)) as [
    string | null,
    string | null,
    string | null,
  ];
  const ageGroup = age === null ? null : groupOfAge(scheme, age);
  const persons = def.subject !== "housing";
  const incomplete = persons && (sex === null || ageGroup === null) ? 1 : 0;
  return { incomplete, sex, ageGroup, targetGroup, disability };
}

/** An indicator's summary from its aggregate's groups (flows decoded by `fromMoments`). */
function summaryOfGroups(def: IndicatorDefinition, rows: readonly SummaryGroup[]): IndicatorSummary {
  const summary: IndicatorSummary = {
    code: def.code,
    kind: def.kind,
    unit: def.unit,
    inPeriod: 0,
    cumulative: 0,
    excludedInPeriod: 0,
    excludedTotal: 0,
    breakdowns: {},
  };
  const dims = breakdownsOf(def.subject);
  for (const b of dims) summary.breakdowns[b] = {};
  for (const r of rows) {
    if (r.incomplete) {
      summary.excludedTotal += r.n;
      if (r.inPeriod) summary.excludedInPeriod += r.n;
      continue;
    }
    summary.cumulative += r.w;
    if (r.inPeriod) summary.inPeriod += r.w;
    for (const b of dims) {
      const key = categoryOf(b, r);
      const c = (summary.breakdowns[b]![key] ??= { inPeriod: 0, cumulative: 0 });
      c.cumulative += r.w;
      if (r.inPeriod) c.inPeriod += r.w;
    }
  }
  if (def.kind === "stock") summary.inPeriod = summary.cumulative;
  return summary;
}

/**
 * An indicator's value for a period, aggregated in SQL over the same counting records as
 * `indicatorValue` (which also returns the lists): in period, cumulative, left out, breakdowns.
 */
export function indicatorSummary(db: DbOrTx, def: IndicatorDefinition, q: PeriodQuery): IndicatorSummary {
  if (q.institutionIds.length === 0) return summaryOfGroups(def, []);
  const rows =
    def.kind === "flow"
      ? db.all<MomentGroup>(summarySql(def, q)).flatMap((g) => fromMoments(def, q.ageScheme, g))
      : db.all<SummaryGroup>(summarySql(def, q));
  return summaryOfGroups(def, rows);
}

/** A flow's moments grouped by breakdown data and day, in the order of the period aggregate's groups. */
interface DayGroup {
  cat: string;
  age: number | null;
  on: string;
  n: number;
  w: number;
}

/**
 * A flow's summary for each period from its moments grouped by day (in `summarySql`'s group
 * order): per period, the days in [grant start, period end] summed per (cat, age) — the groups
 * `summarySql` gives, in the same order, the empty ones left out — and folded as
 * `summaryOfGroups` folds their two rows (in period, before it), each group decoded once.
 */
function flowSummaries(
  def: IndicatorDefinition,
  scheme: AgeScheme,
  days: readonly DayGroup[],
  periods: readonly { periodStart: string; periodEnd: string }[],
): IndicatorSummary[] {
  const dims = breakdownsOf(def.subject);
  const groupOf: number[] = [];
  const groups: { incomplete: boolean; keys: string[] }[] = [];
  for (const [i, d] of days.entries()) {
    const prev = days[i - 1];
    if (!prev || prev.cat !== d.cat || prev.age !== d.age) {
      const data = groupData(def, scheme, d.cat, d.age);
      groups.push({ incomplete: data.incomplete === 1, keys: dims.map((b) => categoryOf(b, data)) });
    }
    groupOf.push(groups.length - 1);
  }
  return periods.map((p) => {
    const n = new Array<number>(groups.length).fill(0);
    const w = new Array<number>(groups.length).fill(0);
    const nIn = new Array<number>(groups.length).fill(0);
    const wIn = new Array<number>(groups.length).fill(0);
    for (const [i, d] of days.entries()) {
      if (d.on > p.periodEnd) continue;
      const k = groupOf[i]!;
      n[k]! += d.n;
      w[k]! += d.w;
      if (d.on >= p.periodStart) {
        nIn[k]! += d.n;
        wIn[k]! += d.w;
      }
    }
    const summary = summaryOfGroups(def, []);
    for (const [k, g] of groups.entries()) {
      if (n[k] === 0) continue;
      if (g.incomplete) {
        summary.excludedTotal += n[k]!;
        summary.excludedInPeriod += nIn[k]!;
        continue;
      }
      summary.cumulative += w[k]!;
      summary.inPeriod += wIn[k]!;
      for (const [j, b] of dims.entries()) {
        const c = (summary.breakdowns[b]![g.keys[j]!] ??= { inPeriod: 0, cumulative: 0 });
        c.cumulative += w[k]!;
        c.inPeriod += wIn[k]!;
      }
    }
    return summary;
  });
}

/**
 * `summariseIndicators` for several periods of one grant at once (equal, period by period):
 * each flow is read once, grouped by breakdown data and day up to the last period's end, and
 * summed per period here; the stock is the state on each period's last day, one query each.
 * For the earlier periods a report protects its breakdowns against (decision 051).
 */
export function summariseIndicatorsByPeriod(
  db: DbOrTx,
  base: Omit<PeriodQuery, "periodStart" | "periodEnd">,
  periods: readonly { periodStart: string; periodEnd: string }[],
): IndicatorSummary[][] {
  const queries = periods.map((p) => ({ ...base, ...p }));
  if (base.institutionIds.length === 0 || periods.length === 0) return queries.map((q) => summariseIndicators(db, q));
  const until = periods.reduce((max, p) => (p.periodEnd > max ? p.periodEnd : max), periods[0]!.periodEnd);
  const perIndicator = INDICATORS.map((def) => {
    if (def.kind === "stock") return queries.map((q) => indicatorSummary(db, def, q));
    const days = db.all<DayGroup>(sql`
    select cat, age, moment_on as "on", count(*) as n, sum(weight) as w
    from ${countingMoments}
    where indicator = ${def.code} and institution_id in (${inList(base.institutionIds)})
      and moment_on >= ${base.grantStart} and moment_on <= ${until}
    group by cat, age, moment_on
    order by cat, age, moment_on`);
    return flowSummaries(def, base.ageScheme, days, periods);
  });
  return queries.map((_, i) => perIndicator.map((values) => values[i]!));
}

/** An indicator's totals for a period, without breakdowns: what an overview of many grants shows. */
export type IndicatorTotals = Omit<IndicatorSummary, "breakdowns">;

/**
 * The totals of every indicator (in INDICATORS order) for many periods of many institution sets
 * at once — the monitoring overview's grants, each in its current period — equal to the totals of
 * `summariseIndicators` for each query (the indicator property test compares them). One query per
 * indicator whatever the number of grants: the queries' institutions are a VALUES table joined to
 * the counting moments (flows) or to the state of IN_SERVICES on each query's last day (stock).
 */
export function summariseTotals(db: DbOrTx, queries: readonly PeriodQuery[]): IndicatorTotals[][] {
  const out = queries.map(() =>
    INDICATORS.map((def): IndicatorTotals => ({
      code: def.code,
      kind: def.kind,
      unit: def.unit,
      inPeriod: 0,
      cumulative: 0,
      excludedInPeriod: 0,
      excludedTotal: 0,
    })),
  );
  // The period's moments are those of [grant start, period end] on or after its start.
  const rows = queries.flatMap((q, k) =>
    [...new Set(q.institutionIds)].map((id) => [
      k,
      id,
      q.grantStart,
      q.periodStart > q.grantStart ? q.periodStart : q.grantStart,
      q.periodEnd,
    ]),
  );
  if (rows.length === 0) return out;
  // One parameter (JSON), whatever the number of grants and institutions.
  const q = sql`with q(k, inst, gs, ps, pe) as materialized (
    select j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4 from json_each(${JSON.stringify(rows)}) j)`;
  INDICATORS.forEach((def, i) => {
    if (def.kind === "stock") {
      // The state on each query's last day (weight 1); a person without sex or date of birth left out.
      const groups = db.all<{ k: number; incomplete: number; n: number }>(sql`${q}
    select q.k as k, (r.sex is null or r.date_of_birth is null) as incomplete, count(*) as n
    ${inServicesFrom(sql`q join`, sql`m.institution_id = q.inst`, sql`q.pe`)}
    group by 1, 2`);
      for (const g of groups) {
        const t = out[g.k]![i]!;
        if (g.incomplete) {
          t.excludedTotal += g.n;
          t.excludedInPeriod += g.n;
        } else {
          t.cumulative += g.n;
          t.inPeriod += g.n;
        }
      }
      return;
    }
    // Flows: every moment's weight in [grant start, period end] and in the period, each an index
    // range per institution (no grouping: the cheapest read of the moments)...
    const range = (from: SQL) =>
      sql`(select total(m.weight) from ${countingMoments} m where m.indicator = ${def.code} and m.institution_id = q.inst and m.moment_on >= ${from} and m.moment_on <= q.pe)`;
    for (const g of db.all<{ k: number; w: number; wIn: number }>(
      sql`${q} select q.k as k, ${range(sql`q.gs`)} as w, ${range(sql`q.ps`)} as wIn from q`,
    )) {
      out[g.k]![i]!.cumulative += g.w;
      out[g.k]![i]!.inPeriod += g.wIn;
    }
    if (def.subject === "housing") return;
    // ...then the moments left out for missing data, few, taken off and counted apart (groupData's
    // rule: no sex, the first part of `cat`, or no age), from their own partial index (the planner
    // left to itself scans the whole range for the largest indicator).
    for (const g of db.all<{ k: number; n: number; w: number; nIn: number; wIn: number }>(sql`${q}
    select q.k as k, count(*) as n, total(m.weight) as w,
           count(*) filter (where m.moment_on >= q.ps) as nIn, total(m.weight) filter (where m.moment_on >= q.ps) as wIn
    from q join ${countingMoments} m indexed by counting_moments_incomplete_idx
      on m.indicator = ${def.code} and m.institution_id = q.inst and m.moment_on >= q.gs and m.moment_on <= q.pe
    where instr(m.cat, '|') <= 1 or m.age is null
    group by q.k`)) {
      const t = out[g.k]![i]!;
      t.cumulative -= g.w;
      t.inPeriod -= g.wIn;
      t.excludedTotal += g.n;
      t.excludedInPeriod += g.nIn;
    }
  });
  return out;
}

/** Every indicator's numbers for a period, in INDICATORS order (no lists). */
export function summariseIndicators(db: DbOrTx, q: PeriodQuery): IndicatorSummary[] {
  return INDICATORS.map((def) => indicatorSummary(db, def, q));
}

/** Every indicator of docs/counting-rules.md for a grant's period, in INDICATORS order. */
export function computeIndicators(db: DbOrTx, q: PeriodQuery): IndicatorValue[] {
  return INDICATORS.map((def) => indicatorValue(db, def, q));
}

/**
 * Plain counts of the flow indicators for counting moments in [from, to], everyone included
 * (the plan's milestones: a plan's monitoring is not a funder's report, so incomplete data do
 * not leave anyone out).
 */
export function flowCounts(
  db: DbOrTx,
  institutionIds: readonly number[],
  from: string,
  to: string,
): Record<Exclude<IndicatorCode, "IN_SERVICES">, number> {
  const count = (code: IndicatorCode) =>
    institutionIds.length === 0
      ? 0
      : (db.get<{ w: number | null }>(
          sql`select sum(weight) as w from ${countingMoments} where indicator = ${code}
                and institution_id in (${inList(institutionIds)}) and moment_on >= ${from} and moment_on <= ${to}`,
        )?.w ?? 0);
  return {
    RES_COVERED: count("RES_COVERED"),
    RES_MOVED: count("RES_MOVED"),
    RES_RETURNED: count("RES_RETURNED"),
    STAFF_SUPPORTED: count("STAFF_SUPPORTED"),
    STAFF_TO_COMMUNITY: count("STAFF_TO_COMMUNITY"),
    PLACES_CREATED: count("PLACES_CREATED"),
  };
}
