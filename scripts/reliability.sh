#!/usr/bin/env bash
# The reliability suite (issue 14): crashes, provider faults, disk faults, hostile input,
# forms and actions, isolation and (full mode) load, over HTTP against a production build.
#   npm run test:reliability             short mode (part of npm test)
#   npm run test:reliability -- --full   full mode (or RELIABILITY=full)
# RELIABILITY_BUILD=reuse skips the build when $NEXT_DIST_DIR already holds one (npm test
# builds it for the e2e suite just before).
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
for arg in "$@"; do
  if [ "$arg" = "--full" ]; then export RELIABILITY=full; else args+=("$arg"); fi
done
export RELIABILITY="${RELIABILITY:-short}"
export NEXT_DIST_DIR="${NEXT_DIST_DIR:-.next-e2e}"
export E2E_PORT="${E2E_PORT:-3410}"
export E2E_DATA_DIR="${E2E_DATA_DIR:-$PWD/.reliability-data}"
# An interrupted run may have left the disk-fault part's tmpfs mounted in the data dir.
if command -v mountpoint > /dev/null && mountpoint -q "$E2E_DATA_DIR/disk-faults-fs" 2> /dev/null; then
  umount -l "$E2E_DATA_DIR/disk-faults-fs"
fi
rm -rf "$E2E_DATA_DIR"
mkdir -p "$E2E_DATA_DIR/figures"

if [ "${RELIABILITY_BUILD:-}" = "reuse" ] && [ -f "$NEXT_DIST_DIR/BUILD_ID" ]; then
  echo "Reusing the production build in $NEXT_DIST_DIR."
else
  echo "Building the portal for the reliability suite ($NEXT_DIST_DIR)…"
  npx next build > "$E2E_DATA_DIR/build.log" 2>&1 || { cat "$E2E_DATA_DIR/build.log"; exit 1; }
fi

start=$(date +%s)
status=0
npx playwright test -c playwright.reliability.config.ts ${args[@]+"${args[@]}"} || status=$?
echo
echo "Reliability figures ($RELIABILITY mode, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $(( $(date +%s) - start )) s):"
for file in "$E2E_DATA_DIR"/figures/*.txt; do
  [ -f "$file" ] && cat "$file"
done
exit $status
