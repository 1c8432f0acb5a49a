import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import {
  auditEvents,
  communityServices,
  enrolments,
  housingUnits,
  residents,
  staffMembers,
  trainingModules,
  transitionEvents,
  transitions,
} from "#db/schema";
import { LEGAL_CAPACITIES, TARGET_GROUPS } from "#db/schema/enums";
import { ageGroup } from "#app/modules/indicators/definitions";
import { draftDiagnosis, editDiagnosisFigures, registerCounts } from "#app/modules/plans/diagnosis.server";
import { figureField, groupCategories, type DiagnosisFigures } from "#app/modules/plans/diagnosis";
import { catalogueOf } from "#app/modules/plans/diagnosis.server";
import { createPlan, getPlanVersion } from "#app/modules/plans/service.server";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createMunicipality, createUser } from "#tests/factories";

/**
 * "Draft the diagnosis from the register" (decision 039) on a real database: a random register
 * (seeded, so a failure repeats) is inserted row by row, the expected figures are counted here
 * from the same model in plain code, and the service's figures must equal them on several days.
 */

const day = (d: string) => new Date(`${d}T10:00:00Z`);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Ev = { type: "RECORD_MOVE" | "RETURN" | "RECORD_DEATH" | "START_ASSESSMENT" | "WITHDRAW"; on: string };
interface ModelResident {
  inst: number;
  dob: string | null;
  targetGroup: (typeof TARGET_GROUPS)[number];
  legalCapacity: (typeof LEGAL_CAPACITIES)[number];
  admission: string | null;
  openedOn: string;
  events: Ev[];
  /** A correction superseded this resident's first event (its original must not count). */
  supersededFirst: boolean;
  services: { type: string; start: string; end: string | null }[];
}
interface ModelStaff {
  inst: number;
  position: string;
  from: string | null;
  to: string | null;
  enrolments: { enrolledOn: string; completedOn: string | null; droppedOn: string | null }[];
}

const dateIn = (r: () => number, from: number, to: number) => {
  const t = Date.UTC(from, 0, 1) + Math.floor(r() * (Date.UTC(to, 11, 31) - Date.UTC(from, 0, 1)));
  return new Date(t).toISOString().slice(0, 10);
};
const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;

function model(seed: number) {
  const r = rng(seed);
  const res: ModelResident[] = Array.from({ length: 60 }, () => {
    const openedOn = dateIn(r, 2023, 2024);
    const events: Ev[] = [];
    let d = openedOn;
    for (const type of ["START_ASSESSMENT", "RECORD_MOVE", "RETURN", "RECORD_MOVE", "RECORD_DEATH"] as const) {
      if (r() < 0.45) break;
      // A log is in date order (the machine's guards see to it).
      const next = dateIn(r, Number(d.slice(0, 4)), 2025);
      if (next > d) d = next;
      events.push({ type, on: d });
    }
    if (events.length === 0 && r() < 0.2) events.push({ type: "WITHDRAW", on: dateIn(r, 2024, 2025) });
    const moved = events.find((e) => e.type === "RECORD_MOVE");
    return {
      inst: r() < 0.8 ? 0 : 1,
      dob: r() < 0.1 ? null : dateIn(r, 1930, 2008),
      targetGroup: pick(r, TARGET_GROUPS),
      legalCapacity: pick(r, LEGAL_CAPACITIES),
      admission: r() < 0.2 ? null : dateIn(r, 2010, 2025),
      openedOn,
      events,
      supersededFirst: events.length > 1 && r() < 0.15,
      services: moved
        ? [
            {
              type: pick(r, ["pl_care_services", "pl_personal_assistance"]),
              start: moved.on,
              end: r() < 0.3 ? "2025-06-30" : null,
            },
          ]
        : [],
    };
  });
  const staff: ModelStaff[] = Array.from({ length: 30 }, () => ({
    inst: r() < 0.7 ? 0 : 1,
    position: pick(r, ["opiekun", "opiekun", "opiekun ", "pielęgniarka", "psycholog", "pracownik socjalny"]),
    from: r() < 0.2 ? null : dateIn(r, 2015, 2025),
    to: r() < 0.8 ? null : dateIn(r, 2024, 2025),
    enrolments:
      r() < 0.6
        ? [
            (() => {
              const enrolledOn = dateIn(r, 2023, 2025);
              const end = r();
              return {
                enrolledOn,
                completedOn: end < 0.4 ? dateIn(r, Number(enrolledOn.slice(0, 4)), 2025) : null,
                droppedOn: end > 0.85 ? dateIn(r, Number(enrolledOn.slice(0, 4)), 2025) : null,
              };
            })(),
          ]
        : [],
  }));
  return { res, staff };
}

function load(db: Db, m: ReturnType<typeof model>, insts: number[], tag = "A") {
  m.res.forEach((x, i) => {
    const rid = db
      .insert(residents)
      .values({
        institutionId: insts[x.inst]!,
        code: `R-${tag}${i}`,
        firstName: "Imię",
        lastName: `Nazwisko ${i}`,
        sex: "female",
        dateOfBirth: x.dob,
        targetGroup: x.targetGroup,
        legalCapacity: x.legalCapacity,
        admissionDate: x.admission,
      })
      .returning({ id: residents.id })
      .get().id;
    const tid = db
      .insert(transitions)
      .values({
        residentId: rid,
        institutionId: insts[x.inst]!,
        openedOn: x.openedOn,
        state: "identified",
        stateSince: x.openedOn,
        snapshot: {},
        machineVersion: 1,
      })
      .returning({ id: transitions.id })
      .get().id;
    let seq = 0;
    const rows = x.events.map((e) => ({
      transitionId: tid,
      seq: ++seq,
      type: e.type,
      event: { type: e.type, on: e.on },
      occurredOn: e.on,
      recordedAt: `${e.on}T12:00:00.000Z`,
      fromState: "x",
      toState: "y",
    }));
    if (x.supersededFirst) {
      // The first entry was corrected to a later date: the original is not in force.
      const first = rows[0]!;
      rows.push({ ...first, seq: ++seq, occurredOn: "2099-01-01", supersedesSeq: 1 } as never);
    }
    if (rows.length) db.insert(transitionEvents).values(rows).run();
    for (const s of x.services)
      db.insert(communityServices)
        .values({ transitionId: tid, serviceType: s.type, provider: "MOPS", startOn: s.start, endOn: s.end })
        .run();
  });
  const moduleId = db
    .insert(trainingModules)
    .values({ titleEn: "M", titlePl: "M", titleBg: "M", hours: 10, competenceArea: "supported_living", provider: "P" })
    .returning({ id: trainingModules.id })
    .get().id;
  m.staff.forEach((s, i) => {
    const sid = db
      .insert(staffMembers)
      .values({
        institutionId: insts[s.inst]!,
        code: `S-${tag}${i}`,
        firstName: "Imię",
        lastName: `Nazwisko ${i}`,
        position: s.position,
        employedFrom: s.from,
        employedTo: s.to,
      })
      .returning({ id: staffMembers.id })
      .get().id;
    for (const e of s.enrolments)
      db.insert(enrolments)
        .values({
          staffMemberId: sid,
          moduleId,
          institutionId: insts[s.inst]!,
          state: e.completedOn ? "completed" : e.droppedOn ? "dropped" : "enrolled",
          snapshot: {},
          machineVersion: 1,
          enrolledOn: e.enrolledOn,
          completedOn: e.completedOn,
          droppedOn: e.droppedOn,
        })
        .run();
  });
  const unit = (type: string, capacity: number, openedOn: string | null, status: "open" | "planned" | "closed") =>
    db
      .insert(housingUnits)
      .values({
        institutionId: insts[0]!,
        housingType: type,
        name: `M ${type} ${openedOn}`,
        address: "ul. Testowa 1",
        operatorName: "Gmina",
        operatorKind: "municipality",
        capacity,
        openedOn,
        status,
      })
      .run();
  unit("pl_training_flat", 4, "2024-03-01", "open");
  unit("pl_training_flat", 6, "2025-02-01", "open");
  unit("pl_assisted_flat", 5, "2024-09-01", "open");
  unit("pl_assisted_flat", 3, null, "planned");
  unit("pl_assisted_flat", 2, "2023-01-01", "closed");
}

/** The expected counts on `d`, from the model alone. */
function expected(m: ReturnType<typeof model>, d: string) {
  const inForce = (x: ModelResident) => (x.supersededFirst ? x.events.slice(1) : x.events).filter((e) => e.on <= d);
  const out = {
    residents: 0,
    waitingList: 0,
    staff: 0,
    tg: {} as Record<string, number>,
    age: {} as Record<string, number>,
    cap: {} as Record<string, number>,
    services: {} as Record<string, number>,
    roles: {} as Record<string, number>,
    retraining: { completed: 0, in_training: 0, not_enrolled: 0 } as Record<string, number>,
  };
  const inc = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);
  for (const x of m.res) {
    const log = inForce(x);
    const alive = !log.some((e) => e.type === "RECORD_DEATH");
    if (alive)
      for (const type of new Set(x.services.filter((s) => s.start <= d && (!s.end || s.end >= d)).map((s) => s.type)))
        inc(out.services, type);
    if (x.admission && x.admission > d) continue;
    if (!alive) continue;
    const where = log.filter((e) => e.type === "RECORD_MOVE" || e.type === "RETURN").at(-1);
    if (where?.type === "RECORD_MOVE") continue;
    out.residents++;
    inc(out.tg, x.targetGroup);
    inc(out.cap, x.legalCapacity);
    inc(out.age, x.dob ? ageGroup("esf_plus_2021_2027", x.dob, d) : "unknown");
    if (x.openedOn <= d && !log.some((e) => e.type === "START_ASSESSMENT" || e.type === "WITHDRAW")) out.waitingList++;
  }
  for (const s of m.staff) {
    if ((s.from && s.from > d) || (s.to && s.to < d)) continue;
    out.staff++;
    inc(out.roles, s.position.trim());
    const done = s.enrolments.some((e) => e.completedOn && e.completedOn <= d);
    const going = s.enrolments.some(
      (e) => e.enrolledOn <= d && !(e.completedOn && e.completedOn <= d) && !(e.droppedOn && e.droppedOn <= d),
    );
    inc(out.retraining, done ? "completed" : going ? "in_training" : "not_enrolled");
  }
  return out;
}

const nonZero = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).filter(([, n]) => n > 0));

async function world(seed: number) {
  const db = freshDb();
  const area = createMunicipality(db, { name: "Zielona Góra" });
  const insts = [
    createInstitution(db, { municipalityId: area.id }).id,
    createInstitution(db, { municipalityId: area.id }).id,
  ];
  // A community-service unit of the area: its staff count, it has no residents in care.
  const other = createInstitution(db); // another area: never counted
  const m = model(seed);
  load(db, m, insts);
  load(db, model(seed + 1), [other.id, other.id], "B");
  const wg = (await createUser(db, { role: "working_group", institutionIds: [insts[0]!] })).id;
  const ctx = (d = "2026-11-30") => contextFor(db, wg, day(d));
  return { db, area, insts, m, ctx };
}

describe("the register's counts as of a day", () => {
  it("equal the counts made from the inserted records, on every day tried (the as-of day is respected)", async () => {
    for (const seed of [1, 2, 3]) {
      const w = await world(seed);
      for (const d of ["2023-06-30", "2024-06-30", "2024-12-31", "2025-08-15", "2026-11-30"]) {
        const got = registerCounts(w.db, { institutionIds: w.insts, country: "PL", asOf: d });
        const want = expected(w.m, d);
        const where = `seed ${seed}, ${d}`;
        expect(got.residents, where).toBe(want.residents);
        expect(got.waitingList, where).toBe(want.waitingList);
        expect(got.staff, where).toBe(want.staff);
        expect(nonZero(got.residentsByTargetGroup), where).toEqual(want.tg);
        expect(nonZero(got.residentsByAgeBand), where).toEqual(want.age);
        expect(nonZero(got.residentsByLegalCapacity), where).toEqual(want.cap);
        expect(nonZero(got.servicesByType), where).toEqual(want.services);
        expect(got.staffByRole, where).toEqual(want.roles);
        expect(got.staffByRetraining, where).toEqual(want.retraining);
        const places = (d >= "2024-03-01" ? 4 : 0) + (d >= "2025-02-01" ? 6 : 0) + (d >= "2024-09-01" ? 5 : 0);
        expect((got.placesByType.pl_training_flat ?? 0) + (got.placesByType.pl_assisted_flat ?? 0), where).toBe(places);
      }
    }
  });
});

describe("drafting the diagnosis from the register", () => {
  it("stores the figures as of the day, hides small breakdown cells, and keeps which figures came from data", async () => {
    const w = await world(7);
    const id = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan DI" });
    const v = () => getPlanVersion(w.ctx(), id).version;
    draftDiagnosis(w.ctx(), id, { version: v().version, asOf: "2025-08-15" }, 3);
    const d = v().content.diagnosis as DiagnosisFigures;
    const want = expected(w.m, "2025-08-15");
    expect(d.register).toMatchObject({ asOf: "2025-08-15" });
    // Totals are exact (decision 022: the reader may know them).
    expect([d.residents, d.staff, d.waitingList]).toEqual([want.residents, want.staff, want.waitingList]);
    // Every shown cell is the count; every cell of 1 or 2 persons is hidden; places are exact.
    const check = (cells: Record<string, number | null> | undefined, counts: Record<string, number>) => {
      for (const [k, shown] of Object.entries(cells ?? {})) {
        const n = counts[k] ?? 0;
        if (n >= 1 && n < 3) expect(shown, k).toBeNull();
        if (shown !== null) expect(shown, k).toBe(n);
      }
      // Never exactly one hidden cell (it could be worked out from the total).
      expect(Object.values(cells ?? {}).filter((x) => x === null).length).not.toBe(1);
    };
    check(d.residentsByTargetGroup, want.tg);
    check(d.residentsByAgeBand, want.age);
    check(d.residentsByLegalCapacity, want.cap);
    check(d.servicesByType, want.services);
    check(d.staffByRole, want.roles);
    check(d.staffByRetraining, want.retraining);
    expect(d.placesByType).toMatchObject({ pl_training_flat: 10, pl_assisted_flat: 5 });
    expect(Object.values(d.staffByRole ?? {}).some((x) => x === null)).toBe(true);
    expect(d.register!.figures).toContain("waitingList");
    expect(d.register!.figures).toContain("residentsByTargetGroup.older_person");
    const [audit] = w.db.select().from(auditEvents).where(eq(auditEvents.action, "plan.diagnosis_drafted")).all();
    expect(audit).toBeDefined();

    // The group edits one figure: it is no longer "from the register"; the others still are.
    const cats = groupCategories(d, "placesByType", catalogueOf("PL"));
    const fields = Object.fromEntries(
      cats.map((c, i) => [figureField("placesByType", i), c === "pl_training_flat" ? 12 : (d.placesByType[c] ?? null)]),
    );
    editDiagnosisFigures(w.ctx(), id, {
      version: v().version,
      residents: d.residents!,
      staff: d.staff,
      waitingList: d.waitingList + 1,
      ...fields,
    });
    const e = v().content.diagnosis as DiagnosisFigures;
    expect(e.placesByType.pl_training_flat).toBe(12);
    expect(e.waitingList).toBe(want.waitingList + 1);
    expect(e.register!.figures).not.toContain("placesByType.pl_training_flat");
    expect(e.register!.figures).not.toContain("waitingList");
    expect(e.register!.figures).toContain("placesByType.pl_assisted_flat");
    expect(e.register!.figures).toContain("residents");
    // Hidden cells stay hidden when the form leaves them empty.
    expect(e.staffByRole).toEqual(d.staffByRole);
  });

  it("refuses a day in the future, and a stale version, writing nothing", async () => {
    const w = await world(9);
    const id = createPlan(w.ctx(), { municipalityId: w.area.id, title: "Plan DI" });
    const before = getPlanVersion(w.ctx(), id).version;
    expect(() => draftDiagnosis(w.ctx("2026-11-30"), id, { version: before.version, asOf: "2026-12-01" })).toThrowError(
      /diagnosisDraft.errors.future/,
    );
    expect(() => draftDiagnosis(w.ctx(), id, { version: before.version + 5, asOf: "2026-11-01" })).toThrowError(
      /conflict/,
    );
    expect(getPlanVersion(w.ctx(), id).version.content).toEqual(before.content);
  });
});
