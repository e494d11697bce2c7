#!/usr/bin/env bash
# Makes sure a Chromium exists for Playwright: the one PLAYWRIGHT_CHROMIUM_PATH names, or
# Debian's chromium (installed with apt-get when missing and run as root), or Playwright's own.
set -euo pipefail

if [ -n "${PLAYWRIGHT_CHROMIUM_PATH:-}" ]; then
  [ -x "$PLAYWRIGHT_CHROMIUM_PATH" ] || { echo "PLAYWRIGHT_CHROMIUM_PATH=$PLAYWRIGHT_CHROMIUM_PATH is not executable" >&2; exit 1; }
  exit 0
fi
[ -x /usr/bin/chromium ] && exit 0
if ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Trying Playwright's own Chromium download…"
npx playwright install chromium
