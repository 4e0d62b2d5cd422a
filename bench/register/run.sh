#!/usr/bin/env bash
# REGISTER with digest per second: switchboard serve against Kamailio 5.6
# with the same accounts, SIPp as a closed-loop load, over UDP and TCP.
#
#   bench/register/run.sh [accounts] [calls per run] [rounds]
#
# SWITCHBOARD_BIN names a binary to use instead of building the tree;
# CONCURRENCY sets SIPp's calls in flight (default 100); PROFILE=DIR
# writes serve's CPU profile of the first round per transport into DIR;
# CPU_CAP=PERCENT lets each server use at most PERCENT of its CPU (a cgroup
# each, needs root), so that the servers and not SIPp set the rate;
# TRANSPORTS="udp" measures only UDP (default "udp tcp").
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
read -ra MODES <<<"${TRANSPORTS:-udp tcp}"

source "$(dirname "$0")/../lib.sh"
INSTALL_HINT="apt-get install sip-tester kamailio util-linux curl python3" bench_setup bench-register sipp kamailio taskset curl python3 go
KAM=$(freeport)
# SIPp always listens on the same port, so an account's Contact is the
# same in every run and it keeps one binding on both servers.
SIPP=$(freeport)
SERVE_PREFIX=(taskset -c 1) KAM_PREFIX=(taskset -c 1)
if [ -n "${CPU_CAP:-}" ]; then
  cpu_cap serve "$CPU_CAP"; SERVE_PREFIX=(in_cgroup "$CAP" taskset -c 1)
  cpu_cap kamailio "$CPU_CAP"; KAM_PREFIX=(in_cgroup "$CAP" taskset -c 1)
fi
serve_start "${SERVE_PREFIX[@]}"

echo "creating $ACCOUNTS devices through the API" >&2
python3 "$ROOT/bench/register/accounts.py" "$HTTP" "$TOKEN" "$ACCOUNTS" "$WORK"
printf 'table_name(string) table_version(int)\nhtable:2\n' >"$WORK/db/version"

sed "s#WORK#$WORK#g; s#PORT#$KAM#g" "$ROOT/bench/register/kamailio.cfg" >"$WORK/kamailio.cfg"
"${KAM_PREFIX[@]}" kamailio -f "$WORK/kamailio.cfg" -P "$WORK/kamailio.pid" -DD -E >"$WORK/kamailio.log" 2>&1 &
KAMAILIO=$!
PIDS+=("$KAMAILIO")
sleep 2

# run PORT TRANSPORT CALLS prints "registrations/s failed" for one SIPp run.
run() {
  # Over UDP every side asks for 4 MiB socket buffers, as serve does:
  # with SIPp's default a burst of 400 answers overflowed its socket and
  # each lost datagram stalled a registration for SIPp's 500 ms
  # retransmission, whichever server answered.
  local out t=u1 buff=(-buff_size 4194304)
  [ "$2" = tcp ] && t=t1 buff=()
  local TIMEFORMAT='%U %S %R'
  { time (cd "$WORK" && taskset -c 0 sipp "127.0.0.1:$1" -sf "$ROOT/bench/register/register.xml" -inf "$WORK/accounts.csv" \
    -t "$t" -i 127.0.0.1 -p "$SIPP" -m "$3" -l "$CONCURRENCY" -r 1000000 "${buff[@]}" -nostdin -timeout 120s \
    -trace_err -error_file "$WORK/errors.log" >"$WORK/sipp.out" 2>&1 || true) ; } 2>"$WORK/sipp.time"
  out=$(cat "$WORK/sipp.out")
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

# measure SERVER TRANSPORT runs $CALLS registrations against SERVER; the
# first switchboard round per transport is profiled when PROFILE is set.
# Beside the rate it keeps the server's CPU time per registration and the
# share of its core SIPp used (when SIPp is near 100 %, the load generator
# and not the server sets the rate) in $WORK/cpu.SERVER.TRANSPORT.
measure() {
  local port=$SIP pid=$SERVE
  [ "$1" = kamailio ] && port=$KAM pid=$KAMAILIO
  if [ "$1" = switchboard ] && [ ! -e "$WORK/profiled-$2" ]; then
    touch "$WORK/profiled-$2"
    profile "register-$2" "${PROFILE_SECONDS:-5}"
  fi
  local before after result
  before=$(cputicks "$pid")
  result=$(run "$port" "$2" "$CALLS")
  after=$(cputicks "$pid")
  read -r user sys real <"$WORK/sipp.time"
  echo "$(( (after - before) * 10000 / CALLS )) $(python3 -c "print(round(100 * ($user + $sys) / $real))")" >>"$WORK/cpu.$1.$2"
  echo "$result"
}

# cpu SERVER TRANSPORT prints the medians of the server's CPU µs per
# registration and of SIPp's CPU share in per cent.
cpu() {
  echo "$(cut -d' ' -f1 "$WORK/cpu.$1.$2" | tr '\n' ' ' | median) $(cut -d' ' -f2 "$WORK/cpu.$1.$2" | tr '\n' ' ' | median)"
}

load0=$(loadavg)
compare kamailio measure REGISTER+digest/s failed "${MODES[@]}"

echo
echo "| transport | switchboard REGISTER+digest/s | Kamailio REGISTER+digest/s | ratio (median of rounds) | failed calls switchboard / Kamailio |"
echo "|---|---|---|---|---|"
for tr in "${MODES[@]}"; do
  read -r sb ka ratio fsb fka < <(medians "$tr" kamailio)
  printf '| %s | %.0f | %.0f | %.2f | %s / %s |\n' "${tr^^}" "$sb" "$ka" "$ratio" "$fsb" "$fka"
done
echo
echo "medians of $ROUNDS rounds of $CALLS registrations, $ACCOUNTS accounts, $CONCURRENCY in flight, SIPp on CPU 0, servers on CPU 1${CPU_CAP:+ capped at $CPU_CAP %}, load average $load0 before the rounds and $(loadavg) after"
for tr in "${MODES[@]}"; do
  rounds "$tr" kamailio
done
echo
echo "| transport | switchboard CPU µs per registration | Kamailio CPU µs per registration | SIPp's CPU share against switchboard / Kamailio |"
echo "|---|---|---|---|"
for tr in "${MODES[@]}"; do
  read -r csb ssb < <(cpu switchboard "$tr")
  read -r cka ska < <(cpu kamailio "$tr")
  printf '| %s | %s | %s | %s %% / %s %% |\n' "${tr^^}" "$csb" "$cka" "$ssb" "$ska"
done
echo "serve's registrar counters: $(registrar_counters)"
echo "serve resident memory: $before KiB before the first registrations, $after KiB after $ACCOUNTS bindings ($(( (after - before) * 1024 / ACCOUNTS )) bytes per binding incl. cached accounts)"
