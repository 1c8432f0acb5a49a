/**
 * Many writers at the same instant, each in its own OS process with its own SQLite connection
 * (as several server processes on one file would be): the optimistic version check and the
 * immediate transactions must let exactly one through and tell the others why — never a crash,
 * never a lost or doubled write.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "#db/client";
import { auditEvents, placements, transitionEvents, transitions } from "#db/schema";
import { replay } from "#app/modules/transitions/service.server";
import type { TransitionEventType, TransitionState } from "#machines/transition";
import { freshDbFile } from "#tests/support/db";
import { startRacePool, type RacePool } from "#tests/support/race-pool";
import type { RaceOp } from "#tests/support/race-worker";
import { seedScenario } from "#tests/support/scenario";

const N = 16;
let pool: RacePool;

beforeAll(async () => {
  pool = await startRacePool(N);
}, 120_000);

afterAll(async () => {
  await pool?.close();
});

/** Events the machine accepts in each state we pass through (all guarded by the date only). */
const CANDIDATES: Partial<Record<TransitionState, TransitionEventType[]>> = {
  identified: ["START_ASSESSMENT", "PUT_ON_HOLD", "WITHDRAW"],
  assessment: ["PUT_ON_HOLD", "WITHDRAW"],
  on_hold: ["RESUME", "WITHDRAW"],
  withdrawn: ["REOPEN"],
};

/** How the operations' time windows lay: first start to last start, and the most running at once. */
function overlap(results: { span: [number, number] }[]) {
  const starts = results.map((r) => r.span[0]);
  const maxAtOnce = Math.max(
    ...results.map((r) => results.filter((o) => o.span[0] <= r.span[0] && o.span[1] > r.span[0]).length),
  );
  return { startSpreadMs: +(Math.max(...starts) - Math.min(...starts)).toFixed(1), maxAtOnce };
}

function transitionRow(db: Db, id: number) {
  return db.select().from(transitions).where(eq(transitions.id, id)).get()!;
}

describe(`${N} processes send an event to one transition with the same version`, () => {
  it("each round: exactly one is accepted, the others get a conflict; one event, one audit, version +1", async () => {
    const file = freshDbFile();
    const db = openDatabase(file);
    const s = await seedScenario(db, { residents: 1, workers: 4 });
    const { id: residentId, transitionId } = s.residents[0]!;
    const rounds = 6;
    for (let round = 1; round <= rounds; round++) {
      const before = transitionRow(db, transitionId);
      expect(before.version).toBe(round);
      const types = CANDIDATES[before.state]!;
      const ops: RaceOp[] = Array.from({ length: N }, (_, i) => ({
        kind: "event",
        db: file,
        userId: s.workers[i % s.workers.length]!.id,
        residentId,
        type: types[i % types.length]!,
        on: s.today,
        version: before.version,
      }));
      const results = await pool.race(ops);
      // The writes really met: they were running at the same time, not one after the other.
      expect(overlap(results).maxAtOnce).toBeGreaterThan(1);

      const accepted = results.flatMap((r, i) => (r.ok ? [ops[i] as Extract<RaceOp, { kind: "event" }>] : []));
      const refused = results.filter((r) => !r.ok);
      expect(accepted, JSON.stringify(results)).toHaveLength(1);
      expect(refused).toHaveLength(N - 1);
      for (const r of refused)
        expect(r).toEqual({
          ok: false,
          label: "conflict",
          messageKey: "transitions.errors.stale",
          span: expect.any(Array),
        });

      const after = transitionRow(db, transitionId);
      const events = db
        .select()
        .from(transitionEvents)
        .where(eq(transitionEvents.transitionId, transitionId))
        .orderBy(transitionEvents.seq)
        .all();
      expect(after.version).toBe(before.version + 1);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: round }, (_, i) => i + 1));
      const last = events.at(-1)!;
      expect(last).toMatchObject({
        type: accepted[0]!.type,
        fromState: before.state,
        toState: after.state,
        actorUserId: accepted[0]!.userId,
      });
      expect(after.snapshot).toEqual(replay(events));
      const audits = db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityType, "transition"), eq(auditEvents.entityId, String(transitionId))))
        .all();
      expect(audits).toHaveLength(round);
      expect(audits.at(-1)).toMatchObject({
        action: `transition.${accepted[0]!.type.toLowerCase()}`,
        actorUserId: accepted[0]!.userId,
        before: { state: before.state, version: before.version },
        after: { state: after.state, version: before.version + 1 },
      });
    }
    db.$client.close();
  }, 60_000);
});

describe(`${N} processes reserve the last place of a unit for ${N} different residents`, () => {
  it("exactly one gets it, the others are told the unit is full; placements = capacity", async () => {
    // Three independent contests, each on its own database.
    for (const capacity of [1, 3, 6]) {
      const file = freshDbFile();
      const db = openDatabase(file);
      const s = await seedScenario(db, { residents: N, workers: 4, lastPlaceCapacity: capacity });
      const unitId = s.lastPlace.unitId;
      const ops: RaceOp[] = s.residents.map((r, i) => ({
        kind: "reserve",
        db: file,
        userId: s.workers[i % s.workers.length]!.id,
        residentId: r.id,
        unitId,
      }));
      const results = await pool.race(ops);
      // The writes really met: they were running at the same time, not one after the other.
      expect(overlap(results).maxAtOnce).toBeGreaterThan(1);

      const winners = s.residents.filter((_, i) => results[i]!.ok);
      expect(winners, JSON.stringify(results)).toHaveLength(1);
      for (const r of results.filter((r) => !r.ok))
        expect(r).toEqual({
          ok: false,
          label: "validation",
          messageKey: "transitions.errors.unitFull",
          span: expect.any(Array),
        });

      const held = db
        .select({ transitionId: placements.transitionId })
        .from(placements)
        .where(and(eq(placements.housingUnitId, unitId), inArray(placements.status, ["reserved", "active"])))
        .all();
      expect(held).toHaveLength(capacity);
      expect(held.map((p) => p.transitionId)).toContain(s.residents.find((r) => r.id === winners[0]!.id)!.transitionId);
      const audited = db.select().from(auditEvents).where(eq(auditEvents.action, "placement.reserved")).all();
      expect(audited).toHaveLength(capacity);
      expect(audited.at(-1)!.after).toMatchObject({ housingUnitId: unitId, placesTakenBefore: capacity - 1, capacity });
      db.$client.close();
    }
  }, 60_000);
});
