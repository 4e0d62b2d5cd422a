#!/usr/bin/env bash
# The store at a million devices:
#
#   bench/store/run.sh sqlite|postgres [flags of `switchboard bench store`]
#
# Runs `switchboard bench store`: loads 1,000,000 devices straight through
# the store (transactions of 5,000), times access-key lookups and device
# list pages, then starts `switchboard serve` on the store and imports a
# CSV file of 100,000 devices through the API. For postgres it first starts
# a throw-away PostgreSQL cluster (scripts/postgres.sh, as scripts/test.sh
# does), stopped and removed at exit. Ends with the
# command's one-line summary and the load average. SWITCHBOARD_BIN names a
# binary to use instead of building the tree.
set -euo pipefail

STORE=${1:?usage: bench/store/run.sh sqlite|postgres [flags]}
shift

source "$(dirname "$0")/../lib.sh"
bench_setup bench-store go
switchboard_build

db=()
if [ "$STORE" = postgres ]; then
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || { echo "missing PostgreSQL (apt-get install postgresql)" >&2; exit 2; }
  source "$ROOT/scripts/postgres.sh"
  trap 'pg_stop; cleanup' EXIT
  pg_start
  db=(--db "$PG_URL")
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
TMPDIR="$WORK" "$WORK/switchboard" bench store --store "$STORE" "${db[@]}" "$@"
