import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { findResident } from "#app/modules/residents/service.server";
import { reservePlace } from "#app/modules/transitions/records.server";
import { logFacts } from "#app/modules/transitions/facts.server";
import { effectiveLog } from "#app/modules/transitions/log";
import { applyEvent, correctEvent, loadLog, restoreSnapshot, voidEvent } from "#app/modules/transitions/service.server";
import { AppError } from "#app/utils/errors";
import { acceptsInState, TRANSITION_EVENT_TYPES } from "#machines/transition";
import { caseWorld, day, type CaseWorld } from "#tests/factories/case-world";
import { contextFor } from "#tests/factories";
import { movedResident, trainingFlat } from "#tests/factories/moved-resident";

/*
 * `logFacts` (the previous step's date and the latest move, read by SQL on every event's path)
 * against the effective log itself: the last entry of `effectiveLog` and its last RECORD_MOVE, over
 * random runs of events, corrections, voids and reservations made through the services (which
 * refuse what the machine refuses, so the log stays one a user could have made).
 */

const TODAY = day("2026-12-01");
/** Days from 1 February 2026 (before the move of 3 March) to 30 November 2026. */
const SPAN = 302;
const onDay = (n: number) => new Date(Date.UTC(2026, 1, 1 + n)).toISOString().slice(0, 10);
/** A date: any day of the span, or a few days after the previous step (so that logs grow long). */
const whenArb = fc.oneof(
  { weight: 1, arbitrary: fc.record({ abs: fc.nat(SPAN) }) },
  { weight: 3, arbitrary: fc.record({ ahead: fc.nat(14) }) },
);
type When = typeof whenArb extends fc.Arbitrary<infer T> ? T : never;
function dateOf(when: When, previousOn: string | null): string {
  if ("abs" in when) return onDay(when.abs);
  const from = Date.parse(`${previousOn ?? "2026-02-01"}T00:00:00Z`) + when.ahead * 86_400_000;
  return new Date(Math.min(from, Date.parse("2026-11-30T00:00:00Z"))).toISOString().slice(0, 10);
}

const commandArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("event" as const),
      pick: fc.nat(),
      when: whenArb,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("correct" as const), pick: fc.nat(), when: whenArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("void" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reserve" as const), when: whenArb }) },
);

/** What the effective log says, by replaying its entries' order (the definition). */
function expected(entries: ReturnType<typeof loadLog>) {
  const effective = effectiveLog(entries);
  return {
    previousOn: effective.at(-1)?.entry.occurredOn ?? null,
    lastMoveOn: effective.filter((e) => e.entry.type === "RECORD_MOVE").at(-1)?.entry.occurredOn ?? null,
  };
}

describe("logFacts reads what the effective log says", () => {
  let w: CaseWorld;
  beforeAll(async () => {
    w = await caseWorld();
  });

  it("after every event, correction, void and reservation of 80 random runs", () => {
    let refused = 0;
    const written = { event: 0, correct: 0, void: 0, reserve: 0 };
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 30 }), (commands) => {
        const unit = trainingFlat(w.db, w.instId);
        const id = movedResident(w.db, { institutionId: w.instId, unit, worker: w.worker, second: w.second });
        const ctx = contextFor(w.db, w.worker, TODAY);
        const transition = () => findResident(ctx, id).transition;
        const tid = transition().id;
        expect(logFacts(w.db, tid)).toEqual({ previousOn: "2026-03-03", lastMoveOn: "2026-03-03" });
        for (const c of commands) {
          const t = transition();
          const version = t.version;
          // An event the state takes (its guards may still refuse it).
          const snapshot = restoreSnapshot(t.snapshot, t.machineVersion);
          const types = TRANSITION_EVENT_TYPES.filter((type) => acceptsInState(snapshot, type));
          const before = expected(loadLog(w.db, tid));
          const effective = effectiveLog(loadLog(w.db, tid));
          const on = "when" in c ? dateOf(c.when, before.previousOn) : "";
          const target =
            effective.length === 0 || c.kind === "event" || c.kind === "reserve"
              ? undefined
              : // A void of the latest step half the time (only the latest may be voided), else any entry.
                effective[c.kind === "void" && c.pick % 2 === 0 ? effective.length - 1 : c.pick % effective.length]!;
          try {
            if (c.kind === "event") applyEvent(ctx, id, { type: types[c.pick % types.length]!, on, version });
            else if (c.kind === "reserve")
              reservePlace(ctx, id, { housingUnitId: unit, reservedOn: on, plannedMoveOn: on });
            else if (!target) continue;
            else if (c.kind === "correct")
              correctEvent(ctx, id, { seq: target.entry.seq, on, note: "", reason: "property", version });
            else voidEvent(ctx, id, { seq: target.entry.seq, reason: "property", version });
            written[c.kind]++;
          } catch (e) {
            // The services refuse in words (AppError); anything else is a defect.
            if (!(e instanceof AppError)) throw e;
            refused++;
          }
          expect(logFacts(w.db, tid)).toEqual(expected(loadLog(w.db, tid)));
        }
      }),
      { numRuns: 80, seed: 18 },
    );
    // The runs exercised every path: each kind of write taken, and writes refused.
    expect(written.event).toBeGreaterThanOrEqual(100);
    expect(written.correct).toBeGreaterThanOrEqual(20);
    expect(written.void).toBeGreaterThanOrEqual(30);
    expect(written.reserve).toBeGreaterThanOrEqual(10);
    expect(refused).toBeGreaterThanOrEqual(100);
  });
});
