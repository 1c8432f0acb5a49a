/**
 * Makes a migrated SQLite file holding a `seedScenario` world and prints the scenario as JSON
 * (for the Playwright spec, which starts the built server on that file).
 * argv: dbFile residents [workers] [lastPlaceCapacity]
 */
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { seedScenario } from "./scenario";

const [file, residents, workers, capacity] = process.argv.slice(2);
if (!file || !residents) throw new Error("usage: scenario-cli.ts dbFile residents [workers] [lastPlaceCapacity]");
runMigrations(file);
const db = openDatabase(file);
const scenario = await seedScenario(db, {
  residents: Number(residents),
  workers: workers ? Number(workers) : undefined,
  lastPlaceCapacity: capacity ? Number(capacity) : undefined,
});
db.$client.pragma("wal_checkpoint(TRUNCATE)");
db.$client.close();
process.stdout.write(JSON.stringify(scenario) + "\n");
