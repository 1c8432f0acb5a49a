import { afterEach, vi } from "vitest";
import type { Db } from "#db/client";

// A test fails on any console.error: an error logged and swallowed is still a bug.
let errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};

afterEach(() => {
  vi.useRealTimers();
  const seen = errors;
  errors = [];
  if (seen.length > 0) {
    throw new Error(`console.error was called:\n${seen.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
});

// Every database a test opened with freshDb() (tests/support/db.ts): the counting moments the
// triggers keep must equal the recount from the records after whatever the test wrote (decision 035).
afterEach(async () => {
  const open = (globalThis as { __openTestDbs?: Set<Db> }).__openTestDbs;
  if (!open || open.size === 0) return;
  const { countingDifferences, describeDifference } = await import("#app/modules/indicators/consistency.server");
  for (const db of open) {
    if (!db.$client.open) {
      open.delete(db);
      continue;
    }
    if (db.$client.inTransaction) continue;
    const differences = countingDifferences(db);
    if (differences.length > 0)
      throw new Error(`counting_moments differ from the records:\n${differences.map(describeDifference).join("\n")}`);
  }
});
