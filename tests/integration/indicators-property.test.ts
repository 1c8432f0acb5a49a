import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import {
  AGE_SCHEMES,
  communityServices,
  DISABILITY_STATUSES,
  enrolments,
  HOUSING_UNIT_STATUSES,
  housingUnits,
  residents,
  SEXES,
  staffMembers,
  supportSessionAttendees,
  supportSessions,
  TARGET_GROUPS,
  trainingAttendance,
  trainingModules,
  transitionEvents,
  transitions,
  type AgeScheme,
  type DisabilityStatus,
  type HousingUnitStatus,
  type IndicatorCode,
  type Sex,
  type TargetGroup,
} from "#db/schema";
import {
  computeIndicators,
  countingRecords,
  recountSql,
  summariseIndicators,
  summariseIndicatorsByPeriod,
  summariseTotals,
  type IndicatorValue,
} from "#app/modules/indicators/engine.server";
import { countingDifferences } from "#app/modules/indicators/consistency.server";
import { initialTransition, transition } from "xstate";
import {
  acceptsInState,
  stateName,
  TRANSITION_EVENT_TYPES,
  transitionWorkflow,
  type TransitionEvent,
  type TransitionEventType,
  type TransitionSnapshot,
  type TransitionState,
} from "#machines/transition";
import { freshDb } from "#tests/support/db";
import { createInstitution } from "#tests/factories";

/*
 * The indicator engine against an independent recount of the counting rules (the contract in
 * docs/decisions/013-grants-and-indicators.md and docs/counting-rules.md), over random case histories stored
 * in a real SQLite database. The recount below is written from the rules, in plain TypeScript
 * over the in-memory model: it does not call or mirror the engine's code or SQL.
 */

// ---------------------------------------------------------------------------------------------
// The model of one case history: what the generator makes, the loader stores, the recount reads.
// ---------------------------------------------------------------------------------------------

type EventType = TransitionEventType;
type CaseState = TransitionState;

interface ResidentCase {
  code: string;
  /** Index into World.institutions. */
  inst: number;
  sex: Sex | null;
  dob: string | null;
  targetGroup: TargetGroup;
  disability: DisabilityStatus;
  openedOn: string;
  /** Date-ordered, as stored (seq = index + 1). */
  events: { type: EventType; on: string; from: CaseState; to: CaseState }[];
  services: { start: string; end: string | null }[];
}

interface StaffCase {
  code: string;
  inst: number;
  sex: Sex | null;
  dob: string | null;
  communityStartOn: string | null;
  enrolments: { enrolledOn: string; attended: string[] }[];
  /** Indices into World.sessions the person attended. */
  sessions: number[];
}

interface SessionCase {
  inst: number;
  heldOn: string;
}

interface UnitCase {
  name: string;
  inst: number;
  status: HousingUnitStatus;
  openedOn: string | null;
  capacity: number;
  capacityAtOpening: number | null;
}

interface Period {
  start: string;
  end: string;
}

interface World {
  /** Number of institutions; those with index < funded are the grant's, the others are not. */
  institutions: number;
  funded: number;
  grantStart: string;
  ageScheme: AgeScheme;
  periods: Period[];
  residents: ResidentCase[];
  staff: StaffCase[];
  sessions: SessionCase[];
  units: UnitCase[];
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const BASE_MS = Date.UTC(2023, 0, 1);
/** 2023-01-01 … 2025-12-31. */
const WINDOW_DAYS = 1096;

const iso = (day: number) => new Date(BASE_MS + day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - BASE_MS) / DAY_MS);
const addDays = (date: string, n: number) => iso(dayOf(date) + n);
const minDate = (dates: readonly string[]) => (dates.length === 0 ? null : dates.reduce((a, b) => (b < a ? b : a)));

// ---------------------------------------------------------------------------------------------
// The independent recount
// ---------------------------------------------------------------------------------------------

/** Completed years between a date of birth and a day. */
function completedYears(dob: string, on: string): number {
  const [by, bm, bd] = dob.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  const birthdayReached = m > bm || (m === bm && d >= bd);
  return y - by - (birthdayReached ? 0 : 1);
}

function expectedAgeGroup(scheme: AgeScheme, dob: string, on: string): string {
  const age = completedYears(dob, on);
  if (scheme === "esf_plus_2021_2027") return age < 18 ? "lt18" : age < 30 ? "18_29" : age < 55 ? "30_54" : "55plus";
  return age < 25 ? "lt25" : age < 55 ? "25_54" : "gt54";
}

type Subject = "resident" | "staff" | "housing";
const SUBJECT: Record<IndicatorCode, Subject> = {
  RES_COVERED: "resident",
  RES_MOVED: "resident",
  RES_RETURNED: "resident",
  STAFF_SUPPORTED: "staff",
  STAFF_TO_COMMUNITY: "staff",
  PLACES_CREATED: "housing",
  IN_SERVICES: "resident",
};
const CODES = Object.keys(SUBJECT) as IndicatorCode[];
const FLOWS = CODES.filter((c) => c !== "IN_SERVICES");
const DIMENSIONS: Record<Subject, string[]> = {
  resident: ["age_group", "disability", "sex", "target_group"],
  staff: ["age_group", "sex"],
  housing: [],
};

/** A subject of a funded institution that the indicator counts, with its moment (before windows). */
interface Candidate {
  code: string;
  on: string;
  weight: number;
  person: boolean;
  sex: Sex | null;
  dob: string | null;
  targetGroup?: TargetGroup;
  disability?: DisabilityStatus;
}

const firstOf = (r: ResidentCase, type: EventType) => minDate(r.events.filter((e) => e.type === type).map((e) => e.on));

function inServicesOn(r: ResidentCase, day: string): boolean {
  const moved = r.events.some((e) => e.type === "RECORD_MOVE" && e.on <= day);
  const served = r.services.some((s) => s.start <= day && (s.end === null || s.end >= day));
  const dead = r.events.some((e) => e.type === "RECORD_DEATH" && e.on <= day);
  return moved && served && !dead;
}

/** Every funded subject with its counting moment (flows) or in the state on `day` (stock). */
function candidates(w: World, code: IndicatorCode, day: string): Candidate[] {
  const funded = <T extends { inst: number }>(list: T[]) => list.filter((x) => x.inst < w.funded);
  const resident = (r: ResidentCase, on: string | null): Candidate[] =>
    on === null
      ? []
      : [
          {
            code: r.code,
            on,
            weight: 1,
            person: true,
            sex: r.sex,
            dob: r.dob,
            targetGroup: r.targetGroup,
            disability: r.disability,
          },
        ];
  const staff = (s: StaffCase, on: string | null): Candidate[] =>
    on === null ? [] : [{ code: s.code, on, weight: 1, person: true, sex: s.sex, dob: s.dob }];
  switch (code) {
    case "RES_COVERED":
      return funded(w.residents).flatMap((r) => resident(r, r.openedOn));
    case "RES_MOVED":
      return funded(w.residents).flatMap((r) => resident(r, firstOf(r, "RECORD_MOVE")));
    case "RES_RETURNED":
      return funded(w.residents).flatMap((r) => resident(r, firstOf(r, "RETURN")));
    case "STAFF_SUPPORTED":
      return funded(w.staff).flatMap((s) =>
        staff(
          s,
          minDate([...s.enrolments.flatMap((e) => e.attended), ...s.sessions.map((i) => w.sessions[i]!.heldOn)]),
        ),
      );
    case "STAFF_TO_COMMUNITY":
      return funded(w.staff).flatMap((s) => staff(s, s.communityStartOn));
    case "PLACES_CREATED":
      return funded(w.units)
        .filter((u) => u.status !== "planned" && u.openedOn !== null)
        .map((u) => ({
          code: u.name,
          on: u.openedOn!,
          weight: u.capacityAtOpening ?? u.capacity,
          person: false,
          sex: null,
          dob: null,
        }));
    case "IN_SERVICES":
      return funded(w.residents)
        .filter((r) => inServicesOn(r, day))
        .flatMap((r) => resident(r, day));
  }
}

type Counts = Record<string, { inPeriod: number; cumulative: number }>;

/** The comparable part of an indicator's value. */
interface Comparable {
  inPeriod: number;
  cumulative: number;
  items: { code: string; on: string; inPeriod: boolean; weight: number }[];
  excluded: { code: string; on: string; inPeriod: boolean; missing: string[] }[];
  breakdowns: Record<string, Counts>;
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function recount(w: World, code: IndicatorCode, p: Period): Comparable {
  const stock = code === "IN_SERVICES";
  const counted = candidates(w, code, p.end)
    .filter((c) => stock || (c.on >= w.grantStart && c.on <= p.end))
    .map((c) => ({ ...c, inPeriod: stock || c.on >= p.start }));
  const out: Comparable = { inPeriod: 0, cumulative: 0, items: [], excluded: [], breakdowns: {} };
  const dims = DIMENSIONS[SUBJECT[code]];
  for (const d of dims) out.breakdowns[d] = {};
  for (const c of counted) {
    const missing = [
      ...(c.person && c.sex === null ? ["sex"] : []),
      ...(c.person && c.dob === null ? ["date_of_birth"] : []),
    ];
    if (missing.length > 0) {
      out.excluded.push({ code: c.code, on: c.on, inPeriod: c.inPeriod, missing: missing.sort() });
      continue;
    }
    out.items.push({ code: c.code, on: c.on, inPeriod: c.inPeriod, weight: c.weight });
    out.cumulative += c.weight;
    if (c.inPeriod) out.inPeriod += c.weight;
    const categories: Record<string, string | undefined> = {
      sex: c.sex ?? undefined,
      age_group: c.dob ? expectedAgeGroup(w.ageScheme, c.dob, c.on) : undefined,
      target_group: c.targetGroup,
      disability: c.disability,
    };
    for (const d of dims) {
      const bucket = (out.breakdowns[d]![categories[d]!] ??= { inPeriod: 0, cumulative: 0 });
      bucket.cumulative += c.weight;
      if (c.inPeriod) bucket.inPeriod += c.weight;
    }
  }
  out.items.sort(byCode);
  out.excluded.sort(byCode);
  return out;
}

/** The engine's value in the same shape (categories with nothing counted are dropped on both sides). */
function comparable(v: IndicatorValue): Comparable {
  const breakdowns: Record<string, Counts> = {};
  for (const [dim, counts] of Object.entries(v.breakdowns)) {
    breakdowns[dim] = Object.fromEntries(
      Object.entries(counts ?? {}).filter(([, c]) => c.cumulative !== 0 || c.inPeriod !== 0),
    );
  }
  return {
    inPeriod: v.inPeriod,
    cumulative: v.cumulative,
    items: v.items.map((i) => ({ code: i.code, on: i.on, inPeriod: i.inPeriod, weight: i.weight })).sort(byCode),
    excluded: v.excluded
      .map((e) => ({ code: e.code, on: e.on, inPeriod: e.inPeriod, missing: [...e.missing].sort() }))
      .sort(byCode),
    breakdowns,
  };
}

/** Rules that hold of any value, whatever the data (checked on the engine's own output). */
function checkInvariants(v: IndicatorValue, where: string) {
  const weights = (list: { weight: number }[]) => list.reduce((n, i) => n + i.weight, 0);
  if (SUBJECT[v.code] !== "housing") {
    expect(v.items.length, `${where}: items.length = cumulative`).toBe(v.cumulative);
    expect(v.items.filter((i) => i.inPeriod).length, `${where}: in-period items = inPeriod`).toBe(v.inPeriod);
  }
  expect(weights(v.items), `${where}: weights = cumulative`).toBe(v.cumulative);
  expect(weights(v.items.filter((i) => i.inPeriod)), `${where}: in-period weights = inPeriod`).toBe(v.inPeriod);
  if (v.kind === "stock") expect(v.inPeriod, `${where}: stock inPeriod = cumulative`).toBe(v.cumulative);
  for (const [dim, counts] of Object.entries(v.breakdowns)) {
    const all = Object.values(counts ?? {});
    expect(
      all.reduce((n, c) => n + c.cumulative, 0),
      `${where}: ${dim} sums to cumulative`,
    ).toBe(v.cumulative);
    expect(
      all.reduce((n, c) => n + c.inPeriod, 0),
      `${where}: ${dim} sums to inPeriod`,
    ).toBe(v.inPeriod);
  }
}

// ---------------------------------------------------------------------------------------------
// Loading a model into the database (direct inserts: fast, and no service rules in the way)
// ---------------------------------------------------------------------------------------------

function load(db: Db, w: World, institutionIds: readonly number[], moduleId: number) {
  const inst = (i: number) => institutionIds[i]!;
  if (w.residents.length > 0) {
    db.insert(residents)
      .values(
        w.residents.map((r, i) => ({
          id: i + 1,
          institutionId: inst(r.inst),
          code: r.code,
          firstName: "Imię",
          lastName: `Nazwisko ${i}`,
          sex: r.sex,
          dateOfBirth: r.dob,
          targetGroup: r.targetGroup,
          disability: r.disability,
        })),
      )
      .run();
    db.insert(transitions)
      .values(
        w.residents.map((r, i) => {
          const last = r.events[r.events.length - 1];
          return {
            id: i + 1,
            residentId: i + 1,
            institutionId: inst(r.inst),
            openedOn: r.openedOn,
            state: last?.to ?? "moving",
            stateSince: last?.on ?? r.openedOn,
            snapshot: {},
            machineVersion: 1,
          };
        }),
      )
      .run();
    const events = w.residents.flatMap((r, i) =>
      r.events.map((e, k) => ({
        transitionId: i + 1,
        seq: k + 1,
        type: e.type,
        event: { type: e.type, on: e.on },
        occurredOn: e.on,
        recordedAt: `${e.on}T12:00:00.000Z`,
        fromState: e.from,
        toState: e.to,
      })),
    );
    if (events.length > 0) db.insert(transitionEvents).values(events).run();
    const services = w.residents.flatMap((r, i) =>
      r.services.map((s) => ({
        transitionId: i + 1,
        serviceType: "personal_assistance",
        provider: "MOPS",
        startOn: s.start,
        endOn: s.end,
      })),
    );
    if (services.length > 0) db.insert(communityServices).values(services).run();
  }
  if (w.sessions.length > 0) {
    db.insert(supportSessions)
      .values(
        w.sessions.map((s, i) => ({
          id: i + 1,
          institutionId: inst(s.inst),
          kind: "supervision" as const,
          heldOn: s.heldOn,
          facilitator: "Superwizor",
        })),
      )
      .run();
  }
  if (w.staff.length > 0) {
    db.insert(staffMembers)
      .values(
        w.staff.map((s, i) => ({
          id: i + 1,
          institutionId: inst(s.inst),
          code: s.code,
          firstName: "Imię",
          lastName: `Nazwisko ${i}`,
          sex: s.sex,
          dateOfBirth: s.dob,
          position: "opiekun",
          communityStartOn: s.communityStartOn,
        })),
      )
      .run();
    let enrolmentId = 0;
    const enrolmentRows: (typeof enrolments.$inferInsert)[] = [];
    const attendanceRows: (typeof trainingAttendance.$inferInsert)[] = [];
    w.staff.forEach((s, i) => {
      for (const e of s.enrolments) {
        const id = ++enrolmentId;
        enrolmentRows.push({
          id,
          staffMemberId: i + 1,
          moduleId,
          institutionId: inst(s.inst),
          state: e.attended.length > 0 ? "in_progress" : "enrolled",
          snapshot: {},
          machineVersion: 1,
          enrolledOn: e.enrolledOn,
        });
        for (const on of e.attended) attendanceRows.push({ enrolmentId: id, attendedOn: on });
      }
    });
    if (enrolmentRows.length > 0) db.insert(enrolments).values(enrolmentRows).run();
    if (attendanceRows.length > 0) db.insert(trainingAttendance).values(attendanceRows).run();
    const attendees = w.staff.flatMap((s, i) => s.sessions.map((k) => ({ sessionId: k + 1, staffMemberId: i + 1 })));
    if (attendees.length > 0) db.insert(supportSessionAttendees).values(attendees).run();
  }
  if (w.units.length > 0) {
    db.insert(housingUnits)
      .values(
        w.units.map((u) => ({
          institutionId: inst(u.inst),
          housingType: "supported_flat",
          name: u.name,
          address: "ul. Testowa 1",
          operatorName: "Stowarzyszenie",
          operatorKind: "ngo" as const,
          capacity: u.capacity,
          openedOn: u.openedOn,
          capacityAtOpening: u.capacityAtOpening,
          status: u.status,
        })),
      )
      .run();
  }
}

const query = (w: World, institutionIds: readonly number[], p: Period) => ({
  institutionIds: institutionIds.slice(0, w.funded),
  grantStart: w.grantStart,
  periodStart: p.start,
  periodEnd: p.end,
  ageScheme: w.ageScheme,
});

function engine(db: Db, w: World, institutionIds: readonly number[], p: Period) {
  return computeIndicators(db, query(w, institutionIds, p));
}

/** Every check of one world: the recount, the invariants, the additivity of flows. */
function checkWorld(db: Db, w: World, institutionIds: readonly number[], stats?: Stats) {
  const values = w.periods.map((p) => engine(db, w, institutionIds, p));
  const summaries = w.periods.map((p) => summariseIndicators(db, query(w, institutionIds, p)));
  // Several periods at once (the report's earlier periods, the dashboard): the same, key order included.
  const { periodStart: _s, periodEnd: _e, ...base } = query(w, institutionIds, w.periods[0]!);
  const together = summariseIndicatorsByPeriod(
    db,
    base,
    w.periods.map((p) => ({ periodStart: p.start, periodEnd: p.end })),
  );
  expect(JSON.stringify(together), "summariseIndicatorsByPeriod = summariseIndicators per period").toBe(
    JSON.stringify(summaries),
  );
  // Many grants at once (the monitoring overview): institution sets that overlap, each period; the totals the same.
  const sets = [institutionIds.slice(0, w.funded), institutionIds, institutionIds.slice(w.funded), []];
  const many = w.periods.flatMap((p) => sets.map((ids) => ({ ...query(w, institutionIds, p), institutionIds: ids })));
  expect(JSON.stringify(summariseTotals(db, many)), "summariseTotals = summariseIndicators' totals").toBe(
    JSON.stringify(many.map((q) => summariseIndicators(db, q).map(({ breakdowns: _b, ...totals }) => totals))),
  );
  const outsiders = new Set([
    ...w.residents.filter((r) => r.inst >= w.funded).map((r) => r.code),
    ...w.staff.filter((s) => s.inst >= w.funded).map((s) => s.code),
    ...w.units.filter((u) => u.inst >= w.funded).map((u) => u.name),
  ]);
  w.periods.forEach((p, k) => {
    const byCode = new Map(values[k]!.map((v) => [v.code, v]));
    expect([...byCode.keys()].sort(), "one value per indicator").toEqual([...CODES].sort());
    for (const code of CODES) {
      const v = byCode.get(code)!;
      const where = `period ${k} [${p.start} … ${p.end}] ${code}`;
      checkInvariants(v, where);
      const expected = recount(w, code, p);
      expect(comparable(v), where).toEqual(expected);
      // The numbers the report page shows are aggregated in SQL: they must agree with the recount too.
      const sum = summaries[k]!.find((x) => x.code === code)!;
      const dropEmpty = (b: typeof sum.breakdowns) =>
        Object.fromEntries(
          Object.entries(b).map(([d, c]) => [
            d,
            Object.fromEntries(Object.entries(c ?? {}).filter(([, n]) => n.cumulative !== 0 || n.inPeriod !== 0)),
          ]),
        );
      expect(
        {
          inPeriod: sum.inPeriod,
          cumulative: sum.cumulative,
          excludedInPeriod: sum.excludedInPeriod,
          excludedTotal: sum.excludedTotal,
          breakdowns: dropEmpty(sum.breakdowns),
        },
        `${where} (SQL aggregate)`,
      ).toEqual({
        inPeriod: expected.inPeriod,
        cumulative: expected.cumulative,
        excludedInPeriod: expected.excluded.filter((e) => e.inPeriod).length,
        excludedTotal: expected.excluded.length,
        breakdowns: expected.breakdowns,
      });
      const foreign = [...v.items, ...v.excluded].map((i) => i.code).filter((c) => outsiders.has(c));
      expect(foreign, `${where}: counted outside the grant`).toEqual([]);
      if (SUBJECT[code] !== "housing")
        expect(Object.keys(v.breakdowns).sort(), `${where}: breakdowns`).toEqual(DIMENSIONS[SUBJECT[code]]);
      stats?.note(code, v, p, w.grantStart);
    }
  });
  // Consecutive periods from the grant's start: the flows' in-period values add up to the cumulative.
  if (w.periods[0]!.start <= w.grantStart) {
    const last = values[values.length - 1]!;
    for (const code of FLOWS) {
      const sum = values.reduce((n, vs) => n + vs.find((v) => v.code === code)!.inPeriod, 0);
      expect(sum, `${code}: in-period values of the ${w.periods.length} periods add up to the last cumulative`).toBe(
        last.find((v) => v.code === code)!.cumulative,
      );
    }
    stats?.additive();
  }
}

/** How often the interesting cases came up, so that a weak generator fails loudly. */
class Stats {
  nonZero: Record<string, number> = {};
  excluded = 0;
  onPeriodStart = 0;
  onPeriodEnd = 0;
  onGrantStart = 0;
  additivity = 0;
  note(code: IndicatorCode, v: IndicatorValue, p: Period, grantStart: string) {
    if (v.inPeriod > 0) this.nonZero[code] = (this.nonZero[code] ?? 0) + 1;
    if (v.excluded.length > 0) this.excluded++;
    if (v.kind === "flow") {
      if (v.items.some((i) => i.on === p.start)) this.onPeriodStart++;
      if (v.items.some((i) => i.on === p.end)) this.onPeriodEnd++;
      if (v.items.some((i) => i.on === grantStart)) this.onGrantStart++;
    }
  }
  additive() {
    this.additivity++;
  }
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/** A random day of the window, or a grant / period boundary (index mod their number) ± 1 day. */
type DateSpec = { day: number } | { anchor: number; delta: number };
const dateSpec: fc.Arbitrary<DateSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ day: fc.integer({ min: 0, max: WINDOW_DAYS - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ anchor: fc.nat(8), delta: fc.constantFrom(-1, 0, 0, 1) }) },
);

/** A date of birth: so many years (and ±1 day) before a date (possibly a boundary), a 29 February, or any. */
type DobSpec =
  { before: DateSpec | "own"; years: number; delta: number } | { leapYear: number } | { daysBeforeWindow: number };
const dobSpec: fc.Arbitrary<DobSpec> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      before: fc.oneof(dateSpec, fc.constant("own" as const)),
      years: fc.oneof(fc.constantFrom(17, 18, 24, 25, 29, 30, 54, 55), fc.integer({ min: 16, max: 90 })),
      delta: fc.constantFrom(-1, 0, 0, 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ leapYear: fc.integer({ min: 0, max: 17 }) }) },
  { weight: 1, arbitrary: fc.record({ daysBeforeWindow: fc.integer({ min: 4000, max: 32000 }) }) },
);

const sexArb = fc.option(fc.constantFrom(...SEXES), { freq: 6 });
const dobArb = fc.option(dobSpec, { freq: 6 });
const instArb = fc.nat(2);

const rawWorld = fc.record({
  funded: fc.constantFrom(1, 2),
  grantStartDay: fc.integer({ min: 0, max: 700 }),
  firstPeriodOffset: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: -60, max: 200 }) },
  ),
  periodLengths: fc.array(fc.oneof(fc.integer({ min: 1, max: 365 }), fc.constantFrom(1, 2, 31, 92, 183)), {
    minLength: 1,
    maxLength: 4,
  }),
  ageScheme: fc.constantFrom(...AGE_SCHEMES),
  residents: fc.array(
    fc.record({
      inst: instArb,
      sex: sexArb,
      dob: dobArb,
      targetGroup: fc.constantFrom(...TARGET_GROUPS),
      disability: fc.constantFrom(...DISABILITY_STATUSES),
      opened: dateSpec,
      steps: fc.array(fc.record({ choice: fc.nat(1000), on: dateSpec }), { maxLength: 9 }),
      services: fc.array(
        fc.record({
          start: dateSpec,
          end: fc.option(fc.oneof(dateSpec, fc.record({ length: fc.nat(400) })), { freq: 3 }),
        }),
        { maxLength: 3 },
      ),
    }),
    { maxLength: 12 },
  ),
  staff: fc.array(
    fc.record({
      inst: instArb,
      sex: sexArb,
      dob: dobArb,
      communityStart: fc.option(dateSpec, { freq: 2 }),
      enrolments: fc.array(fc.record({ enrolled: dateSpec, attended: fc.array(dateSpec, { maxLength: 3 }) }), {
        maxLength: 2,
      }),
      sessions: fc.uniqueArray(fc.nat(3), { maxLength: 3 }),
    }),
    { maxLength: 8 },
  ),
  sessions: fc.array(fc.record({ inst: instArb, heldOn: dateSpec }), { maxLength: 4 }),
  units: fc.array(
    fc.record({
      inst: instArb,
      status: fc.constantFrom(...HOUSING_UNIT_STATUSES),
      opened: fc.option(dateSpec, { freq: 4 }),
      capacity: fc.integer({ min: 1, max: 12 }),
      capacityAtOpening: fc.option(fc.integer({ min: 1, max: 12 }), { freq: 3 }),
    }),
    { maxLength: 4 },
  ),
});
type RawWorld = typeof rawWorld extends fc.Arbitrary<infer T> ? T : never;

/**
 * Plausible event histories come from the transition machine itself: from a snapshot in
 * `moving` (where the indicators start to read), each step takes one of the events the state
 * accepts (asked of the machine, whatever the facts), and the next state is the machine's. The
 * steps that lead towards a move or back into one are offered five times, so that moves, returns and
 * second moves are common. The facts are the generator's business: the dates are in order, and
 * what the guards judge is the workflow's concern, tested elsewhere (transition-paths.test.ts).
 */
const FORWARD: readonly EventType[] = ["RECORD_MOVE", "RETURN", "REPLAN", "REOPEN", "START_PREPARATION", "START_MOVE"];
const stepOf = (type: EventType, on: string) => ({ type, on, facts: {} }) as unknown as TransitionEvent;

const AT_MOVING: TransitionSnapshot = (
  ["START_ASSESSMENT", "COMPLETE_ASSESSMENT", "START_PREPARATION", "START_MOVE"] as const
).reduce(
  (snap, type) => transition(transitionWorkflow.permissive, snap, stepOf(type, "2000-01-01"))[0] as TransitionSnapshot,
  initialTransition(transitionWorkflow.permissive)[0] as TransitionSnapshot,
);

/** What a state accepts depends on the state alone (not on its history), so it is asked once per state. */
const OPTIONS = new Map<string, EventType[]>();
function nextOptions(snapshot: TransitionSnapshot): EventType[] {
  const key = JSON.stringify(snapshot.value);
  let options = OPTIONS.get(key);
  if (!options) {
    const accepted = TRANSITION_EVENT_TYPES.filter((type) => acceptsInState(snapshot, type));
    const forward = accepted.filter((type) => FORWARD.includes(type));
    options = [...accepted, ...forward, ...forward, ...forward, ...forward];
    OPTIONS.set(key, options);
  }
  return options;
}

function buildWorld(raw: RawWorld): World {
  const institutions = raw.funded + 1;
  const grantStart = iso(raw.grantStartDay);
  const periods: Period[] = [];
  let start = raw.grantStartDay + raw.firstPeriodOffset;
  for (const length of raw.periodLengths) {
    periods.push({ start: iso(start), end: iso(start + length - 1) });
    start += length;
  }
  const anchors = [raw.grantStartDay, ...periods.flatMap((p) => [dayOf(p.start), dayOf(p.end)])];
  const date = (s: DateSpec) => iso("day" in s ? s.day : anchors[s.anchor % anchors.length]! + s.delta);
  const dob = (s: DobSpec | null, own: string): string | null => {
    if (s === null) return null;
    if ("leapYear" in s) return `${1940 + 4 * s.leapYear}-02-29`;
    if ("daysBeforeWindow" in s) return iso(-s.daysBeforeWindow);
    const ref = s.before === "own" ? own : date(s.before);
    const [y, m, d] = ref.split("-").map(Number) as [number, number, number];
    const birthday = new Date(Date.UTC(y - s.years, m - 1, d)).toISOString().slice(0, 10);
    return addDays(birthday, s.delta);
  };
  const inst = (i: number) => i % institutions;

  const residentCases = raw.residents.map((r, i): ResidentCase => {
    const openedOn = date(r.opened);
    const events: ResidentCase["events"] = [];
    const dates = r.steps
      .map((s) => date(s.on))
      .map((d) => (d < openedOn ? openedOn : d))
      .sort();
    let snapshot = AT_MOVING;
    r.steps.forEach((s, k) => {
      const options = nextOptions(snapshot);
      if (options.length === 0) return;
      const type = options[s.choice % options.length]!;
      const [next] = transition(transitionWorkflow.permissive, snapshot, stepOf(type, dates[k]!));
      events.push({ type, on: dates[k]!, from: stateName(snapshot), to: stateName(next as TransitionSnapshot) });
      snapshot = next as TransitionSnapshot;
    });
    const services = r.services.map((s) => {
      const a = date(s.start);
      if (s.end === null) return { start: a, end: null };
      const b = "length" in s.end ? addDays(a, s.end.length) : date(s.end);
      return b < a ? { start: b, end: a } : { start: a, end: b };
    });
    return {
      code: `R${i}-i${inst(r.inst)}`,
      inst: inst(r.inst),
      sex: r.sex,
      dob: dob(r.dob, openedOn),
      targetGroup: r.targetGroup,
      disability: r.disability,
      openedOn,
      events,
      services,
    };
  });

  const staffCases = raw.staff.map((s, i): StaffCase => {
    const communityStartOn = s.communityStart === null ? null : date(s.communityStart);
    const enrolmentCases = s.enrolments.map((e) => {
      const attended = [...new Set(e.attended.map(date))].sort();
      return { enrolledOn: minDate([date(e.enrolled), ...attended])!, attended };
    });
    return {
      code: `S${i}-i${inst(s.inst)}`,
      inst: inst(s.inst),
      sex: s.sex,
      dob: dob(s.dob, communityStartOn ?? iso(WINDOW_DAYS >> 1)),
      communityStartOn,
      enrolments: enrolmentCases,
      sessions: raw.sessions.length === 0 ? [] : [...new Set(s.sessions.map((k) => k % raw.sessions.length))],
    };
  });

  return {
    institutions,
    funded: raw.funded,
    grantStart,
    ageScheme: raw.ageScheme,
    periods,
    residents: residentCases,
    staff: staffCases,
    sessions: raw.sessions.map((s) => ({ inst: inst(s.inst), heldOn: date(s.heldOn) })),
    units: raw.units.map((u, i) => ({
      name: `H${i}-i${inst(u.inst)}`,
      inst: inst(u.inst),
      status: u.status,
      openedOn: u.opened === null ? null : date(u.opened),
      capacity: u.capacity,
      capacityAtOpening: u.capacityAtOpening,
    })),
  };
}

const worldArb = rawWorld.map(buildWorld);

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

describe("indicator engine = independent recount of the counting rules", () => {
  let db: Db;
  let institutionIds: number[];
  let moduleId: number;

  beforeAll(() => {
    db = freshDb();
    institutionIds = [createInstitution(db).id, createInstitution(db).id, createInstitution(db).id];
    moduleId = db
      .insert(trainingModules)
      .values({
        titleEn: "Supported living",
        titlePl: "Mieszkalnictwo",
        titleBg: "Жилище",
        hours: 40,
        competenceArea: "supported_living",
        provider: "ROPS",
      })
      .returning()
      .get().id;
  });
  afterAll(() => db.$client.close());

  it("agrees on 1,000 random case histories (values, counted and excluded people, breakdowns, additivity)", () => {
    const stats = new Stats();
    const started = performance.now();
    const numRuns = 1000;
    fc.assert(
      fc.property(worldArb, (w) => {
        db.$client.exec("BEGIN");
        try {
          load(db, w, institutionIds, moduleId);
          expect(countingDifferences(db), "counting_moments = recount").toEqual([]);
          checkWorld(db, w, institutionIds, stats);
        } finally {
          db.$client.exec("ROLLBACK");
        }
      }),
      {
        numRuns,
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}),
      },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(`indicator property: ${numRuns} runs in ${seconds} s`, JSON.stringify(stats));
    // The generator must reach the cases the rules are about.
    for (const code of CODES) expect(stats.nonZero[code] ?? 0, `${code} non-zero in some periods`).toBeGreaterThan(100);
    expect(stats.excluded).toBeGreaterThan(100);
    expect(stats.onPeriodStart).toBeGreaterThan(50);
    expect(stats.onPeriodEnd).toBeGreaterThan(50);
    expect(stats.onGrantStart).toBeGreaterThan(50);
    expect(stats.additivity).toBeGreaterThan(300);
    // Nothing left behind by the rolled-back runs.
    expect(db.select().from(residents).all()).toEqual([]);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// Examples with fixed dates: the sharp edges
// ---------------------------------------------------------------------------------------------

describe("indicator engine: sharp edges", () => {
  const GRANT = "2024-01-01";
  const P: Period = { start: "2024-04-01", end: "2024-06-30" };

  function resident(code: string, over: Partial<ResidentCase> = {}): ResidentCase {
    return {
      code,
      inst: 0,
      sex: "female",
      dob: "1960-05-05",
      targetGroup: "older_person",
      disability: "no",
      openedOn: "2024-02-01",
      events: [],
      services: [],
      ...over,
    };
  }
  const ev = (type: EventType, on: string) => ({ type, on, from: "moving" as const, to: "in_community" as const });

  function run(over: Partial<World>, p: Period = P) {
    const w: World = {
      institutions: 2,
      funded: 1,
      grantStart: GRANT,
      ageScheme: "esf_plus_2021_2027",
      periods: [p],
      residents: [],
      staff: [],
      sessions: [],
      units: [],
      ...over,
    };
    const db = freshDb();
    const ids = [createInstitution(db).id, createInstitution(db).id];
    const moduleId = db
      .insert(trainingModules)
      .values({ titleEn: "M", titlePl: "M", titleBg: "M", hours: 8, competenceArea: "home_care", provider: "P" })
      .returning()
      .get().id;
    load(db, w, ids, moduleId);
    checkWorld(db, w, ids);
    const values = engine(db, w, ids, p);
    db.$client.close();
    return (code: IndicatorCode) => values.find((v) => v.code === code)!;
  }
  const codes = (v: IndicatorValue, inPeriod?: boolean) =>
    v.items
      .filter((i) => inPeriod === undefined || i.inPeriod === inPeriod)
      .map((i) => i.code)
      .sort();

  it("a move on the period's first and last day counts in the period; the day before counts only cumulatively; the day after not yet", () => {
    const v = run({
      residents: [
        resident("ON_START", { events: [ev("RECORD_MOVE", "2024-04-01")] }),
        resident("ON_END", { events: [ev("RECORD_MOVE", "2024-06-30")] }),
        resident("DAY_BEFORE", { events: [ev("RECORD_MOVE", "2024-03-31")] }),
        resident("DAY_AFTER", { events: [ev("RECORD_MOVE", "2024-07-01")] }),
        resident("OTHER_INST", { inst: 1, events: [ev("RECORD_MOVE", "2024-05-01")] }),
      ],
    })("RES_MOVED");
    expect(codes(v, true)).toEqual(["ON_END", "ON_START"]);
    expect(codes(v)).toEqual(["DAY_BEFORE", "ON_END", "ON_START"]);
    expect([v.inPeriod, v.cumulative]).toEqual([2, 3]);
  });

  it("a first move before the grant's start is not this grant's, even with a second move inside the period", () => {
    const v = run({
      residents: [
        resident("EARLY", {
          openedOn: "2023-06-01",
          events: [
            ev("RECORD_MOVE", "2023-12-31"),
            ev("RETURN", "2024-02-01"),
            ev("REPLAN", "2024-02-10"),
            ev("RECORD_MOVE", "2024-05-01"),
          ],
        }),
        resident("ON_GRANT_START", { openedOn: "2023-06-01", events: [ev("RECORD_MOVE", "2024-01-01")] }),
      ],
    });
    expect(codes(v("RES_MOVED"))).toEqual(["ON_GRANT_START"]);
    expect([v("RES_MOVED").inPeriod, v("RES_MOVED").cumulative]).toEqual([0, 1]);
    // Opened before the grant: not covered by it either; the return inside the grant is counted.
    expect(v("RES_COVERED").cumulative).toBe(0);
    expect(codes(v("RES_RETURNED"))).toEqual(["EARLY"]);
  });

  it("IN_SERVICES on the period's last day: a death that day excludes, a death the day after does not", () => {
    const service = [{ start: "2024-03-01", end: null }];
    const v = run({
      residents: [
        resident("DIES_ON_END", {
          events: [ev("RECORD_MOVE", "2024-03-01"), ev("RECORD_DEATH", "2024-06-30")],
          services: service,
        }),
        resident("DIES_AFTER", {
          events: [ev("RECORD_MOVE", "2024-03-01"), ev("RECORD_DEATH", "2024-07-01")],
          services: service,
        }),
        resident("NOT_MOVED", { services: service }),
        resident("MOVES_AFTER", { events: [ev("RECORD_MOVE", "2024-07-01")], services: service }),
        resident("MOVES_ON_END", { events: [ev("RECORD_MOVE", "2024-06-30")], services: service }),
      ],
    })("IN_SERVICES");
    expect(codes(v)).toEqual(["DIES_AFTER", "MOVES_ON_END"]);
    expect([v.inPeriod, v.cumulative]).toEqual([2, 2]);
    expect(v.items.every((i) => i.on === "2024-06-30" && i.inPeriod)).toBe(true);
  });

  it("IN_SERVICES: a service ending on the last day counts, one ended the day before does not, one starting that day does", () => {
    const moved = [ev("RECORD_MOVE", "2023-10-01")];
    const v = run({
      residents: [
        resident("ENDS_ON_END", { events: moved, services: [{ start: "2024-01-01", end: "2024-06-30" }] }),
        resident("ENDED_BEFORE", { events: moved, services: [{ start: "2024-01-01", end: "2024-06-29" }] }),
        resident("STARTS_ON_END", { events: moved, services: [{ start: "2024-06-30", end: null }] }),
        resident("STARTS_AFTER", { events: moved, services: [{ start: "2024-07-01", end: null }] }),
        resident("GAP", {
          events: moved,
          services: [
            { start: "2024-01-01", end: "2024-03-31" },
            { start: "2024-07-01", end: null },
          ],
        }),
        // No grant-start filter for the stock: moved and served long before the grant still counts.
        resident("BEFORE_GRANT", {
          openedOn: "2022-01-01",
          events: [ev("RECORD_MOVE", "2022-06-01")],
          services: [{ start: "2022-06-01", end: null }],
        }),
      ],
    })("IN_SERVICES");
    expect(codes(v)).toEqual(["BEFORE_GRANT", "ENDS_ON_END", "STARTS_ON_END"]);
  });

  it("PLACES_CREATED sums capacity at opening (else capacity) of open and closed units; a planned unit is not counted", () => {
    const unit = (name: string, over: Partial<UnitCase>): UnitCase => ({
      name,
      inst: 0,
      status: "open",
      openedOn: "2024-05-01",
      capacity: 6,
      capacityAtOpening: 4,
      ...over,
    });
    const v = run({
      units: [
        unit("OPEN", {}),
        unit("CLOSED_NO_AT_OPENING", { status: "closed", capacityAtOpening: null, openedOn: "2024-02-01" }),
        unit("PLANNED_WITH_DATE", { status: "planned" }),
        unit("OPEN_NO_DATE", { openedOn: null }),
        unit("OPEN_BEFORE_GRANT", { openedOn: "2023-12-31" }),
        unit("OTHER_INST", { inst: 1 }),
      ],
    })("PLACES_CREATED");
    expect(codes(v)).toEqual(["CLOSED_NO_AT_OPENING", "OPEN"]);
    expect([v.inPeriod, v.cumulative]).toEqual([4, 10]);
    expect(v.excluded).toEqual([]);
  });

  it("a person without sex or date of birth is not counted but listed in excluded with what is missing", () => {
    const v = run({
      residents: [
        resident("COMPLETE", { openedOn: "2024-04-01" }),
        resident("NO_SEX", { openedOn: "2024-04-02", sex: null }),
        resident("NO_DOB", { openedOn: "2024-02-01", dob: null }),
        resident("NO_BOTH", { openedOn: "2024-06-30", sex: null, dob: null }),
        resident("NO_BOTH_BEFORE_GRANT", { openedOn: "2023-05-01", sex: null, dob: null }),
      ],
      staff: [
        {
          code: "S_NO_SEX",
          inst: 0,
          sex: null,
          dob: "1980-01-01",
          communityStartOn: "2024-06-01",
          enrolments: [],
          sessions: [],
        },
        {
          code: "S_ENROLLED_ONLY",
          inst: 0,
          sex: "male",
          dob: "1980-01-01",
          communityStartOn: null,
          enrolments: [{ enrolledOn: "2024-04-01", attended: [] }],
          sessions: [],
        },
      ],
    });
    const covered = v("RES_COVERED");
    expect(codes(covered)).toEqual(["COMPLETE"]);
    expect([covered.inPeriod, covered.cumulative]).toEqual([1, 1]);
    expect(covered.excluded.map((e) => ({ ...e, missing: [...e.missing].sort() })).sort(byCode)).toEqual([
      { code: "NO_BOTH", on: "2024-06-30", inPeriod: true, missing: ["date_of_birth", "sex"] },
      { code: "NO_DOB", on: "2024-02-01", inPeriod: false, missing: ["date_of_birth"] },
      { code: "NO_SEX", on: "2024-04-02", inPeriod: true, missing: ["sex"] },
    ]);
    expect(v("STAFF_TO_COMMUNITY").excluded).toEqual([
      { code: "S_NO_SEX", on: "2024-06-01", inPeriod: true, missing: ["sex"] },
    ]);
    expect(v("STAFF_TO_COMMUNITY").cumulative).toBe(0);
    // Enrolment alone is not support.
    expect(v("STAFF_SUPPORTED").cumulative).toBe(0);
  });

  it("STAFF_SUPPORTED counts the earliest of training attendance and support sessions, once", () => {
    const v = run({
      sessions: [
        { inst: 1, heldOn: "2024-03-15" },
        { inst: 0, heldOn: "2024-05-10" },
      ],
      staff: [
        {
          code: "SESSION_FIRST",
          inst: 0,
          sex: "female",
          dob: "1990-01-01",
          communityStartOn: null,
          enrolments: [{ enrolledOn: "2024-03-01", attended: ["2024-04-20", "2024-05-01"] }],
          sessions: [0],
        },
        {
          code: "TRAINING_FIRST",
          inst: 0,
          sex: "male",
          dob: "1970-01-01",
          communityStartOn: null,
          enrolments: [{ enrolledOn: "2024-03-01", attended: ["2024-04-01"] }],
          sessions: [1],
        },
        {
          code: "BEFORE_GRANT",
          inst: 0,
          sex: "male",
          dob: "1970-01-01",
          communityStartOn: null,
          enrolments: [{ enrolledOn: "2023-11-01", attended: ["2023-12-31", "2024-05-01"] }],
          sessions: [],
        },
      ],
    })("STAFF_SUPPORTED");
    expect(v.items.map((i) => [i.code, i.on, i.inPeriod])).toEqual([
      ["SESSION_FIRST", "2024-03-15", false],
      ["TRAINING_FIRST", "2024-04-01", true],
    ]);
    expect(v.breakdowns.age_group).toEqual({ "30_54": { inPeriod: 1, cumulative: 2 } });
  });
});

// ---------------------------------------------------------------------------------------------
// counting_moments (decision 035): the table the engine reads equals the recount from the
// records after every kind of write, corrections and voids included
// ---------------------------------------------------------------------------------------------

/** One write of any kind the records get, on a loaded world (indices are taken modulo what exists). */
const writeArb = fc.oneof(
  fc.record({
    kind: fc.constant("event" as const),
    t: fc.nat(),
    type: fc.constantFrom("RECORD_MOVE", "RETURN", "RECORD_DEATH", "PUT_ON_HOLD"),
    day: fc.nat(WINDOW_DAYS - 1),
  }),
  fc.record({ kind: fc.constant("correct" as const), e: fc.nat(), day: fc.nat(WINDOW_DAYS - 1) }),
  fc.record({ kind: fc.constant("void" as const), e: fc.nat() }),
  fc.record({
    kind: fc.constant("resident" as const),
    r: fc.nat(),
    sex: sexArb,
    dob: fc.option(fc.nat(30000), { freq: 4 }),
    targetGroup: fc.constantFrom(...TARGET_GROUPS),
    disability: fc.constantFrom(...DISABILITY_STATUSES),
  }),
  fc.record({ kind: fc.constant("opened" as const), t: fc.nat(), day: fc.nat(WINDOW_DAYS - 1), inst: instArb }),
  fc.record({ kind: fc.constant("dropTransition" as const), t: fc.nat() }),
  fc.record({
    kind: fc.constant("staff" as const),
    s: fc.nat(),
    community: fc.option(fc.nat(WINDOW_DAYS - 1), { freq: 2 }),
    sex: sexArb,
    dob: fc.option(fc.nat(30000), { freq: 4 }),
    inst: instArb,
  }),
  fc.record({ kind: fc.constant("attend" as const), en: fc.nat(), day: fc.nat(WINDOW_DAYS - 1) }),
  fc.record({ kind: fc.constant("unattend" as const), a: fc.nat() }),
  fc.record({ kind: fc.constant("moveAttendance" as const), a: fc.nat(), day: fc.nat(WINDOW_DAYS - 1) }),
  fc.record({ kind: fc.constant("dropEnrolment" as const), en: fc.nat() }),
  fc.record({ kind: fc.constant("sessionDate" as const), ss: fc.nat(), day: fc.nat(WINDOW_DAYS - 1) }),
  fc.record({ kind: fc.constant("attendee" as const), ss: fc.nat(), s: fc.nat(), add: fc.boolean() }),
  fc.record({ kind: fc.constant("dropSession" as const), ss: fc.nat() }),
  fc.record({ kind: fc.constant("dropStaff" as const), s: fc.nat() }),
  fc.record({
    kind: fc.constant("unit" as const),
    u: fc.nat(),
    status: fc.constantFrom(...HOUSING_UNIT_STATUSES),
    opened: fc.option(fc.nat(WINDOW_DAYS - 1), { freq: 3 }),
    capacity: fc.integer({ min: 1, max: 12 }),
    capacityAtOpening: fc.option(fc.integer({ min: 1, max: 12 }), { freq: 2 }),
    inst: instArb,
  }),
  fc.record({ kind: fc.constant("dropUnit" as const), u: fc.nat() }),
);
type Write = typeof writeArb extends fc.Arbitrary<infer T> ? T : never;

/** Applies one write with plain SQL (the triggers keep the table whatever path writes). */
function applyWrite(db: Db, institutionIds: readonly number[], w: Write): void {
  const c = db.$client;
  const pick = <T>(rows: T[], i: number): T | undefined => (rows.length === 0 ? undefined : rows[i % rows.length]);
  const ids = (q: string) => c.prepare(q).pluck().all() as number[];
  const inst = (i: number) => institutionIds[i % institutionIds.length]!;
  const dob = (d: number | null) => (d === null ? null : iso(-d));
  switch (w.kind) {
    case "event":
    case "correct":
    case "void": {
      let transitionId: number | undefined;
      let type: string;
      let supersedes: number | null = null;
      if (w.kind === "event") {
        transitionId = pick(ids("select id from transitions order by id"), w.t);
        type = w.type;
      } else {
        const e = pick(
          c
            .prepare(
              "select transition_id as t, seq, type from transition_events e where type <> 'VOID' and not exists (select 1 from transition_events s where s.transition_id = e.transition_id and s.supersedes_seq = e.seq) order by id",
            )
            .all() as { t: number; seq: number; type: string }[],
          w.e,
        );
        if (!e) return;
        transitionId = e.t;
        type = w.kind === "void" ? "VOID" : e.type;
        supersedes = e.seq;
      }
      if (transitionId === undefined) return;
      const seq = c
        .prepare("select coalesce(max(seq), 0) + 1 from transition_events where transition_id = ?")
        .pluck()
        .get(transitionId) as number;
      const on = "day" in w ? iso(w.day) : "2024-01-01";
      c.prepare(
        "insert into transition_events (transition_id, seq, type, event, occurred_on, recorded_at, from_state, to_state, supersedes_seq, reason) values (?, ?, ?, ?, ?, ?, 'moving', 'moving', ?, ?)",
      ).run(
        transitionId,
        seq,
        type,
        JSON.stringify({ type, on }),
        on,
        `${on}T12:00:00.000Z`,
        supersedes,
        supersedes === null ? null : "property",
      );
      return;
    }
    case "resident": {
      const id = pick(ids("select id from residents order by id"), w.r);
      if (id !== undefined)
        c.prepare("update residents set sex = ?, date_of_birth = ?, target_group = ?, disability = ? where id = ?").run(
          w.sex,
          dob(w.dob),
          w.targetGroup,
          w.disability,
          id,
        );
      return;
    }
    case "opened": {
      const id = pick(ids("select id from transitions order by id"), w.t);
      if (id !== undefined)
        c.prepare("update transitions set opened_on = ?, institution_id = ? where id = ?").run(
          iso(w.day),
          inst(w.inst),
          id,
        );
      return;
    }
    case "dropTransition": {
      const id = pick(ids("select id from transitions order by id"), w.t);
      if (id !== undefined) c.prepare("delete from transitions where id = ?").run(id);
      return;
    }
    case "staff": {
      const id = pick(ids("select id from staff_members order by id"), w.s);
      if (id !== undefined)
        c.prepare(
          "update staff_members set community_start_on = ?, sex = ?, date_of_birth = ?, institution_id = ? where id = ?",
        ).run(w.community === null ? null : iso(w.community), w.sex, dob(w.dob), inst(w.inst), id);
      return;
    }
    case "attend": {
      const id = pick(ids("select id from enrolments order by id"), w.en);
      if (id !== undefined)
        c.prepare("insert or ignore into training_attendance (enrolment_id, attended_on) values (?, ?)").run(
          id,
          iso(w.day),
        );
      return;
    }
    case "unattend": {
      const id = pick(ids("select id from training_attendance order by id"), w.a);
      if (id !== undefined) c.prepare("delete from training_attendance where id = ?").run(id);
      return;
    }
    case "moveAttendance": {
      const id = pick(ids("select id from training_attendance order by id"), w.a);
      if (id !== undefined)
        c.prepare("update or ignore training_attendance set attended_on = ? where id = ?").run(iso(w.day), id);
      return;
    }
    case "dropEnrolment": {
      const id = pick(ids("select id from enrolments order by id"), w.en);
      if (id !== undefined) c.prepare("delete from enrolments where id = ?").run(id);
      return;
    }
    case "sessionDate": {
      const id = pick(ids("select id from support_sessions order by id"), w.ss);
      if (id !== undefined) c.prepare("update support_sessions set held_on = ? where id = ?").run(iso(w.day), id);
      return;
    }
    case "attendee": {
      const session = pick(ids("select id from support_sessions order by id"), w.ss);
      const staff = pick(ids("select id from staff_members order by id"), w.s);
      if (session === undefined || staff === undefined) return;
      if (w.add)
        c.prepare("insert or ignore into support_session_attendees (session_id, staff_member_id) values (?, ?)").run(
          session,
          staff,
        );
      else
        c.prepare("delete from support_session_attendees where session_id = ? and staff_member_id = ?").run(
          session,
          staff,
        );
      return;
    }
    case "dropSession": {
      const id = pick(ids("select id from support_sessions order by id"), w.ss);
      if (id !== undefined) c.prepare("delete from support_sessions where id = ?").run(id);
      return;
    }
    case "dropStaff": {
      const id = pick(ids("select id from staff_members order by id"), w.s);
      if (id === undefined) return;
      c.prepare("delete from support_session_attendees where staff_member_id = ?").run(id);
      c.prepare("delete from enrolments where staff_member_id = ?").run(id);
      c.prepare("delete from staff_members where id = ?").run(id);
      return;
    }
    case "unit": {
      const id = pick(ids("select id from housing_units order by id"), w.u);
      if (id !== undefined)
        c.prepare(
          "update housing_units set status = ?, opened_on = ?, capacity = ?, capacity_at_opening = ?, institution_id = ? where id = ?",
        ).run(w.status, w.opened === null ? null : iso(w.opened), w.capacity, w.capacityAtOpening, inst(w.inst), id);
      return;
    }
    case "dropUnit": {
      const id = pick(ids("select id from housing_units order by id"), w.u);
      if (id !== undefined) c.prepare("delete from housing_units where id = ?").run(id);
      return;
    }
  }
}

describe("counting_moments = the recount from the records, after every kind of write", () => {
  let db: Db;
  let institutionIds: number[];
  let moduleId: number;

  beforeAll(() => {
    db = freshDb();
    institutionIds = [createInstitution(db).id, createInstitution(db).id, createInstitution(db).id];
    moduleId = db
      .insert(trainingModules)
      .values({ titleEn: "M", titlePl: "M", titleBg: "M", hours: 8, competenceArea: "home_care", provider: "P" })
      .returning()
      .get().id;
  });
  afterAll(() => db.$client.close());

  it("agrees on 300 random worlds, each followed by up to 25 random writes (events, corrections, voids, data, attendance, sessions, housing, deletions)", () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(worldArb, fc.array(writeArb, { maxLength: 25 }), (w, writes) => {
        db.$client.exec("BEGIN");
        try {
          load(db, w, institutionIds, moduleId);
          expect(countingDifferences(db), "after loading").toEqual([]);
          writes.forEach((write, k) => {
            applyWrite(db, institutionIds, write);
            kinds.set(write.kind, (kinds.get(write.kind) ?? 0) + 1);
            expect(countingDifferences(db), `after write ${k}: ${JSON.stringify(write)}`).toEqual([]);
          });
          // The stock reads the moments too (first move, first death): the same residents as the recount.
          for (const p of w.periods) {
            const live = countingRecords(db, institutionIds, "IN_SERVICES", p.end)
              .map((r) => r.code)
              .sort();
            const recount = db
              .all<{ code: string }>(recountSql(institutionIds, "IN_SERVICES", p.end))
              .map((r) => r.code)
              .sort();
            expect(live, `IN_SERVICES on ${p.end}`).toEqual(recount);
          }
        } finally {
          db.$client.exec("ROLLBACK");
        }
      }),
      {
        numRuns: 300,
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}),
      },
    );
    console.info("counting_moments property: writes by kind", JSON.stringify(Object.fromEntries(kinds)));
    for (const kind of ["event", "correct", "void", "resident", "opened", "staff", "attend", "unit", "dropTransition"])
      expect(kinds.get(kind) ?? 0, `${kind} writes made`).toBeGreaterThan(50);
  }, 300_000);
});
