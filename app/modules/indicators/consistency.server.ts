import { sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { migratedTriggers, triggersOf } from "#db/migrate";
import { countingMoments, institutions } from "#db/schema";
import { ageOn } from "./definitions";
import { MOMENT_INDICATORS, recountSql, type MomentIndicator } from "./engine.server";

/**
 * The consistency check of `counting_moments` (decision 035): every row the triggers keep,
 * against the counting moments recomputed from the records by the reference queries
 * (`recountSql`), with the breakdown data (`cat`, `age`) derived here in TypeScript from the
 * persons' current data. Used by `npm run db:check-counts` and by the tests after every kind of write.
 */

/** One stored or expected row, in the terms of the check. */
export interface MomentRow {
  institutionId: number;
  on: string;
  weight: number;
  cat: string;
  age: number | null;
}

export interface MomentDifference {
  indicator: string;
  subjectId: number;
  /** The person's code or the unit's name, when the records still have the subject. */
  code: string | null;
  /** What the records give (null: the subject is not counted). */
  expected: MomentRow | null;
  /** What the table holds (null: no row). */
  stored: MomentRow | null;
}

interface RecountRow {
  id: number;
  code: string;
  on: string;
  sex: string | null;
  dateOfBirth: string | null;
  targetGroup: string | null;
  disability: string | null;
  weight: number;
  institutionId: number;
}

const HOUSING: readonly string[] = ["PLACES_CREATED"];

function expectedRow(indicator: MomentIndicator, r: RecountRow): MomentRow {
  const housing = HOUSING.includes(indicator);
  return {
    institutionId: r.institutionId,
    on: r.on,
    weight: r.weight,
    cat: housing ? "||" : `${r.sex ?? ""}|${r.targetGroup ?? ""}|${r.disability ?? ""}`,
    age: housing || !r.dateOfBirth ? null : Math.max(0, ageOn(r.dateOfBirth, r.on)),
  };
}

const same = (a: MomentRow, b: MomentRow) =>
  a.institutionId === b.institutionId && a.on === b.on && a.weight === b.weight && a.cat === b.cat && a.age === b.age;

/** Every difference between `counting_moments` and the recount from the records (empty: equal). */
export function countingDifferences(db: DbOrTx): MomentDifference[] {
  const ids = db
    .select({ id: institutions.id })
    .from(institutions)
    .all()
    .map((r) => r.id);
  const differences: MomentDifference[] = [];
  for (const indicator of MOMENT_INDICATORS) {
    const expected = new Map<number, { code: string; row: MomentRow }>();
    if (ids.length > 0)
      for (const r of db.all<RecountRow>(recountSql(ids, indicator, "9999-12-31")))
        expected.set(r.id, { code: r.code, row: expectedRow(indicator, r) });
    const stored = db
      .all<{ subjectId: number } & MomentRow>(
        sql`select subject_id as subjectId, institution_id as institutionId, moment_on as "on", weight, cat, age
            from ${countingMoments} where indicator = ${indicator}`,
      )
      .map(({ subjectId, ...row }) => [subjectId, row] as const);
    const seen = new Set<number>();
    for (const [subjectId, row] of stored) {
      seen.add(subjectId);
      const e = expected.get(subjectId);
      if (!e || !same(e.row, row))
        differences.push({ indicator, subjectId, code: e?.code ?? null, expected: e?.row ?? null, stored: row });
    }
    for (const [subjectId, e] of expected)
      if (!seen.has(subjectId)) differences.push({ indicator, subjectId, code: e.code, expected: e.row, stored: null });
  }
  const known = new Set<string>(MOMENT_INDICATORS);
  for (const r of db.all<{ indicator: string; subjectId: number } & MomentRow>(
    sql`select indicator, subject_id as subjectId, institution_id as institutionId, moment_on as "on", weight, cat, age
        from ${countingMoments}`,
  ))
    if (!known.has(r.indicator))
      differences.push({
        indicator: r.indicator,
        subjectId: r.subjectId,
        code: null,
        expected: null,
        stored: { institutionId: r.institutionId, on: r.on, weight: r.weight, cat: r.cat, age: r.age },
      });
  return differences;
}

const show = (r: MomentRow | null) =>
  r === null ? "none" : `${r.on} institution ${r.institutionId} weight ${r.weight} [${r.cat}] age ${r.age ?? "?"}`;

/** A trigger that keeps `counting_moments`, against the one the migrations make. */
export interface TriggerDifference {
  trigger: string;
  problem: "missing" | "changed" | "unknown";
}

const keepsMoments = (sqlText: string) => /\bcounting_moments\b/.test(sqlText);

/**
 * The database's triggers that write `counting_moments`, against the migrations' (decision 035):
 * a dropped or hand-edited trigger leaves the table equal to the recount today and wrong after the
 * next write, so the check names it. Unknown: a trigger writing the table that no migration makes.
 */
export function triggerDifferences(db: DbOrTx, expected = migratedTriggers()): TriggerDifference[] {
  const actual = triggersOf(db);
  const differences: TriggerDifference[] = [];
  for (const [name, text] of expected) {
    if (!keepsMoments(text)) continue;
    const mine = actual.get(name);
    if (mine === undefined) differences.push({ trigger: name, problem: "missing" });
    else if (mine !== text) differences.push({ trigger: name, problem: "changed" });
  }
  for (const [name, text] of actual)
    if (keepsMoments(text) && !expected.has(name)) differences.push({ trigger: name, problem: "unknown" });
  return differences;
}

const TRIGGER_PROBLEM: Record<TriggerDifference["problem"], string> = {
  missing: "is missing: the table is no longer kept by this write (run the migrations)",
  changed: "differs from the one the migrations make",
  unknown: "writes the table but no migration makes it",
};

export function describeTriggerDifference(d: TriggerDifference): string {
  return `trigger ${d.trigger} ${TRIGGER_PROBLEM[d.problem]}`;
}

/** One line per difference, for people. */
export function describeDifference(d: MomentDifference): string {
  return `${d.indicator} subject ${d.subjectId}${d.code ? ` (${d.code})` : ""}: records give ${show(d.expected)}, table has ${show(d.stored)}`;
}

/**
 * Rewrites the whole table from the records (the reference queries), in SQL, as the migration's
 * backfill does. For bulk loads that write with the triggers dropped (`seed:scale`); the check
 * above then proves it. Returns the number of rows.
 */
export function rebuildCountingMoments(db: DbOrTx): number {
  db.run(sql`delete from ${countingMoments}`);
  const ids = db
    .select({ id: institutions.id })
    .from(institutions)
    .all()
    .map((r) => r.id);
  if (ids.length === 0) return 0;
  for (const indicator of MOMENT_INDICATORS) {
    const housing = HOUSING.includes(indicator);
    const cat = housing
      ? sql`'||'`
      : sql`coalesce(sex, '') || '|' || coalesce(targetGroup, '') || '|' || coalesce(disability, '')`;
    const age = housing
      ? sql`null`
      : sql`case when dateOfBirth is null then null else max(0, (cast(substr("on", 1, 4) as integer) - cast(substr(dateOfBirth, 1, 4) as integer)) - (substr("on", 6) < substr(dateOfBirth, 6))) end`;
    db.run(sql`insert into ${countingMoments} (indicator, subject_id, institution_id, moment_on, weight, cat, age)
      select ${indicator}, id, institutionId, "on", weight, ${cat}, ${age}
      from (${recountSql(ids, indicator, "9999-12-31")})`);
  }
  return db.get<{ n: number }>(sql`select count(*) as n from ${countingMoments}`)!.n;
}
