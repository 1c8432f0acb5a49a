#!/usr/bin/env bash
# npm start: build, migrate the embedded SQLite file, load demo data on first start, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV="${NODE_ENV:-production}"
export DEMO_MODE="${DEMO_MODE:-true}"
export VITE_CJS_IGNORE_WARNING=true
npx remix build >/dev/null
npx tsx scripts/migrate.ts
npx tsx scripts/seed-demo.ts
exec npx remix-serve ./build/index.js
