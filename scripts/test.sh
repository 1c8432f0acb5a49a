#!/usr/bin/env bash
# npm test: every test. Type check, unit + integration (Vitest, real SQLite files),
# lint and format checks (ESLint, Prettier),
# end-to-end (Playwright in Debian's Chromium against the production build).
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export VITE_CJS_IGNORE_WARNING=true VITE_CONFIG_NATIVE_IGNORE_WARNING=true
mkdir -p test-results
rm -f test-results/vitest.json test-results/playwright.json test-results/*.failed
status=0

echo "== Type check"
if ! npx tsc --noEmit; then touch test-results/typecheck.failed; status=1; fi

echo "== Lint (ESLint) and format (Prettier)"
if ! npx eslint . --max-warnings 0; then touch test-results/lint.failed; status=1; fi
if ! npx prettier --check . --log-level warn; then
  echo "Files above are not formatted: run  npm run format" >&2
  touch test-results/format.failed; status=1
fi

echo "== Unit and integration tests (Vitest)"
npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json || status=1

echo "== End-to-end tests (Playwright, Chromium)"
if bash scripts/ensure-chromium.sh && npx remix build >/dev/null && node scripts/build-offline.mjs >/dev/null; then
  npx playwright test || status=1
else
  status=1
fi

node scripts/test-summary.mjs || status=1
exit $status
