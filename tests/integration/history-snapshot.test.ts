import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, communityServices, placements, residents, transitionEvents, users } from "#db/schema";
import { auditByActor } from "#app/modules/audit/service.server";
import { commitResidentHistory, previewResidentHistory } from "#app/modules/history/residents.server";
import { mergeSnapshot, SNAPSHOT_ATTEMPTS } from "#app/modules/history/snapshot.server";
import { createResident } from "#app/modules/residents/service.server";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createUser } from "#tests/factories";
import { insertHousingUnit } from "#tests/factories/housing";

/**
 * History imports replayed on a copy of the database (decision 020): progress row by row, the
 * server's event loop free meanwhile, and the final short write refused, then replayed again,
 * when someone changed what the replay judged. Real SQLite files.
 */
const NOW = new Date("2026-12-01T10:00:00Z");
const DOMAINS = [
  "self_care",
  "health",
  "household",
  "mobility",
  "communication",
  "social_relations",
  "daytime_activity",
  "finances",
  "safety",
];
const HEADER = [
  "first_name;last_name;sex;date_of_birth;target_group;disability;legal_capacity;opened_on;assessment_completed_on;assessment_completed_by;support_intensity",
  ...DOMAINS.map((d) => `assessment_${d}`),
  "plan_written_on;plan_written_by;plan_approved_on;plan_approved_by;consent_given_on;unit;reserved_on;moved_on;service_type;service_provider;service_start_on",
].join(";");
/** `n` people who moved to "Flat" in 2023 and receive care services: every step of the workflow. */
function file(n: number, from = 0): Uint8Array {
  const row = (i: number) =>
    `Osoba;Nr${i};female;1950-01-01;older_person;no;full;2023-01-02;2023-01-10;Ewa Lis;limited;${DOMAINS.map(() => "intermittent").join(";")};2023-01-12;Ewa Lis;2023-01-16;Jan Wójcik;2023-01-17;Flat;2023-01-18;2023-02-01;pl_care_services;MOPS;2023-02-02`;
  return new TextEncoder().encode([HEADER, ...Array.from({ length: n }, (_, i) => row(from + i))].join("\n") + "\n");
}

async function setup() {
  const db = freshDb();
  const inst = createInstitution(db);
  const other = createInstitution(db, { name: "Another home" });
  const worker = await createUser(db, { name: "Ewa Lis", institutionIds: [inst.id] });
  const colleague = await createUser(db, { name: "Jan Wójcik", institutionIds: [inst.id] });
  const stranger = await createUser(db, { name: "Olga Obca", institutionIds: [other.id] });
  insertHousingUnit(db, inst.id, {
    name: "Flat",
    capacity: 500,
    openedOn: "2020-01-01",
    housingType: "pl_protected_training_flat",
  });
  return {
    db,
    inst,
    other,
    ctx: contextFor(db, worker.id, NOW),
    colleague: contextFor(db, colleague.id, NOW),
    stranger: contextFor(db, stranger.id, NOW),
  };
}

const count = (
  db: ReturnType<typeof freshDb>,
  table: typeof residents | typeof transitionEvents | typeof placements | typeof communityServices | typeof auditEvents,
) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .get()!.n;

describe("history import on a copy of the database", () => {
  it("tells its progress after every row, and the event loop runs other work meanwhile", async () => {
    const { db, inst, ctx } = await setup();
    const calls: [number, number][] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const result = await commitResidentHistory(ctx, inst.id, file(30), {
        onProgress: (done, total) => calls.push([done, total]),
      });
      expect(result.count).toBe(30);
    } finally {
      clearInterval(timer);
    }
    expect(calls).toEqual(Array.from({ length: 31 }, (_, i) => [i, 30]));
    // A timer of 0 ms fires between rows: the replay does not hold the thread.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(count(db, residents)).toBe(30);
    expect(count(db, placements)).toBe(30);
    expect(count(db, communityServices)).toBe(30);
    // Every step of each history is in the real database's log: START_ASSESSMENT … RECORD_MOVE (5 each).
    expect(count(db, transitionEvents)).toBe(30 * 5);
  });

  it("a preview writes nothing to the real database, and reads its progress the same way", async () => {
    const { db, inst, ctx } = await setup();
    const before = { residents: count(db, residents), audit: count(db, auditEvents) };
    let last: [number, number] = [0, 0];
    const preview = await previewResidentHistory(ctx, inst.id, file(12), {
      onProgress: (done, total) => (last = [done, total]),
    });
    expect(preview.errorRowCount).toBe(0);
    expect(preview.rows.every((r) => r.outcome?.state === "in_community")).toBe(true);
    expect(last).toEqual([12, 12]);
    expect({ residents: count(db, residents), audit: count(db, auditEvents) }).toEqual(before);
  });

  it("another user's change elsewhere during the replay is kept, and the import is written at the first attempt", async () => {
    const { db, inst, other, ctx, stranger } = await setup();
    let starts = 0;
    const result = await commitResidentHistory(ctx, inst.id, file(10), {
      onProgress: (done) => {
        if (done === 0) starts++;
        // Meanwhile, in another institution: a user changes their language (an audited write).
        if (done === 4 && starts === 1) {
          db.transaction((tx) => {
            tx.update(users).set({ locale: "bg" }).where(eq(users.id, stranger.actor.id)).run();
            auditByActor(tx, stranger, {
              action: "user.locale_changed",
              entityType: "user",
              entityId: stranger.actor.id,
              institutionId: other.id,
              after: { locale: "bg" },
            });
          });
        }
      },
    });
    expect(result.count).toBe(10);
    expect(starts).toBe(1);
    expect(db.select({ locale: users.locale }).from(users).where(eq(users.id, stranger.actor.id)).get()!.locale).toBe(
      "bg",
    );
    // The import's audit events were given the next ids after the other user's.
    const actions = db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .orderBy(auditEvents.id)
      .all()
      .map((a) => a.action);
    expect(actions.indexOf("user.locale_changed")).toBeLessThan(actions.indexOf("resident.history_imported"));
    expect(actions.filter((a) => a === "resident.created")).toHaveLength(10);
  });

  it("a resident registered by hand in the same institution during the replay: the file is replayed again on a new copy, and both are kept", async () => {
    const { db, inst, ctx, colleague } = await setup();
    let starts = 0;
    const result = await commitResidentHistory(ctx, inst.id, file(8), {
      onProgress: (done) => {
        if (done === 0) starts++;
        if (done === 3 && starts === 1)
          createResident(colleague, {
            institutionId: inst.id,
            firstName: "Ręczna",
            lastName: "Rejestracja",
            sex: "female",
            dateOfBirth: "1960-05-05",
            targetGroup: "older_person",
            disability: "no",
            legalCapacity: "full",
          } as Parameters<typeof createResident>[1]);
      },
    });
    expect(result.count).toBe(8);
    expect(starts).toBe(2);
    expect(count(db, residents)).toBe(9);
    expect(db.select().from(residents).where(eq(residents.lastName, "Rejestracja")).all()).toHaveLength(1);
  });

  it("changed meanwhile at every attempt: the last one runs under the real database's lock, and the import is still all or nothing", async () => {
    const { db, inst, ctx, colleague } = await setup();
    let starts = 0;
    const result = await commitResidentHistory(ctx, inst.id, file(5), {
      onProgress: (done) => {
        if (done === 0) starts++;
        if (done === 2 && starts <= SNAPSHOT_ATTEMPTS)
          createResident(colleague, {
            institutionId: inst.id,
            firstName: "Ręczna",
            lastName: `Nr${starts}`,
            sex: "female",
            dateOfBirth: "1960-05-05",
            targetGroup: "older_person",
            disability: "no",
            legalCapacity: "full",
          } as Parameters<typeof createResident>[1]);
      },
    });
    expect(result.count).toBe(5);
    expect(starts).toBe(SNAPSHOT_ATTEMPTS + 1);
    expect(count(db, residents)).toBe(5 + SNAPSHOT_ATTEMPTS);
  });

  it("a person registered by hand during the replay who is also in the file: the replay again refuses that row, nothing is imported", async () => {
    const { db, inst, ctx, colleague } = await setup();
    let starts = 0;
    await expect(
      commitResidentHistory(ctx, inst.id, file(6), {
        onProgress: (done) => {
          if (done === 0) starts++;
          if (done === 1 && starts === 1)
            createResident(colleague, {
              institutionId: inst.id,
              firstName: "Osoba",
              lastName: "Nr4",
              sex: "female",
              dateOfBirth: "1950-01-01",
              targetGroup: "older_person",
              disability: "no",
              legalCapacity: "full",
            } as Parameters<typeof createResident>[1]);
        },
      }),
    ).rejects.toMatchObject({ messageKey: "residents.import.errors.hasErrors", values: { count: 1 } });
    expect(count(db, residents)).toBe(1);
  });
});

describe("mergeSnapshot", () => {
  function files() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "di-merge-"));
    const make = (name: string, rows: [number, string][]) => {
      const p = path.join(dir, `${name}.db`);
      const d = new Database(p);
      d.exec(
        "create table t (id integer primary key, v text not null); create table pair (a integer, b integer, primary key (a, b))",
      );
      for (const [id, v] of rows) d.prepare("insert into t values (?, ?)").run(id, v);
      d.close();
      return p;
    };
    return { dir, make };
  }

  it("writes rows added, changed and removed by the replay; keeps the others' rows", () => {
    const { make } = files();
    const base = make("base", [
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    const work = make("work", [
      [1, "a"],
      [2, "B"],
      [4, "d"],
    ]);
    const mainPath = make("main", [
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    const main = new Database(mainPath);
    // The keys the replay touched, as the copy's triggers record them.
    expect(mergeSnapshot(main, base, work, new Map([["t", ["[2]", "[3]", "[4]"]]]))).toBe(3);
    expect(main.prepare("select id, v from t order by id").raw().all()).toEqual([
      [1, "a"],
      [2, "B"],
      [4, "d"],
    ]);
    main.close();
  });

  it("refuses, writing nothing, when a row the replay changed was changed meanwhile, or a key it added was taken", () => {
    const { make } = files();
    const base = make("base", [[1, "a"]]);
    const work = make("work", [
      [1, "A"],
      [2, "new"],
    ]);
    for (const rows of [
      [[1, "x"]],
      [
        [1, "a"],
        [2, "someone else's"],
      ],
    ] as [number, string][][]) {
      const main = new Database(make(`main-${rows.length}`, rows));
      expect(mergeSnapshot(main, base, work, new Map([["t", ["[1]", "[2]"]]]))).toBeNull();
      expect(main.prepare("select id, v from t order by id").raw().all()).toEqual(rows);
      main.close();
    }
  });
});
