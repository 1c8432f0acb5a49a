#!/usr/bin/env bash
# The server the end-to-end tests drive: the production build on a fresh demo database.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV=production DEMO_MODE=true PORT="${E2E_PORT:-3100}" HOST="${HOST:-127.0.0.1}"
export DATABASE_PATH="${E2E_DATABASE_PATH:-test-results/e2e/app.db}"
export SESSION_SECRET="e2e-secret-e2e-secret-e2e-secret-0123456789"
rm -f "$DATABASE_PATH" "$DATABASE_PATH"-wal "$DATABASE_PATH"-shm
# The offline layer is built from the Remix build (a bare `remix build` before the tests leaves it out).
node scripts/build-offline.mjs >/dev/null
npx tsx scripts/migrate.ts
npx tsx scripts/seed-demo.ts >/dev/null
exec node server.js ./build/index.js
