// Adds up the runners' JSON reports into the one line CI reads: "N passed, N failed".
// A runner that wrote no report (it crashed) counts as one failure.
import fs from "node:fs";

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;

const vitest = read("test-results/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  if (vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0) failed += vitest.numFailedTestSuites;
} else failed += 1;

const pw = read("test-results/playwright.json");
if (pw) {
  passed += pw.stats.expected + pw.stats.flaky;
  failed += pw.stats.unexpected;
  skipped += pw.stats.skipped;
  if (pw.errors?.length && pw.stats.unexpected === 0) failed += pw.errors.length;
} else failed += 1;

// The type check, the linter and the format check each count as one test.
for (const step of ["typecheck", "lint", "format"]) {
  if (fs.existsSync(`test-results/${step}.failed`)) failed += 1;
  else passed += 1;
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
