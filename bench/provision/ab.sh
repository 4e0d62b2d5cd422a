#!/usr/bin/env bash
# Profile fetches per second of two switchboard builds against each other,
# to tell whether a change made the provisioning server slower:
#
#   bench/provision/ab.sh BASELINE_BIN [devices] [seconds per run] [rounds]
#
# SWITCHBOARD_BIN names the build under test (default: this tree, built);
# BASELINE_BIN the one it is compared with, e.g. built from an earlier
# commit. Both serve the same number of devices from their own data
# directories (SQLite), pinned to CPU 1 in turn, with wrk on CPU 0; each
# round measures both back to back, the first alternating, with a new TLS
# connection per fetch and with keep-alive. Prints the medians and the
# ratio (median of the rounds' ratios). All traffic stays on 127.0.0.1;
# every process started here is stopped at the end.
set -euo pipefail

BASELINE_BIN=${1:?usage: bench/provision/ab.sh BASELINE_BIN [devices] [seconds per run] [rounds]}
DEVICES=${2:-300}
SECONDS_PER_RUN=${3:-5}
ROUNDS=${4:-7}
CONNS=${CONNS:-64}

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/profiles.sh"
INSTALL_HINT="apt-get install wrk util-linux curl python3" bench_setup bench-provision-ab wrk taskset curl python3 go
BASE=$WORK
trap 'WORK=$BASE; cleanup' EXIT

WORK=$BASE/baseline
mkdir -p "$WORK"
SWITCHBOARD_BIN=$BASELINE_BIN serve_start taskset -c 1
create_devices "$DEVICES" "$BASE/baseline.paths"
BASELINE_PROV=$PROV BASELINE_SERVE=$SERVE

WORK=$BASE/switchboard
mkdir -p "$WORK"
serve_start taskset -c 1
create_devices "$DEVICES" "$BASE/switchboard.paths"
WORK=$BASE

# measure SERVER MODE runs wrk against one of the two builds.
measure() {
  local port=$PROV close=0 pid=$SERVE
  if [ "$1" = baseline ]; then
    port=$BASELINE_PROV pid=$BASELINE_SERVE
    kill -0 "$BASELINE_SERVE" 2>/dev/null || { echo "the baseline serve is gone" >&2; exit 1; }
  fi
  [ "$2" = close ] && close=1
  fetch_rate "$port" "$BASE/$1.paths" "$close" "$2.$1" "$pid"
}

LOAD_START=$(loadavg)
compare baseline measure req/s errors close keepalive

fetch_report baseline baseline "servers on CPU 1" close keepalive
