import fs from "node:fs";
import { openDatabase } from "#db/client";
import {
  countingDifferences,
  describeDifference,
  describeTriggerDifference,
  triggerDifferences,
} from "#app/modules/indicators/consistency.server";
import { EnvError, parseEnv } from "#app/utils/env.server";

/**
 * npm run db:check-counts [-- --db path/to.db]
 * Recomputes every counting moment from the records and compares it with `counting_moments`
 * (decision 035), and the triggers that keep the table with the ones the migrations make (a
 * dropped or edited trigger is equal today and wrong after the next write). Prints each
 * difference and exits 1 when there is any; 0 when all are equal; 2 when there is no database.
 * Reads only.
 */
function dbPath(): string {
  const i = process.argv.indexOf("--db");
  if (i > 0 && process.argv[i + 1]) return process.argv[i + 1]!;
  try {
    return parseEnv(process.env).DATABASE_PATH;
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}

const file = dbPath();
if (!fs.existsSync(file)) {
  console.error(`db:check-counts: no database at ${file}`);
  process.exit(2);
}
const db = openDatabase(file);
const started = performance.now();
const { differences, triggers } = db.transaction(
  () => ({ differences: countingDifferences(db), triggers: triggerDifferences(db) }),
  { behavior: "deferred" },
);
const rows = db.$client.prepare("select count(*) from counting_moments").pluck().get() as number;
db.$client.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (differences.length === 0 && triggers.length === 0) {
  console.log(
    `db:check-counts: ${file}: ${rows} counting moments, all equal to the recount from the records, kept by the migrations' triggers (${seconds} s).`,
  );
  process.exit(0);
}
for (const t of triggers) console.log(describeTriggerDifference(t));
for (const d of differences.slice(0, 200)) console.log(describeDifference(d));
if (differences.length > 200) console.log(`… and ${differences.length - 200} more`);
if (triggers.length > 0)
  console.error(`db:check-counts: ${triggers.length} trigger(s) not as the migrations make them.`);
if (differences.length > 0)
  console.error(
    `db:check-counts: ${differences.length} difference(s) between counting_moments and the records (${seconds} s).`,
  );
process.exit(1);
