#!/usr/bin/env bash
# The store at a million devices (issue 13 part 4):
#
#   bench/store/run.sh sqlite|postgres [flags of `switchboard bench store`]
#
# Runs `switchboard bench store`: loads 1,000,000 devices straight through
# the store (transactions of 5,000), times access-key lookups and device
# list pages, then starts `switchboard serve` on the store and imports a
# CSV file of 100,000 devices through the API. For postgres it first starts
# a throw-away PostgreSQL cluster (fsync off, as scripts/test.sh does) on a
# port between 15000 and 30000, stopped and removed at exit. Ends with the
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
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$pgbin" ] || { echo "missing PostgreSQL (apt-get install postgresql)" >&2; exit 2; }
  # Its own directory: as root the server runs as postgres, who cannot
  # enter $WORK.
  pg=$(mktemp -d /tmp/bench-store-pg.XXXXXX)
  asuser=(sh -c)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$pg"
    asuser=(su postgres -s /bin/sh -c)
  fi
  pgstop() {
    "${asuser[@]}" "$pgbin/pg_ctl -D $pg/data -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$pg"
    cleanup
  }
  trap pgstop EXIT
  "${asuser[@]}" "$pgbin/initdb -D $pg/data -A trust -U postgres" >"$pg/initdb.log"
  for try in 1 2 3 4 5; do
    port=$((15000 + RANDOM % 15000))
    if "${asuser[@]}" "$pgbin/pg_ctl -D $pg/data -o '-p $port -k $pg -c listen_addresses=127.0.0.1 -c fsync=off' -l $pg/log -w start" >/dev/null; then
      break
    fi
    [ "$try" -lt 5 ] || { echo "could not start PostgreSQL:" >&2; tail -5 "$pg/log" >&2; exit 1; }
  done
  db=(--db "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable")
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
TMPDIR="$WORK" "$WORK/switchboard" bench store --store "$STORE" "${db[@]}" "$@"
