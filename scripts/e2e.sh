#!/usr/bin/env bash
# Runs the end-to-end suite against a fresh production build and a fresh database.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-browser.sh

export NEXT_DIST_DIR="${NEXT_DIST_DIR:-.next-e2e}"
export E2E_DATA_DIR="${E2E_DATA_DIR:-$PWD/.e2e-data}"
rm -rf "$E2E_DATA_DIR"
mkdir -p "$E2E_DATA_DIR"
echo "Building the portal for the end-to-end tests ($NEXT_DIST_DIR)…"
npx next build > "$E2E_DATA_DIR/build.log" 2>&1 || { cat "$E2E_DATA_DIR/build.log"; exit 1; }
npx playwright test "$@"
