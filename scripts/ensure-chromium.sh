#!/usr/bin/env bash
# Playwright drives Debian's Chromium (no browser download works on this machine kind).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium not found: installing Debian's chromium package (about 30 s)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "Chromium is needed for the end-to-end tests and was not found at $CHROMIUM." >&2
echo "Install it as root with:  apt-get update && apt-get install -y chromium" >&2
echo "(or set CHROMIUM_PATH to a Chromium binary)." >&2
exit 1
