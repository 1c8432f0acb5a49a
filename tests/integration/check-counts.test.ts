import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { migratedTriggers } from "#db/migrate";
import { seedDemo } from "#db/seed/demo";
import { countingDifferences, triggerDifferences } from "#app/modules/indicators/consistency.server";
import { freshDbFile } from "#tests/support/db";

/**
 * `npm run db:check-counts` (issue #18, "bad input"): on a damaged or hand-edited database it
 * names each difference and exits non-zero; on the demo database it says all is equal and exits 0.
 * The script is run as the operator runs it, as its own process, on a real SQLite file.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

function check(file: string) {
  const r = spawnSync(TSX, ["scripts/check-counts.ts", "--db", file], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_PATH: "" },
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

let seeded: string;

/** A copy of the seeded demo database, edited by `edit` with plain SQL as someone at a shell would. */
function edited(edit: (sql: (text: string) => void) => void): string {
  const file = freshDbFile();
  fs.copyFileSync(seeded, file);
  const db = openDatabase(file);
  edit((text) => db.$client.exec(text));
  db.$client.close();
  return file;
}

beforeAll(async () => {
  seeded = freshDbFile();
  const db = openDatabase(seeded);
  await seedDemo(db);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
}, 120_000);

describe("the consistency check of the counting moments", () => {
  it("on the demo database: every moment equal, the triggers the migrations' own, exit 0", () => {
    const db = openDatabase(seeded);
    const rows = db.$client.prepare("select count(*) from counting_moments").pluck().get() as number;
    expect(rows).toBeGreaterThan(20);
    expect(countingDifferences(db)).toEqual([]);
    expect(triggerDifferences(db)).toEqual([]);
    db.$client.close();
    const r = check(seeded);
    expect(r.out).toContain(`${rows} counting moments, all equal to the recount from the records`);
    expect(r.status).toBe(0);
  });

  it("names a row deleted, a row whose date was changed and a row no indicator has, and exits 1", () => {
    const db = openDatabase(seeded);
    const moved = db.$client
      .prepare(
        "select m.subject_id as id, r.code, m.moment_on as 'on' from counting_moments m join residents r on r.id = m.subject_id where m.indicator = 'RES_MOVED' order by m.subject_id limit 1",
      )
      .get() as { id: number; code: string; on: string };
    const covered = db.$client
      .prepare(
        "select m.subject_id as id, r.code from counting_moments m join residents r on r.id = m.subject_id where m.indicator = 'RES_COVERED' and m.subject_id <> ? order by m.subject_id limit 1",
      )
      .get(moved.id) as { id: number; code: string };
    db.$client.close();
    const file = edited((sql) => {
      sql(`delete from counting_moments where indicator = 'RES_MOVED' and subject_id = ${moved.id}`);
      sql(
        `update counting_moments set moment_on = '2001-01-01' where indicator = 'RES_COVERED' and subject_id = ${covered.id}`,
      );
      sql(
        `insert into counting_moments (indicator, subject_id, institution_id, moment_on, weight, cat, age) values ('RES_INVENTED', 1, 1, '2025-01-01', 1, '||', null)`,
      );
    });
    const r = check(file);
    expect(r.status).toBe(1);
    const lines = r.out.split("\n");
    expect(
      lines.find((l) => l.startsWith(`RES_MOVED subject ${moved.id} (${moved.code}): records give ${moved.on}`)),
    ).toMatch(/table has none$/);
    expect(lines.find((l) => l.startsWith(`RES_COVERED subject ${covered.id} (${covered.code}):`))).toMatch(
      /table has 2001-01-01 institution/,
    );
    expect(lines.find((l) => l.startsWith("RES_INVENTED subject 1:"))).toMatch(
      /records give none, table has 2025-01-01/,
    );
    expect(r.out).toContain("3 difference(s) between counting_moments and the records");
  });

  it("names a dropped, an edited and an unknown trigger even while the table is still equal, and exits 1", () => {
    const expected = migratedTriggers();
    const counting = [...expected.keys()].filter((n) => n.startsWith("counting_"));
    expect(counting.length).toBeGreaterThan(10);
    const [dropped, changed] = counting as [string, string];
    const file = edited((sql) => {
      sql(`drop trigger "${dropped}"`);
      sql(`drop trigger "${changed}"`);
      // The same trigger with a condition an editor added: it no longer fires for every row.
      sql(expected.get(changed)!.replace(/ BEGIN\b/, " WHEN 0 BEGIN"));
      sql(
        "create trigger stray_moments after insert on residents begin delete from counting_moments where subject_id = new.id; end",
      );
    });
    const db = openDatabase(file);
    expect(countingDifferences(db)).toEqual([]);
    expect(triggerDifferences(db, expected)).toEqual([
      { trigger: dropped, problem: "missing" },
      { trigger: changed, problem: "changed" },
      { trigger: "stray_moments", problem: "unknown" },
    ]);
    db.$client.close();
    const r = check(file);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`trigger ${dropped} is missing`);
    expect(r.out).toContain(`trigger ${changed} differs from the one the migrations make`);
    expect(r.out).toContain("trigger stray_moments writes the table but no migration makes it");
    expect(r.out).toContain("3 trigger(s) not as the migrations make them");
  });

  it("says there is no database and exits 2 for a path that does not exist", () => {
    const r = check(path.join(path.dirname(seeded), "no-such.db"));
    expect(r.status).toBe(2);
    expect(r.out).toContain("no database at");
  });
});
