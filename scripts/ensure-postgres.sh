#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries exist for the tests' throwaway cluster
# (lib/testing/postgres-cluster.ts): POSTGRES_BIN_DIR, or Debian's under /usr/lib/postgresql,
# installed with apt-get when missing and run as root.
set -euo pipefail

if [ -n "${POSTGRES_BIN_DIR:-}" ]; then
  [ -x "$POSTGRES_BIN_DIR/initdb" ] || { echo "POSTGRES_BIN_DIR=$POSTGRES_BIN_DIR has no initdb" >&2; exit 1; }
  exit 0
fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's PostgreSQL server for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  exit 0
fi
echo "The tests need PostgreSQL's server binaries: install the postgresql package or set POSTGRES_BIN_DIR." >&2
exit 1
