import { and, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { LIFE_DOMAINS } from "#db/schema/enums";
import { countingMoments, residents, transitionEvents, transitions, userInstitutions } from "#db/schema";
import { ageOn } from "#app/modules/indicators/definitions";
import { countingDifferences } from "#app/modules/indicators/consistency.server";
import { commitResidentHistory } from "#app/modules/history/residents.server";
import { commitImport } from "#app/modules/residents/import.server";
import { correctEvent, voidEvent } from "#app/modules/transitions/service.server";
import { contextFor, createInstitution, createUser } from "#tests/factories";
import { insertHousingUnit } from "#tests/factories/housing";
import { freshDb } from "#tests/support/db";

/**
 * Issue #18 item 2: the counting moments after an import and after corrections of what it
 * imported. Random histories (each resident stopped at a random step, random gaps, missing sex or
 * date of birth) go through the history import as a CSV file, as a case worker uploads it; then a
 * random imported move is re-dated and a random latest step voided through the correction services.
 * After each: `counting_moments` equals the recount from the records (the consistency check) and
 * holds exactly the moments the file's dates give (an oracle written from the rows, not the SQL).
 */
const NOW = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** How far a history goes. */
const STAGES = [
  "opened",
  "assessed",
  "approved",
  "reserved",
  "moved",
  "served",
  "returned",
  "diedAfterMove",
  "withdrawn",
  "diedBeforeMove",
] as const;
type Stage = (typeof STAGES)[number];

interface History {
  stage: Stage;
  start: number; // days after 2021-01-01
  gaps: number[]; // days between the steps, each ≥ 2 (a move can be re-dated a day earlier)
  sex: "female" | "male" | "";
  born: boolean;
}

const historyArb: fc.Arbitrary<History> = fc.record({
  stage: fc.constantFrom(...STAGES),
  start: fc.integer({ min: 0, max: 900 }),
  gaps: fc.array(fc.integer({ min: 2, max: 40 }), { minLength: 10, maxLength: 10 }),
  sex: fc.constantFrom("female" as const, "male" as const, "" as const),
  born: fc.boolean(),
});

/** A CSV row of the import template's columns, and the moments its dates make. */
function rowOf(h: History, k: number) {
  let t = Date.UTC(2021, 0, 1) + h.start * DAY;
  const dates: string[] = [iso(t)];
  for (const g of h.gaps) dates.push(iso((t += g * DAY)));
  const [opened, assessedOn, written, approved, consent, reserved, moved, after, end] = dates as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const reach = (s: Stage) => STAGES.indexOf(h.stage) >= STAGES.indexOf(s);
  const movedAtAll = ["moved", "served", "returned", "diedAfterMove"].includes(h.stage);
  const row: Record<string, string> = {
    first_name: "Ewa",
    last_name: `Osoba ${k}`,
    sex: h.sex,
    date_of_birth: h.born ? "1952-06-15" : "",
    target_group: "older_person",
    disability: "yes",
    legal_capacity: "full",
    opened_on: opened,
  };
  if (h.stage !== "opened") {
    Object.assign(row, {
      assessment_completed_on: assessedOn,
      assessment_completed_by: "Anna Nowak",
      support_intensity: "limited",
      ...Object.fromEntries(LIFE_DOMAINS.map((d) => [`assessment_${d}`, "limited"])),
    });
  }
  if (h.stage === "withdrawn") row.withdrawn_on = written;
  if (reach("approved") && h.stage !== "withdrawn") {
    Object.assign(row, {
      plan_written_on: written,
      plan_written_by: "Anna Nowak",
      plan_approved_on: approved,
      plan_approved_by: "Piotr Zieliński",
    });
  }
  if (h.stage === "diedBeforeMove") row.died_on = consent;
  if (reach("reserved") && !["withdrawn", "diedBeforeMove"].includes(h.stage)) {
    Object.assign(row, { consent_given_on: consent, unit: "Flat 1", reserved_on: reserved });
  }
  if (movedAtAll) row.moved_on = moved;
  if (h.stage === "served")
    Object.assign(row, {
      service_type: "pl_care_services",
      service_provider: "MOPS",
      service_start_on: after,
      service_hours_per_week: "8",
    });
  if (h.stage === "returned") row.returned_on = end;
  if (h.stage === "diedAfterMove") row.died_on = end;

  const cat = `${h.sex}|older_person|yes`;
  const moment = (on: string) => ({ on, cat, age: h.born ? Math.max(0, ageOn("1952-06-15", on)) : null });
  const moments: Record<string, { on: string; cat: string; age: number | null }> = { RES_COVERED: moment(opened) };
  if (row.moved_on) moments.RES_MOVED = moment(row.moved_on);
  if (row.returned_on) moments.RES_RETURNED = moment(row.returned_on);
  if (row.died_on) moments.RES_DIED = moment(row.died_on);
  return { row, moments, lastName: row.last_name! };
}

function csv(rows: Record<string, string>[]): Uint8Array {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return new TextEncoder().encode(
    [header.join(","), ...rows.map((r) => header.map((h) => r[h] ?? "").join(","))].join("\n") + "\n",
  );
}

describe("counting moments after a history import and corrections of it", () => {
  let db: Db;
  let workerId: number;
  let secondId: number;

  beforeAll(async () => {
    db = freshDb();
    workerId = (await createUser(db, { name: "Anna Nowak" })).id;
    secondId = (await createUser(db, { name: "Piotr Zieliński" })).id;
  });

  /** The table's moments of one institution, by resident's last name and indicator. */
  function stored(institutionId: number) {
    const rows = db
      .select({
        indicator: countingMoments.indicator,
        on: countingMoments.momentOn,
        cat: countingMoments.cat,
        age: countingMoments.age,
        lastName: residents.lastName,
      })
      .from(countingMoments)
      .innerJoin(residents, eq(residents.id, countingMoments.subjectId))
      .where(
        and(
          eq(countingMoments.institutionId, institutionId),
          inArray(countingMoments.indicator, ["RES_COVERED", "RES_MOVED", "RES_RETURNED", "RES_DIED"]),
        ),
      )
      .all();
    const out: Record<string, Record<string, { on: string; cat: string; age: number | null }>> = {};
    for (const r of rows) (out[r.lastName] ??= {})[r.indicator] = { on: r.on, cat: r.cat, age: r.age };
    return out;
  }

  it("equal to the recount and to the file's dates after 40 random imports, a re-dated move and a voided last step each", async () => {
    let runs = 0;
    let redated = 0;
    let voided = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(historyArb, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.nat(),
        async (histories, redatePick, voidPick) => {
          runs++;
          const inst = createInstitution(db);
          db.insert(userInstitutions)
            .values([
              { userId: workerId, institutionId: inst.id },
              { userId: secondId, institutionId: inst.id },
            ])
            .run();
          insertHousingUnit(db, inst.id, {
            name: "Flat 1",
            capacity: 8,
            openedOn: "2020-01-01",
            housingType: "pl_protected_training_flat",
          });
          const ctx = contextFor(db, workerId, NOW);
          const made = histories.map(rowOf);
          await commitResidentHistory(ctx, inst.id, csv(made.map((m) => m.row)));
          const want = Object.fromEntries(made.map((m) => [m.lastName, m.moments]));
          expect(countingDifferences(db), "after the import").toEqual([]);
          expect(stored(inst.id), "the file's dates").toEqual(want);

          const ofInstitution = db
            .select({
              id: residents.id,
              lastName: residents.lastName,
              version: transitions.version,
              tid: transitions.id,
              state: transitions.state,
            })
            .from(residents)
            .innerJoin(transitions, eq(transitions.residentId, residents.id))
            .where(eq(residents.institutionId, inst.id))
            .orderBy(residents.id)
            .all();
          const moveOf = (tid: number) =>
            db
              .select({ seq: transitionEvents.seq, on: transitionEvents.occurredOn })
              .from(transitionEvents)
              .where(and(eq(transitionEvents.transitionId, tid), eq(transitionEvents.type, "RECORD_MOVE")))
              .get();

          // A move re-dated a day earlier (every step before it is at least two days earlier), of a
          // person still in the community: after a return or a death the move's placement has
          // changed since, and the service refuses to re-date it (effectChanged, decision 029).
          const movers = ofInstitution.filter((r) => r.state === "in_community");
          if (movers.length > 0) {
            const r = movers[redatePick % movers.length]!;
            const move = moveOf(r.tid)!;
            const on = iso(Date.parse(move.on) - DAY);
            correctEvent(ctx, r.id, { seq: move.seq, on, note: "", reason: "Data z protokołu", version: r.version });
            want[r.lastName]!.RES_MOVED = { ...want[r.lastName]!.RES_MOVED!, on };
            const age = want[r.lastName]!.RES_MOVED!.age;
            if (age !== null) want[r.lastName]!.RES_MOVED!.age = Math.max(0, ageOn("1952-06-15", on));
            redated++;
            expect(countingDifferences(db), "after the re-dated move").toEqual([]);
            expect(stored(inst.id), "the re-dated move").toEqual(want);
          }

          // The latest step voided where it is a return or a death: its moment is gone.
          const endings = db
            .select({
              id: residents.id,
              lastName: residents.lastName,
              version: transitions.version,
              tid: transitions.id,
            })
            .from(residents)
            .innerJoin(transitions, eq(transitions.residentId, residents.id))
            .where(and(eq(residents.institutionId, inst.id), inArray(transitions.state, ["returned", "deceased"])))
            .orderBy(residents.id)
            .all();
          if (endings.length > 0) {
            const r = endings[voidPick % endings.length]!;
            const last = db
              .select({ seq: transitionEvents.seq, type: transitionEvents.type })
              .from(transitionEvents)
              .where(eq(transitionEvents.transitionId, r.tid))
              .orderBy(transitionEvents.seq)
              .all()
              .filter((e) => e.type === "RETURN" || e.type === "RECORD_DEATH")
              .at(-1)!;
            voidEvent(ctx, r.id, { seq: last.seq, reason: "Wpisane omyłkowo", version: r.version });
            delete want[r.lastName]![last.type === "RETURN" ? "RES_RETURNED" : "RES_DIED"];
            voided++;
            expect(countingDifferences(db), "after the void").toEqual([]);
            expect(stored(inst.id), "the voided step").toEqual(want);
          }
        },
      ),
      { numRuns: 40, seed: 1804 },
    );
    // The generator reaches every branch (it can fail: a generator that never moves anyone).
    expect(runs).toBe(40);
    expect(redated).toBeGreaterThan(10);
    expect(voided).toBeGreaterThan(5);
  }, 120_000);
  it("equal to the recount after 30 random resident lists imported as CSV (each opened on the day of its import)", () => {
    const personArb = fc.record({
      sex: fc.constantFrom("female", "male", ""),
      born: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
    });
    let people = 0;
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 700 }), (list, d) => {
        const inst = createInstitution(db);
        db.insert(userInstitutions).values({ userId: workerId, institutionId: inst.id }).run();
        const now = new Date(Date.UTC(2025, 0, 1, 10) + d * DAY);
        const today = iso(now.getTime());
        const rows = list.map((p, k) => ({
          first_name: "Jan",
          last_name: `Lista ${k}`,
          sex: p.sex,
          date_of_birth: p.born === null ? "" : iso(Date.UTC(1940, 0, 1) + p.born * DAY),
          target_group: "older_person",
          disability: "yes",
          legal_capacity: "full",
        }));
        commitImport(contextFor(db, workerId, now), inst.id, csv(rows));
        people += rows.length;
        expect(countingDifferences(db), "after the import").toEqual([]);
        const want = Object.fromEntries(
          rows.map((r) => [
            r.last_name,
            {
              RES_COVERED: {
                on: today,
                cat: `${r.sex}|older_person|yes`,
                age: r.date_of_birth ? Math.max(0, ageOn(r.date_of_birth, today)) : null,
              },
            },
          ]),
        );
        expect(stored(inst.id)).toEqual(want);
      }),
      { numRuns: 30, seed: 1805 },
    );
    expect(people).toBeGreaterThan(60);
  });
});
