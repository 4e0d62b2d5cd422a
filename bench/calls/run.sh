#!/usr/bin/env bash
# Calls per second through the B2BUA: switchboard serve against Kamailio
# 5.6 as a stateful proxy with digest, SIPp as a closed-loop caller and
# as the callee, over UDP.
#
#   bench/calls/run.sh [callers] [calls per run] [rounds]
#
# SWITCHBOARD_BIN names a binary to use instead of building the tree;
# CONCURRENCY sets SIPp's calls in flight (default 50); PROFILE=DIR
# writes serve's CPU profile of the first switchboard round into DIR.
#
# Starts `switchboard serve` (SQLite) and creates through its API a
# callee workplace (extension 200) and CALLERS caller workplaces, one
# device and SIP account each; starts Kamailio (kamailio.cfg: the same
# accounts' passwords in memory, 407 for INVITE, tm relay, record-route).
# A SIPp UAS registers as the callee's device on both servers from one
# port and answers every call there. Per round, SIPp (calls.xml: INVITE,
# 407, ACK, INVITE with credentials, 200, ACK, BYE, 200) places CALLS
# calls with CONCURRENCY in flight through each server in turn, the first
# alternating: to extension 200 through switchboard (routed by the use
# cases, the call events recorded in the store), to the callee's user
# name through Kamailio. Servers are pinned to CPU 1, both SIPps to CPU 0
# (TESTING.md). Prints the medians, the ratio (median of the rounds'
# ratios), failed calls and the load average. All traffic stays on
# 127.0.0.1; every process started here is stopped at the end.
set -euo pipefail

CALLERS=${1:-20}
CALLS=${2:-5000}
ROUNDS=${3:-5}
CONCURRENCY=${CONCURRENCY:-50}

source "$(dirname "$0")/../lib.sh"
INSTALL_HINT="apt-get install sip-tester kamailio util-linux curl python3" bench_setup bench-calls sipp kamailio taskset curl python3 go
KAM=$(freeport)
UAS=$(freeport)
UAC=$(freeport)
serve_start taskset -c 1

echo "creating $CALLERS callers and the callee through the API" >&2
CALLEE=$(python3 "$ROOT/bench/calls/accounts.py" "$HTTP" "$TOKEN" "$CALLERS" "$WORK")
printf 'table_name(string) table_version(int)\nhtable:2\n' >"$WORK/db/version"
sed "s#WORK#$WORK#g; s#PORT#$KAM#g" "$ROOT/bench/calls/kamailio.cfg" >"$WORK/kamailio.cfg"
taskset -c 1 kamailio -f "$WORK/kamailio.cfg" -P "$WORK/kamailio.pid" -DD -E >"$WORK/kamailio.log" 2>&1 &
KAMAILIO=$!
PIDS+=("$KAMAILIO")
sleep 2

echo "registering the callee on both servers" >&2
for port in $SIP $KAM; do
  (cd "$WORK" && sipp "127.0.0.1:$port" -sf "$ROOT/bench/register/register.xml" -inf "$WORK/callee.csv" \
    -i 127.0.0.1 -p "$UAS" -m 1 -nostdin -timeout 10s >"$WORK/register.out" 2>&1) ||
    { echo "the callee did not register on port $port" >&2; tail -20 "$WORK/register.out" >&2; exit 1; }
done
(cd "$WORK" && taskset -c 0 sipp -sn uas -i 127.0.0.1 -p "$UAS" -nostdin -bg >"$WORK/uas.out" 2>&1) || true # in -bg the parent's status is not the UAS's
UASPID=$(sed -n 's/.*PID=\[\([0-9]*\)\].*/\1/p' "$WORK/uas.out")
[ -n "$UASPID" ] || { echo "the SIPp callee did not start" >&2; cat "$WORK/uas.out" >&2; exit 1; }
PIDS+=("$UASPID")

# measure SERVER MODE prints "calls/s failed" for one SIPp run of $CALLS
# calls through SERVER.
measure() {
  local port=$SIP service=200 out rate ok
  [ "$1" = kamailio ] && port=$KAM service=$CALLEE
  if [ "$1" = switchboard ] && [ ! -e "$WORK/profiled" ]; then
    touch "$WORK/profiled"
    profile calls "${PROFILE_SECONDS:-10}"
  fi
  out=$(cd "$WORK" && taskset -c 0 sipp "127.0.0.1:$port" -sf "$ROOT/bench/calls/calls.xml" -inf "$WORK/callers.csv" \
    -s "$service" -i 127.0.0.1 -p "$UAC" -m "$CALLS" -l "$CONCURRENCY" -r 1000000 -nostdin -timeout 120s \
    -trace_err -error_file "$WORK/errors.log" 2>&1 || true)
  echo "$out" >>"$WORK/sipp.log"
  rate=$(echo "$out" | awk -F'|' '/Call Rate/ {gsub(/[^0-9.]/, "", $3); print $3}' | tail -1)
  ok=$(echo "$out" | sipp_successful)
  if [ "$(( CALLS - ${ok:-0} ))" != 0 ]; then
    grep -m3 -A12 'Aborting\|unexpected\|timeout' "$WORK/errors.log" >&2 || true
  fi
  cat "$WORK/errors.log" >>"$WORK/errors.all" 2>/dev/null || true
  rm -f "$WORK/errors.log"
  echo "${rate:-0} $(( CALLS - ${ok:-0} ))"
}

load0=$(loadavg)
compare kamailio measure "calls/s" "failed calls" udp
load1=$(loadavg)
read -r sb kam ratio sbfail kamfail < <(medians udp kamailio)
echo
echo "calls (INVITE with digest, 200, ACK, BYE) per second, $CALLERS callers, $CALLS calls a run, $CONCURRENCY in flight, $ROUNDS rounds"
echo "median: switchboard $sb/s, kamailio $kam/s, ratio $ratio; failed calls: switchboard $sbfail, kamailio $kamfail"
rounds udp kamailio
echo "load average (1 min) before $load0, after $load1"
echo "serve's SIP counters: $(registrar_counters)"
