import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUIRED_CONSENT } from "#app/modules/transitions/facts.server";
import { replay } from "#app/modules/transitions/service.server";
import { addMonths } from "#app/utils/dates";
import { checkArgs, generateScaleData, SCALE_PASSWORD, SCALE_SIGN_INS, type ScaleSummary } from "#db/seed/scale";
import { FOLLOW_UP_MONTHS, type LegalCapacity } from "#db/schema/enums";
import { TRANSITION_STATES, type TransitionEvent } from "#machines/transition";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "di-scale-"));
const RESIDENTS = 1000;

/** SHA-256 of a query's rows, in order. */
function digest(db: Database.Database, sql: string): string {
  const h = crypto.createHash("sha256");
  for (const row of db.prepare(sql).iterate()) h.update(JSON.stringify(row));
  return h.digest("hex");
}

/** SHA-256 of every table's rows. */
function wholeDigest(db: Database.Database): string {
  const tables = (
    db.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]
  ).map((t) => t.name);
  return tables.map((t) => `${t}:${digest(db, `select * from "${t}" order by rowid`)}`).join(",");
}

const n = (db: Database.Database, sql: string, ...params: unknown[]) =>
  (db.prepare(sql).get(...params) as { n: number }).n;

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("seed:scale", () => {
  const file = path.join(dir, "scale-1.db");
  let db: Database.Database;
  let summary: ScaleSummary;

  beforeAll(async () => {
    summary = await generateScaleData({ out: file, residents: RESIDENTS, seed: 1 });
    db = new Database(file, { readonly: true });
  }, 120_000);

  afterAll(() => db.close());

  it("writes a sound database: integrity and every reference", () => {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("scales the counts from the number of residents", () => {
    expect(n(db, "select count(*) as n from institutions")).toBe(10);
    expect(n(db, "select count(*) as n from residents")).toBe(RESIDENTS);
    expect(n(db, "select count(*) as n from transitions")).toBe(RESIDENTS);
    expect(n(db, "select count(*) as n from staff_members")).toBe(500);
    expect(n(db, "select count(*) as n from housing_units")).toBe(5);
    const events = n(db, "select count(*) as n from transition_events");
    expect(events).toBeGreaterThanOrEqual(10 * RESIDENTS);
    expect(events).toBeLessThanOrEqual(15 * RESIDENTS);
    expect(n(db, "select count(distinct country) as n from institutions")).toBe(2);
    expect(n(db, "select count(*) as n from grants")).toBeGreaterThanOrEqual(1);
    expect(n(db, "select count(*) as n from enrolments")).toBeGreaterThan(0);
    expect(n(db, "select count(*) as n from support_session_attendees")).toBeGreaterThan(0);
    expect(summary.counts.transition_events).toBe(events);
    expect(summary.counts.residents).toBe(RESIDENTS);
  });

  it("has the four sign-ins, with the one password hash and their institutions or countries", async () => {
    const { verifyPassword } = await import("#app/modules/auth/password.server");
    const user = (email: string) =>
      db.prepare("select * from users where email = ?").get(email) as {
        id: number;
        role: string;
        password_hash: string;
      };
    const admin = user(SCALE_SIGN_INS.admin);
    const worker = user(SCALE_SIGN_INS.caseWorker);
    const manager = user(SCALE_SIGN_INS.grantManager);
    const monitor = user(SCALE_SIGN_INS.monitoring);
    expect([admin.role, worker.role, manager.role, monitor.role]).toEqual([
      "admin",
      "case_worker",
      "grant_manager",
      "monitoring",
    ]);
    // The national coordinator: both countries, no institution of its own (decision 033).
    expect(
      db
        .prepare("select country, municipality_id from user_monitoring_areas where user_id = ? order by 1")
        .all(monitor.id),
    ).toEqual([
      { country: "BG", municipality_id: null },
      { country: "PL", municipality_id: null },
    ]);
    expect(n(db, `select count(*) as n from user_institutions where user_id = ${monitor.id}`)).toBe(0);
    expect(await verifyPassword(worker.password_hash, SCALE_PASSWORD)).toBe(true);
    expect(n(db, "select count(distinct password_hash) as n from users")).toBe(1);
    const granted = (id: number) =>
      (
        db.prepare("select institution_id as id from user_institutions where user_id = ? order by 1").all(id) as {
          id: number;
        }[]
      ).map((r) => r.id);
    expect(granted(worker.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const grant1 = (
      db.prepare("select institution_id as id from grant_institutions where grant_id = 1 order by 1").all() as {
        id: number;
      }[]
    ).map((r) => r.id);
    expect(granted(manager.id)).toEqual(grant1);
    // A grant funds institutions of one country, and its periods are contiguous from its start.
    expect(
      n(
        db,
        "select count(*) as n from grants g where (select count(distinct i.country) from grant_institutions gi join institutions i on i.id = gi.institution_id where gi.grant_id = g.id) <> 1",
      ),
    ).toBe(0);
    const periods = db
      .prepare(
        "select p.seq, p.starts_on, p.ends_on, g.starts_on as g_start, g.ends_on as g_end from reporting_periods p join grants g on g.id = p.grant_id where g.id = 1 order by p.seq",
      )
      .all() as { seq: number; starts_on: string; ends_on: string; g_start: string; g_end: string }[];
    expect(periods[0]!.starts_on).toBe(periods[0]!.g_start);
    expect(periods.at(-1)!.ends_on).toBe(periods[0]!.g_end);
    periods.slice(1).forEach((p, i) => expect(p.starts_on > periods[i]!.ends_on).toBe(true));
  });

  it("reaches every state of the transition machine", () => {
    const states = (db.prepare("select distinct state from transitions").all() as { state: string }[])
      .map((r) => r.state)
      .sort();
    expect(states).toEqual([...TRANSITION_STATES].sort());
  });

  it("stores event logs that replay through the machine to the stored snapshot", () => {
    const transitions = db
      .prepare(
        "select id, state, state_since, opened_on, snapshot, version from transitions where id % 4 = 1 order by id",
      )
      .all() as {
      id: number;
      state: string;
      state_since: string;
      opened_on: string;
      snapshot: string;
      version: number;
    }[];
    const eventsOf = db.prepare(
      "select seq, type, event, occurred_on, recorded_at, from_state, to_state from transition_events where transition_id = ? order by seq",
    );
    let replayed = 0;
    for (const t of transitions) {
      const rows = eventsOf.all(t.id) as {
        seq: number;
        type: string;
        event: string;
        occurred_on: string;
        recorded_at: string;
        from_state: string;
        to_state: string;
      }[];
      const events = rows.map((r) => ({ event: JSON.parse(r.event) as TransitionEvent }));
      expect(replay(events)).toEqual(JSON.parse(t.snapshot));
      expect(t.version).toBe(rows.length + 1);
      let state = "identified";
      let since = t.opened_on;
      rows.forEach((r, i) => {
        const e = events[i]!.event;
        expect(r.seq).toBe(i + 1);
        expect(e.type).toBe(r.type);
        expect(e.on).toBe(r.occurred_on);
        expect(e.facts.today).toBe(r.recorded_at.slice(0, 10));
        expect(r.occurred_on >= t.opened_on).toBe(true);
        expect(r.recorded_at.slice(0, 10) >= r.occurred_on).toBe(true);
        if (i > 0) {
          expect(r.occurred_on >= rows[i - 1]!.occurred_on).toBe(true);
          expect(r.recorded_at >= rows[i - 1]!.recorded_at).toBe(true);
        }
        expect(r.from_state).toBe(state);
        if (r.to_state !== state) since = r.occurred_on;
        state = r.to_state;
      });
      expect(state).toBe(t.state);
      expect(since).toBe(t.state_since);
      replayed++;
    }
    expect(replayed).toBe(RESIDENTS / 4);
  });

  it("never puts more residents and reservations in a unit than its capacity", () => {
    const over = db
      .prepare(
        "select u.id, u.capacity, count(p.id) as taken from housing_units u join placements p on p.housing_unit_id = u.id and p.status in ('reserved','active') group by u.id having count(p.id) > u.capacity",
      )
      .all();
    expect(over).toEqual([]);
    expect(
      n(
        db,
        "select count(*) as n from placements p join housing_units u on u.id = p.housing_unit_id where u.status <> 'open' and p.status in ('reserved','active')",
      ),
    ).toBe(0);
    expect(
      n(
        db,
        "select count(*) as n from placements p join housing_units u on u.id = p.housing_unit_id where p.reserved_on < u.opened_on",
      ),
    ).toBe(0);
    expect(n(db, "select count(*) as n from placements where status = 'active'")).toBeGreaterThan(0);
  });

  it("keeps the records the machine's effects and guards imply", () => {
    const taking = (state: string, status: string) =>
      n(
        db,
        `select count(*) as n from transitions t where t.state = ? and (select count(*) from placements p where p.transition_id = t.id and p.status = ?) <> 1`,
        state,
        status,
      );
    // In the community: one active place; moving: one reserved place.
    expect(taking("in_community", "active")).toBe(0);
    expect(taking("completed", "active")).toBe(0);
    expect(taking("moving", "reserved")).toBe(0);
    expect(
      n(
        db,
        "select count(*) as n from transitions t where t.state in ('identified','assessment','planning','preparation','returned','withdrawn','deceased') and exists (select 1 from placements p where p.transition_id = t.id and p.status in ('reserved','active'))",
      ),
    ).toBe(0);
    // Every move scheduled its four follow-up visits.
    const moves = db
      .prepare("select transition_id, occurred_on from transition_events where type = 'RECORD_MOVE'")
      .all() as { transition_id: number; occurred_on: string }[];
    expect(moves.length).toBeGreaterThan(0);
    const visitsOf = db.prepare(
      "select months_after_move as m, due_on, visited_on from follow_up_visits where transition_id = ? and move_on = ? order by m",
    );
    for (const mv of moves) {
      const visits = visitsOf.all(mv.transition_id, mv.occurred_on) as {
        m: number;
        due_on: string;
        visited_on: string | null;
      }[];
      expect(visits.map((v) => v.m)).toEqual([...FOLLOW_UP_MONTHS]);
      visits.forEach((v) => expect(v.due_on).toBe(addMonths(mv.occurred_on, v.m)));
    }
    expect(n(db, "select count(*) as n from follow_up_visits")).toBe(moves.length * FOLLOW_UP_MONTHS.length);
    // A completed transition recorded every visit of its latest move before completing.
    expect(
      n(
        db,
        "select count(*) as n from transitions t join transition_events e on e.transition_id = t.id and e.type = 'COMPLETE' join follow_up_visits v on v.transition_id = t.id and v.move_on = (select max(occurred_on) from transition_events m where m.transition_id = t.id and m.type = 'RECORD_MOVE') where v.visited_on is null or v.visited_on > e.occurred_on",
      ),
    ).toBe(0);
    // Consent is given by whom the legal capacity requires.
    const consents = db
      .prepare(
        "select c.given_by, r.legal_capacity from consents c join transitions t on t.id = c.transition_id join residents r on r.id = t.resident_id",
      )
      .all() as { given_by: string; legal_capacity: LegalCapacity }[];
    expect(consents.length).toBeGreaterThan(0);
    for (const c of consents) expect(c.given_by).toBe(REQUIRED_CONSENT[c.legal_capacity]);
    // Plans are approved by someone other than who prepared them, not before they were created.
    expect(
      n(
        db,
        "select count(*) as n from transition_plans where status = 'approved' and (approved_by = prepared_by or approved_on < substr(created_at, 1, 10))",
      ),
    ).toBe(0);
    // Community services of those who returned or died end that day at the latest.
    expect(
      n(
        db,
        "select count(*) as n from community_services s join transition_events e on e.transition_id = s.transition_id and e.type in ('RETURN','RECORD_DEATH') where s.start_on <= e.occurred_on and (s.end_on is null or s.end_on > e.occurred_on)",
      ),
    ).toBe(0);
    // Residents: unique codes, about 2 % without sex or date of birth.
    expect(n(db, "select count(distinct code) as n from residents")).toBe(RESIDENTS);
    expect(
      n(
        db,
        "select count(*) as n from residents where code not glob 'R-[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]'",
      ),
    ).toBe(0);
    expect(n(db, "select count(*) as n from residents where legal_capacity <> 'full' and guardian_name is null")).toBe(
      0,
    );
    expect(
      n(db, "select count(*) as n from transitions where opened_on < '2022-01-01' or opened_on > '2026-06-30'"),
    ).toBe(0);
  });

  it("gives the same database for the same seed and another for another seed", async () => {
    const again = path.join(dir, "scale-1-again.db");
    const other = path.join(dir, "scale-2.db");
    await generateScaleData({ out: again, residents: RESIDENTS, seed: 1 });
    await generateScaleData({ out: other, residents: RESIDENTS, seed: 2 });
    const a = new Database(again, { readonly: true });
    const b = new Database(other, { readonly: true });
    const residents = "select * from residents order by id";
    const events = "select * from transition_events order by id";
    expect(digest(a, residents)).toBe(digest(db, residents));
    expect(digest(a, events)).toBe(digest(db, events));
    expect(wholeDigest(a)).toBe(wholeDigest(db));
    expect(digest(b, residents)).not.toBe(digest(db, residents));
    expect(digest(b, events)).not.toBe(digest(db, events));
    a.close();
    b.close();
  }, 120_000);

  it("refuses to replace an existing file unless --force is given", async () => {
    await expect(generateScaleData({ out: file, residents: RESIDENTS, seed: 1 })).rejects.toThrow(
      `${file} already exists; --force replaces it`,
    );
  });
});

describe("seed:scale arguments", () => {
  const env = { DATABASE_PATH: path.join(dir, "app.db") };

  it("takes the defaults and validates the values", () => {
    // The default --out is relative to the working directory: a scale database made there earlier must not matter.
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(checkArgs(["--residents", "80000"], env)).toEqual({
        options: { out: "./data/scale.db", residents: 80000, seed: 1, force: false },
      });
    } finally {
      process.chdir(cwd);
    }
    expect(
      checkArgs(["--residents=500", "--out", path.join(dir, "x.db"), "--seed", "7", "--force"], env).options,
    ).toEqual({
      out: path.join(dir, "x.db"),
      residents: 500,
      seed: 7,
      force: true,
    });
    expect(checkArgs([], env).error).toBe("--residents is required: a whole number from 100 to 2000000");
    expect(checkArgs(["--residents", "99"], env).error).toBe(
      '--residents must be a whole number from 100 to 2000000 (got "99")',
    );
    expect(checkArgs(["--residents", "2000001"], env).error).toBe(
      '--residents must be a whole number from 100 to 2000000 (got "2000001")',
    );
    expect(checkArgs(["--residents", "1e5"], env).error).toBe(
      '--residents must be a whole number from 100 to 2000000 (got "1e5")',
    );
    expect(checkArgs(["--residents", "1000", "--seed", "-1"], env).error).toBe(
      '--seed must be a whole number from 0 to 4294967295 (got "-1")',
    );
    expect(checkArgs(["--residents", "1000", "--rows", "5"], env).error).toMatch(/^unknown argument "--rows"/);
  });

  it("refuses the working database, however it is spelled, even with --force", () => {
    const working = path.join(dir, "app.db");
    const message = `refusing to write the scale data into the working database ${working} (DATABASE_PATH); choose another --out`;
    expect(checkArgs(["--residents", "1000", "--out", working], env).error).toBe(message);
    expect(
      checkArgs(["--residents", "1000", "--out", path.join(dir, "sub", "..", "app.db"), "--force"], env).error,
    ).toBe(message);
    const link = path.join(dir, "link");
    fs.symlinkSync(dir, link);
    expect(checkArgs(["--residents", "1000", "--out", path.join(link, "app.db")], env).error).toBe(message);
    // Without DATABASE_PATH the working database is ./data/app.db.
    expect(checkArgs(["--residents", "1000", "--out", "data/app.db"], {}).error).toBe(
      "refusing to write the scale data into the working database ./data/app.db (DATABASE_PATH); choose another --out",
    );
  });

  it("refuses an existing file without --force", () => {
    const existing = path.join(dir, "existing.db");
    fs.writeFileSync(existing, "");
    expect(checkArgs(["--residents", "1000", "--out", existing], env).error).toBe(
      `${existing} already exists; --force replaces it`,
    );
    expect(checkArgs(["--residents", "1000", "--out", existing, "--force"], env).options?.force).toBe(true);
  });

  it("the script stops with the message and exit code 1", async () => {
    const working = path.join(dir, "working.db");
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "scripts/seed-scale.ts", "--residents", "1000", "--out", working],
        {
          cwd: root,
          env: { ...process.env, DATABASE_PATH: working },
        },
      );
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) => resolve({ code, err }));
    });
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      `refusing to write the scale data into the working database ${working} (DATABASE_PATH); choose another --out`,
    );
    expect(fs.existsSync(working)).toBe(false);
  }, 60_000);
});
