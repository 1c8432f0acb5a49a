#!/usr/bin/env bash
# npm start: build, migrate the embedded SQLite file, load demo data on first start, serve
# (server.js; in demo mode on 127.0.0.1 only).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV="${NODE_ENV:-production}"
export DEMO_MODE="${DEMO_MODE:-true}"
# Demo mode (published passwords, plain HTTP) listens on this machine only unless HOST says
# otherwise, e.g. HOST=0.0.0.0 to show it on a network (docs/decisions/021).
if [[ "$DEMO_MODE" =~ ^(true|1|yes)$ ]]; then export HOST="${HOST:-127.0.0.1}"; fi
export VITE_CJS_IGNORE_WARNING=true
npx remix build >/dev/null
node scripts/build-offline.mjs >/dev/null
npx tsx scripts/migrate.ts
npx tsx scripts/seed-demo.ts
exec node server.js ./build/index.js
