#!/usr/bin/env bash
# REGISTER with digest per second: switchboard serve against Kamailio 5.6
# with the same accounts, SIPp as a closed-loop load, over UDP and TCP.
#
#   bench/register/run.sh [accounts] [calls per run] [rounds]
#
# SWITCHBOARD_BIN names a binary to use instead of building the tree;
# CONCURRENCY sets SIPp's calls in flight (default 100).
#
# Starts `switchboard serve` (SQLite, default digest offer: MD5 first)
# and creates ACCOUNTS devices through its API, each with its own SIP
# account in the SIP domain bench.example; starts Kamailio (kamailio.cfg:
# in-memory usrloc, digest auth against the very same user names and
# passwords held in memory, one contact per account, stateless replies,
# two worker processes per transport). Every account registers once on
# both servers first, so the runs measure re-registration of existing
# bindings, as phones do all day. Then, per transport and round, SIPp
# (register.xml: REGISTER, 401, REGISTER with credentials, 200) runs CALLS
# registrations with CONCURRENCY in flight against each server in turn,
# the first alternating. Servers are pinned to CPU 1 and SIPp to CPU 0
# (TESTING.md). A run counts only if SIPp saw no failed call. Prints the
# medians, the ratios (median of the rounds' ratios), failed calls, and
# serve's resident memory per binding. All traffic stays on 127.0.0.1;
# every process started here is stopped at the end.
set -euo pipefail

ACCOUNTS=${1:-5000}
CALLS=${2:-40000}
ROUNDS=${3:-5}
CONCURRENCY=${CONCURRENCY:-100}

source "$(dirname "$0")/../lib.sh"
INSTALL_HINT="apt-get install sip-tester kamailio util-linux curl python3" bench_setup bench-register sipp kamailio taskset curl python3 go
KAM=$(freeport)
# SIPp always listens on the same port, so an account's Contact is the
# same in every run and it keeps one binding on both servers.
SIPP=$(freeport)
serve_start taskset -c 1

echo "creating $ACCOUNTS devices through the API" >&2
python3 "$ROOT/bench/register/accounts.py" "$HTTP" "$TOKEN" "$ACCOUNTS" "$WORK"
printf 'table_name(string) table_version(int)\nhtable:2\n' >"$WORK/db/version"

sed "s#WORK#$WORK#g; s#PORT#$KAM#g" "$ROOT/bench/register/kamailio.cfg" >"$WORK/kamailio.cfg"
taskset -c 1 kamailio -f "$WORK/kamailio.cfg" -P "$WORK/kamailio.pid" -DD -E >"$WORK/kamailio.log" 2>&1 &
PIDS+=($!)
sleep 2

# run PORT TRANSPORT CALLS prints "registrations/s failed" for one SIPp run.
run() {
  local out t=u1
  [ "$2" = tcp ] && t=t1
  out=$(cd "$WORK" && taskset -c 0 sipp "127.0.0.1:$1" -sf "$ROOT/bench/register/register.xml" -inf "$WORK/accounts.csv" \
    -t "$t" -i 127.0.0.1 -p "$SIPP" -m "$3" -l "$CONCURRENCY" -r 1000000 -nostdin -timeout 120s \
    -trace_err -error_file "$WORK/errors.log" 2>&1 || true)
  echo "$out" >>"$WORK/sipp.log"
  local rate ok failed
  rate=$(echo "$out" | awk -F'|' '/Call Rate/ {gsub(/[^0-9.]/, "", $3); print $3}' | tail -1)
  ok=$(echo "$out" | sipp_successful)
  failed=$(( $3 - ${ok:-0} ))
  if [ "$failed" != 0 ]; then
    grep -m3 -A12 'Aborting\|unexpected\|timeout' "$WORK/errors.log" >&2 || true
  fi
  rm -f "$WORK/errors.log"
  echo "${rate:-0} ${failed:-$3}"
}

echo "registering every account once on both servers" >&2
before=$(rss)
for port in $SIP $KAM; do
  read -r _ failed < <(run "$port" udp "$ACCOUNTS")
  [ "$failed" = 0 ] || { echo "priming port $port: $failed failed registrations" >&2; tail -40 "$WORK/sipp.log" >&2; exit 1; }
done
sleep 2
after=$(rss)

# measure SERVER TRANSPORT runs $CALLS registrations against SERVER.
measure() {
  local port=$SIP
  [ "$1" = kamailio ] && port=$KAM
  run "$port" "$2" "$CALLS"
}

compare kamailio measure REGISTER+digest/s failed udp tcp

echo
echo "| transport | switchboard REGISTER+digest/s | Kamailio REGISTER+digest/s | ratio (median of rounds) | failed calls switchboard / Kamailio |"
echo "|---|---|---|---|---|"
for tr in udp tcp; do
  read -r sb ka ratio fsb fka < <(medians "$tr" kamailio)
  printf '| %s | %.0f | %.0f | %.2f | %s / %s |\n' "${tr^^}" "$sb" "$ka" "$ratio" "$fsb" "$fka"
done
echo
echo "medians of $ROUNDS rounds of $CALLS registrations, $ACCOUNTS accounts, $CONCURRENCY in flight, SIPp on CPU 0, servers on CPU 1"
for tr in udp tcp; do
  rounds "$tr" kamailio
done
echo "serve's registrar counters: $(registrar_counters)"
echo "serve resident memory: $before KiB before the first registrations, $after KiB after $ACCOUNTS bindings ($(( (after - before) * 1024 / ACCOUNTS )) bytes per binding incl. cached accounts)"
