/**
 * The production server under concurrent writers and under a crash. No browser: the built app
 * (node server.js build/index.js) is started by the test itself, on its own port and its own
 * temporary SQLite file, and driven with plain HTTP form posts.
 */
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { replay } from "#app/modules/transitions/service.server";
import type { TransitionEventType } from "#machines/transition";
import type { Scenario } from "#tests/support/scenario";
import { tr } from "./fixtures";
import { makeScenario, postForm, signIn, startServerOnFreePort, tempDir, type Server } from "#tests/support/server";

test.describe.configure({ mode: "serial" });

const servers: Server[] = [];
const dirs: string[] = [];
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    for (const s of servers) await testInfo.attach(`server ${s.port} stderr`, { body: s.stderr() || "(empty)" });
  }
  await Promise.all(servers.splice(0).map((s) => s.kill()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A database file in a fresh temporary directory, removed after the test. */
function tempFile(name: string) {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, name);
}

async function serve(file: string, skip: number[] = []) {
  const s = await startServerOnFreePort(file, skip);
  servers.push(s);
  return s;
}

/**
 * What a plain form post (a browser without JavaScript) got back: "redirect" when the write was
 * acknowledged, otherwise the translation key whose sentence the page shows in its alert.
 */
async function outcome(res: Response, expectedKeys: string[]) {
  if (res.status === 302 || res.status === 303) return { status: res.status, key: "redirect" };
  const html = await res.text();
  const alert = /role="alert" class="form-error">([^<]*)</.exec(html)?.[1] ?? html.slice(0, 200);
  const key = expectedKeys.find((k) => templateRegExp(k).test(alert)) ?? alert;
  return { status: res.status, key };
}

/** An English sentence with its {{values}} left open, as a pattern for the rendered text. */
function templateRegExp(key: string) {
  const HOLE = "\u0000";
  const text = tr("en", key, new Proxy({}, { get: () => HOLE }));
  const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp("^" + text.split(HOLE).map(escape).join("[^<]*") + "$");
}

/** Whether one transition's row, event log and audit trail agree (nothing half-applied). */
function transitionState(db: Database.Database, transitionId: number) {
  const row = db.prepare("SELECT state, version, snapshot FROM transitions WHERE id = ?").get(transitionId) as {
    state: string;
    version: number;
    snapshot: string;
  };
  const events = db
    .prepare("SELECT seq, type, to_state AS toState, event FROM transition_events WHERE transition_id = ? ORDER BY seq")
    .all(transitionId) as {
    seq: number;
    type: TransitionEventType;
    toState: string;
    event: string;
  }[];
  const audits = (
    db
      .prepare("SELECT count(*) AS n FROM audit_events WHERE entity_type = 'transition' AND entity_id = ?")
      .get(String(transitionId)) as { n: number }
  ).n;
  return { row, events, audits };
}

function expectConsistent(db: Database.Database, transitionId: number) {
  const { row, events, audits } = transitionState(db, transitionId);
  const what = `transition ${transitionId}`;
  expect(
    events.map((e) => e.seq),
    what,
  ).toEqual(events.map((_, i) => i + 1));
  expect(row.version, what).toBe(events.length + 1);
  expect(row.state, what).toBe(events.at(-1)?.toState ?? "identified");
  expect(JSON.parse(row.snapshot), what).toEqual(replay(events.map((e) => ({ event: JSON.parse(e.event) }))));
  expect(audits, what).toBe(events.length);
  return events;
}

test("two server processes on one database file: 16 simultaneous writes, exactly one wins, the rest are told why", async () => {
  test.setTimeout(120_000); // about 10–20 s on an idle machine; generous for a loaded one
  const N = 16;
  const file = tempFile("race.db");
  const s: Scenario = makeScenario(file, N, 2, 3);
  const a = await serve(file);
  const b = await serve(file, [a.port]);
  const cookies = [
    await signIn(a.origin, s.workers[0]!.email, s.password),
    await signIn(b.origin, s.workers[1]!.email, s.password),
  ];
  const via = (i: number) => ({ server: i % 2 === 0 ? a : b, cookie: cookies[i % 2]! });
  const db = new Database(file, { readonly: true });
  db.pragma("busy_timeout = 5000");

  // (a) One resident's transition, N events carrying the version both pages showed.
  const { id: residentId, transitionId } = s.residents[0]!;
  // Each round sends events the current state accepts (several kinds), all with its version, as
  // confirmed (a withdrawal is asked first: decision 017).
  const accepts: Record<string, TransitionEventType[]> = {
    identified: ["START_ASSESSMENT", "PUT_ON_HOLD", "WITHDRAW"],
    assessment: ["PUT_ON_HOLD", "WITHDRAW"],
    on_hold: ["RESUME", "WITHDRAW"],
    withdrawn: ["REOPEN"],
  };
  for (const round of [{ version: 1 }, { version: 2 }, { version: 3 }]) {
    const before = transitionState(db, transitionId);
    expect(before.row.version).toBe(round.version);
    const types = accepts[before.row.state]!;
    const sent = Array.from({ length: N }, (_, i) => types[i % types.length]!);
    const results = await Promise.all(
      sent.map(async (type, i) => {
        const { server, cookie } = via(i);
        return outcome(
          await postForm(server.origin, cookie, `/residents/${residentId}?index`, {
            intent: "event",
            type,
            on: s.today,
            note: "",
            version: round.version,
            confirmed: "yes",
          }),
          ["transitions.errors.stale"],
        );
      }),
    );
    const accepted = results.flatMap((r, i) => (r.key === "redirect" ? [sent[i]!] : []));
    expect(
      results.filter((r) => r.status >= 500),
      JSON.stringify(results),
    ).toEqual([]);
    expect(accepted, JSON.stringify(results)).toHaveLength(1);
    expect(results.filter((r) => r.key !== "redirect")).toEqual(
      Array(N - 1).fill({ status: 409, key: "transitions.errors.stale" }),
    );
    const events = expectConsistent(db, transitionId);
    expect(events).toHaveLength(round.version);
    expect(events.at(-1)!.type).toBe(accepted[0]);
    const audit = db
      .prepare(
        "SELECT action, after FROM audit_events WHERE entity_type = 'transition' AND entity_id = ? ORDER BY id DESC LIMIT 1",
      )
      .get(String(transitionId)) as { action: string; after: string };
    expect(audit.action).toBe(`transition.${accepted[0]!.toLowerCase()}`);
    expect(JSON.parse(audit.after)).toMatchObject({ version: round.version + 1 });
  }

  // (b) The last free place of a unit, asked for by N residents at once.
  const { unitId, capacity } = s.lastPlace;
  const results = await Promise.all(
    s.residents.map(async (r, i) => {
      const { server, cookie } = via(i);
      return outcome(
        await postForm(server.origin, cookie, `/residents/${r.id}/placement`, {
          intent: "reserve",
          housingUnitId: unitId,
          reservedOn: s.today,
          plannedMoveOn: "",
          expiresOn: "",
        }),
        ["transitions.errors.unitFull"],
      );
    }),
  );
  expect(
    results.filter((r) => r.status >= 500),
    JSON.stringify(results),
  ).toEqual([]);
  expect(
    results.filter((r) => r.key === "redirect"),
    JSON.stringify(results),
  ).toHaveLength(1);
  expect(results.filter((r) => r.key !== "redirect")).toEqual(
    Array(N - 1).fill({ status: 400, key: "transitions.errors.unitFull" }),
  );
  const held = db
    .prepare("SELECT count(*) AS n FROM placements WHERE housing_unit_id = ? AND status IN ('reserved', 'active')")
    .get(unitId) as { n: number };
  expect(held.n).toBe(capacity);
  const audited = db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'placement.reserved'").get() as {
    n: number;
  };
  expect(audited.n).toBe(capacity);
  db.close();
});

type Step = { kind: "event"; type: TransitionEventType } | { kind: "reserve" };

/** One resident as the client knows it from the last answer it got. */
interface Case {
  residentId: number;
  transitionId: number;
  state: string;
  version: number;
  reserved: boolean;
}

/** What the case worker does next: assess, reserve a place, then put on hold and resume in turn. */
function nextStep(c: Case): Step {
  if (c.state === "identified") return { kind: "event", type: "START_ASSESSMENT" };
  if (!c.reserved) return { kind: "reserve" };
  return { kind: "event", type: c.state === "on_hold" ? "RESUME" : "PUT_ON_HOLD" };
}

/** The database as it is: each resident's state, version, reservation and event types. */
function readCases(db: Database.Database, s: Scenario, roomyUnitId: number) {
  return s.residents.map((r) => {
    const row = db.prepare("SELECT state, version FROM transitions WHERE id = ?").get(r.transitionId) as {
      state: string;
      version: number;
    };
    const events = db
      .prepare("SELECT type FROM transition_events WHERE transition_id = ? ORDER BY seq")
      .all(r.transitionId) as { type: string }[];
    const placements = db
      .prepare(
        "SELECT count(*) AS n FROM placements WHERE transition_id = ? AND housing_unit_id = ? AND status = 'reserved'",
      )
      .get(r.transitionId, roomyUnitId) as { n: number };
    return {
      residentId: r.id,
      transitionId: r.transitionId,
      state: row.state,
      version: row.version,
      reserved: placements.n > 0,
      events: events.map((e) => e.type),
      placements: placements.n,
    };
  });
}

test("the server is killed (SIGKILL) in the middle of a burst of writes, three times: every acknowledged write survives, nothing is half-applied", async () => {
  test.setTimeout(120_000); // about 10–20 s on an idle machine; generous for a loaded one
  const RESIDENTS = 40;
  const STEPS = 12; // per resident and cycle: a burst of 480 writes, 40 in flight at any time
  const KILL_AFTER = [60, 120, 180]; // acknowledged writes of each cycle, then SIGKILL
  const file = tempFile("crash.db");
  const s = makeScenario(file, RESIDENTS, 1, 1);
  const figures = [];

  for (const killAfter of KILL_AFTER) {
    // Start (or restart, on the file the last crash left) and continue where the database is.
    const server = await serve(file);
    const cookie = await signIn(server.origin, s.workers[0]!.email, s.password);
    const start = new Database(file, { readonly: true });
    const baseline = readCases(start, s, s.roomyUnitId);
    start.close();

    const acked = new Map<number, Step[]>(s.residents.map((r) => [r.id, []]));
    const inFlight = new Map<number, Step>();
    let ackCount = 0;
    let killed: Promise<void> | undefined;
    const began = Date.now();
    const chain = async (c: Case) => {
      for (let i = 0; i < STEPS; i++) {
        const step = nextStep(c);
        inFlight.set(c.residentId, step);
        let res: Response;
        try {
          res =
            step.kind === "event"
              ? await postForm(server.origin, cookie, `/residents/${c.residentId}?index`, {
                  intent: "event",
                  type: step.type,
                  on: s.today,
                  note: `burst v${c.version}`,
                  version: c.version,
                })
              : await postForm(server.origin, cookie, `/residents/${c.residentId}/placement`, {
                  intent: "reserve",
                  housingUnitId: s.roomyUnitId,
                  reservedOn: s.today,
                  plannedMoveOn: "",
                  expiresOn: "",
                });
        } catch {
          return; // the server is gone: this write's fate is unknown (it stays in inFlight)
        }
        // Acknowledged = the redirect a browser would follow to the resident's page.
        if (res.status !== 302 || res.headers.get("location") !== `/residents/${c.residentId}`) {
          if (killed) return; // an answer cut short by the kill
          throw new Error(
            `resident ${c.residentId}, ${JSON.stringify(step)}: ${res.status} ${(await res.text()).slice(0, 500)}`,
          );
        }
        inFlight.delete(c.residentId);
        acked.get(c.residentId)!.push(step);
        if (step.kind === "reserve") c.reserved = true;
        else {
          c.version++;
          c.state = step.type === "PUT_ON_HOLD" ? "on_hold" : "assessment"; // RESUME returns to assessment here
        }
        if (++ackCount === killAfter) killed = server.kill();
      }
    };
    await Promise.all(baseline.map((c) => chain({ ...c })));
    expect(killed, "the burst ended before the kill").toBeDefined();
    await killed;
    const burstMs = Date.now() - began;

    // Open the file as the next start will: WAL recovery, then check.
    const db = new Database(file);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    let committedUnacknowledged = 0;
    const after = readCases(db, s, s.roomyUnitId);
    for (const [i, before] of baseline.entries()) {
      const now = after[i]!;
      const what = `resident ${before.residentId}`;
      expectConsistent(db, before.transitionId);
      const mine = acked.get(before.residentId)!;
      const pending = inFlight.get(before.residentId);
      // Every acknowledged event is there, in order; beyond them at most the one in flight.
      const expected = [...before.events, ...mine.flatMap((x) => (x.kind === "event" ? [x.type] : []))];
      expect(now.events.slice(0, expected.length), what).toEqual(expected);
      const extra = now.events.slice(expected.length);
      expect(extra, what).toEqual(pending?.kind === "event" && extra.length ? [pending.type] : []);
      // An acknowledged reservation is there; an unacknowledged one at most if it was in flight.
      const reserveAcked = mine.some((x) => x.kind === "reserve");
      const newPlacements = now.placements - before.placements;
      expect(newPlacements, what).toBe(reserveAcked ? 1 : newPlacements);
      if (!reserveAcked) expect(newPlacements, what).toBeLessThanOrEqual(pending?.kind === "reserve" ? 1 : 0);
      const audits = db
        .prepare(
          "SELECT count(*) AS n FROM audit_events WHERE action = 'placement.reserved' AND entity_id IN (SELECT CAST(id AS TEXT) FROM placements WHERE transition_id = ?)",
        )
        .get(before.transitionId) as { n: number };
      expect(audits.n, what).toBe(now.placements);
      committedUnacknowledged += extra.length + (reserveAcked ? 0 : newPlacements);
    }
    db.close();
    figures.push({
      killAfter,
      acknowledged: ackCount,
      inFlightAtKill: inFlight.size,
      committedUnacknowledged,
      burstMs,
    });
  }
  test.info().annotations.push({ type: "figures", description: JSON.stringify(figures) });
  console.log(`durability figures: ${JSON.stringify(figures)}`);
});
