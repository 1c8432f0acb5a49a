/**
 * Measures a 1,000-row history import (decision 020): preview and commit time, the longest
 * stall of the event loop meanwhile (a 1 ms timer's worst lateness), and the size of the copy.
 * Not a test: `npx tsx tests/support/measure-history.ts [rows] [demo]` (demo: on the demo database).
 */
import { performance } from "node:perf_hooks";
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { commitResidentHistory, previewResidentHistory } from "#app/modules/history/residents.server";
import { contextFor, createInstitution, createUser } from "#tests/factories";
import { insertHousingUnit } from "#tests/factories/housing";
import { freshDbFile } from "./db";

const n = Number(process.argv[2] ?? 1000);
const file = freshDbFile();
runMigrations(file);
const db = openDatabase(file);
const inst = createInstitution(db);
const worker = await createUser(db, { name: "Ewa Lis", institutionIds: [inst.id] });
insertHousingUnit(db, inst.id, {
  name: "Flat",
  capacity: 2000,
  openedOn: "2020-01-01",
  housingType: "pl_protected_training_flat",
});
const ctx = contextFor(db, worker.id, new Date());
const D = [
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
const header = [
  "first_name;last_name;sex;date_of_birth;target_group;disability;legal_capacity;opened_on;assessment_completed_on;assessment_completed_by;support_intensity",
  ...D.map((d) => `assessment_${d}`),
  "plan_written_on;plan_written_by;plan_approved_on;plan_approved_by;consent_given_on;unit;reserved_on;moved_on;service_type;service_provider;service_start_on",
].join(";");
const rows = Array.from(
  { length: n },
  (_, i) =>
    `Osoba;Nr${i};female;1950-01-01;older_person;no;full;2023-01-02;2023-01-10;Ewa Lis;limited;${D.map(() => "intermittent").join(";")};2023-01-12;Ewa Lis;2023-01-16;Jan Wójcik;2023-01-17;Flat;2023-01-18;2023-02-01;pl_care_services;MOPS;2023-02-02`,
);
const bytes = new TextEncoder().encode([header, ...rows].join("\n") + "\n");

/** Rows done when the longest stall ended (where it happened). */
let done = 0;
const onProgress = (d: number) => (done = d);

async function timed(label: string, f: () => Promise<unknown>) {
  let worst = 0;
  let at = 0;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    if (now - last > worst) [worst, at] = [now - last, done];
    last = now;
  };
  const timer = setInterval(tick, 1);
  const t0 = performance.now();
  await f();
  tick(); // a synchronous replay never lets the timer run: its whole length is one stall
  const ms = performance.now() - t0;
  clearInterval(timer);
  console.log(
    `${label}: ${(ms / 1000).toFixed(2)} s for ${n} rows (${(ms / n).toFixed(2)} ms a row); longest event-loop stall ${worst.toFixed(0)} ms (after row ${at})`,
  );
}
await timed("preview", () => previewResidentHistory(ctx, inst.id, bytes, { onProgress }));
await timed("commit", () => commitResidentHistory(ctx, inst.id, bytes, { onProgress }));
