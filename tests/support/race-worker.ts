/**
 * A separate process for the N-writers race tests: its own SQLite connection, as another server
 * process would have. It loads the services, says "ready", then for each line on stdin (one
 * JSON operation) acts at once and answers one JSON line. The parent sends the same line to all
 * workers together, so the writes meet at the database.
 */
import readline from "node:readline";
import { openDatabase, type Db } from "#db/client";
import { reservePlace } from "#app/modules/transitions/records.server";
import { applyEvent } from "#app/modules/transitions/service.server";
import type { TransitionEventType } from "#machines/transition";
import { contextFor } from "#tests/factories";
import { findResident } from "#app/modules/residents/service.server";
import { localDate } from "#app/utils/dates";

export type RaceOp =
  | {
      kind: "event";
      db: string;
      userId: number;
      residentId: number;
      type: TransitionEventType;
      on: string;
      version: number;
    }
  | { kind: "reserve"; db: string; userId: number; residentId: number; unitId: number };

type Outcome = { ok: true } | { ok: false; label: string; messageKey: string } | { ok: false; crash: string };
export type RaceResult = Outcome & {
  /** Wall-clock start and end of the operation (ms, fractional), to show the writes overlapped. */
  span: [number, number];
};

const dbs = new Map<string, Db>();
const dbFor = (file: string) => {
  let db = dbs.get(file);
  if (!db) dbs.set(file, (db = openDatabase(file)));
  return db;
};

function run(op: RaceOp): Outcome {
  const db = dbFor(op.db);
  const ctx = contextFor(db, op.userId);
  try {
    if (op.kind === "event") applyEvent(ctx, op.residentId, { type: op.type, on: op.on, version: op.version });
    else {
      const { institution } = findResident(ctx, op.residentId);
      reservePlace(ctx, op.residentId, {
        housingUnitId: op.unitId,
        reservedOn: localDate(ctx.now, institution.timeZone),
        plannedMoveOn: null,
      });
    }
    return { ok: true };
  } catch (e) {
    const err = e as { label?: string; messageKey?: string };
    if (err.label && err.messageKey) return { ok: false, label: err.label, messageKey: err.messageKey };
    return { ok: false, crash: String(e) };
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  if (!line.trim()) return;
  const start = performance.timeOrigin + performance.now();
  const result = run(JSON.parse(line) as RaceOp);
  const span = [start, performance.timeOrigin + performance.now()];
  process.stdout.write(JSON.stringify({ ...result, span }) + "\n");
});
rl.on("close", () => {
  for (const db of dbs.values()) db.$client.close();
});
process.stdout.write("ready\n");
