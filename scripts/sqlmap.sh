#!/usr/bin/env bash
# npm run sqlmap [-- --level 2 --risk 1 --crawl 4 --port 3300 --budget-minutes 60 --only admin,case_worker,working_group,grant_manager,anonymous]
# SQL injection scan of the production build with Debian's sqlmap (scripts/sqlmap-scan.ts does
# the work: own server on a fresh demo database, signed in, every form and query parameter).
# Exits non-zero when anything is injectable. Logs and summary: sqlmap/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlmap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "sqlmap not found: installing Debian's package (apt-get install -y sqlmap) …"
    apt-get install -y sqlmap >/dev/null || { apt-get update >/dev/null && apt-get install -y sqlmap >/dev/null; }
  else
    echo "sqlmap is not installed. Install it with: sudo apt-get install -y sqlmap (Debian/Ubuntu), then run npm run sqlmap again." >&2
    exit 2
  fi
fi
exec npx tsx scripts/sqlmap-scan.ts "$@"
