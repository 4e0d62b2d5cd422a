# Setup the benchmark scripts share; they source it:
#
#   source "$(dirname "$0")/../lib.sh"
#   bench_setup bench-register sipp curl python3 go
#                                      # tools checked, $WORK made
#   serve_start taskset -c 1           # builds and starts switchboard serve
#
# Every process whose id is added to PIDS is stopped at exit. All traffic
# stays on 127.0.0.1. SWITCHBOARD_BIN names a binary to use instead of
# building the tree.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PIDS=()
CGROUPS=()

# need TOOL... exits with status 2 at the first tool missing from PATH,
# naming the packages in $INSTALL_HINT if set.
need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing $tool${INSTALL_HINT:+ ($INSTALL_HINT)}" >&2; exit 2; }
  done
}

# cleanup stops the processes in PIDS and removes $WORK unless KEEP is set.
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  local g
  for g in "${CGROUPS[@]}"; do rmdir "$g" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}

# bench_setup NAME TOOL... checks that the tools are there, then makes the
# work directory $WORK (/tmp/NAME.*), removed at exit unless KEEP is set.
bench_setup() {
  need "${@:2}"
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  trap cleanup EXIT
}

# freeport prints a TCP port on 127.0.0.1 that is free right now.
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# switchboard_build puts the switchboard binary into $WORK: a copy of
# $SWITCHBOARD_BIN if set, else built from the tree.
switchboard_build() {
  if [ -n "${SWITCHBOARD_BIN:-}" ]; then
    cp "$SWITCHBOARD_BIN" "$WORK/switchboard"
  else
    echo "building switchboard" >&2
    (cd "$ROOT" && CGO_ENABLED=0 go build -o "$WORK/switchboard" ./cmd/switchboard)
  fi
}

# serve_start [PREFIX...] puts the switchboard binary into $WORK and starts
# `switchboard serve` (SQLite, in $WORK/data) under PREFIX, such as
# `taskset -c 1`, on free ports; it sets HTTP, PROV, SIP, PPROF (serve's
# profiles), SERVE (the process id) and TOKEN (the operator's API token)
# once serve is healthy.
serve_start() {
  HTTP=$(freeport); PROV=$(freeport); SIP=$(freeport); PPROF=$(freeport)
  switchboard_build
  "$@" "$WORK/switchboard" serve --data "$WORK/data" --http "127.0.0.1:$HTTP" --prov "127.0.0.1:$PROV" \
    --sip "127.0.0.1:$SIP" --sip-tls "" --public-host 127.0.0.1 --pprof "127.0.0.1:$PPROF" --log-level error >"$WORK/serve.log" 2>&1 &
  SERVE=$!
  PIDS+=("$SERVE")
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fs "http://127.0.0.1:$HTTP/healthz" >/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  TOKEN=$(cat "$WORK/data/operator.token")
}

# profile NAME SECONDS writes serve's CPU profile of the next SECONDS to
# $PROFILE/NAME.cpu.pprof in the background when PROFILE names a directory,
# and its allocations since start to NAME.allocs.pprof at the end.
profile() {
  [ -n "${PROFILE:-}" ] || return 0
  mkdir -p "$PROFILE"
  ( curl -fs "http://127.0.0.1:$PPROF/debug/pprof/profile?seconds=$2" -o "$PROFILE/$1.cpu.pprof" &&
    curl -fs "http://127.0.0.1:$PPROF/debug/pprof/allocs" -o "$PROFILE/$1.allocs.pprof" &&
    echo "profile of $1 in $PROFILE/$1.cpu.pprof (go tool pprof -top $WORK/switchboard $PROFILE/$1.cpu.pprof)" >&2 ) &
}

# cputicks PID... prints the CPU time (user and system, in clock ticks of
# 1/100 s) the processes and their direct children used so far.
cputicks() {
  local pid all=() t=0
  for pid in "$@"; do all+=("$pid" $(pgrep -P "$pid" || true)); done
  for pid in "${all[@]}"; do
    t=$(( t + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$t"
}

# cpu_cap NAME PERCENT makes a CPU cgroup that allows PERCENT of one CPU,
# given in slices of 10 ms, and sets CAP to its directory for in_cgroup; it
# is removed at exit. Capping both servers alike makes them, not the load
# generator, set the rate when one SIPp on its one core cannot send faster
# than either server answers. Needs root and a writable cgroup v1 cpu
# controller or cgroup v2 with the cpu controller available.
cpu_cap() {
  local v1=/sys/fs/cgroup/cpu v2=/sys/fs/cgroup
  if [ -w "$v1" ]; then
    CAP="$v1/$(basename "$WORK").$1"
    mkdir "$CAP" && echo 10000 >"$CAP/cpu.cfs_period_us" && echo $(( $2 * 100 )) >"$CAP/cpu.cfs_quota_us"
  elif [ -w "$v2/cgroup.subtree_control" ] && grep -qw cpu "$v2/cgroup.controllers"; then
    CAP="$v2/$(basename "$WORK").$1"
    echo +cpu >"$v2/cgroup.subtree_control" && mkdir "$CAP" && echo "$(( $2 * 100 )) 10000" >"$CAP/cpu.max"
  else
    echo "cpu_cap: no writable CPU cgroup (needs root and cgroup v1's cpu controller or cgroup v2's)" >&2
    exit 2
  fi
  CGROUPS+=("$CAP")
}

# in_cgroup DIR COMMAND... runs COMMAND in the cgroup DIR; it replaces the
# shell it runs in, so a background job's $! is COMMAND's process id.
in_cgroup() {
  echo "$BASHPID" >"$1/cgroup.procs"
  exec "${@:2}"
}

# loadavg prints the one-minute load average.
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# rss prints serve's resident memory in KiB.
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVE/status"; }

# registrar_counters prints serve's switchboard_sip_* metrics on one line.
registrar_counters() {
  curl -fs "http://127.0.0.1:$HTTP/metrics" | awk '/^switchboard_sip_/ {printf "%s=%s ", substr($1, 17), $2}'
}

# sipp_successful prints the successful calls of SIPp's final statistics
# read from standard input.
sipp_successful() { awk -F'|' '/Successful call/ {gsub(/[^0-9]/, "", $3); print $3}' | tail -1; }

# median prints the median of the space-separated numbers on standard input.
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# RES collects compare's results: RES[MODE.SERVER] the rates of the
# rounds, RES[MODE.SERVER.bad] the sum of their bad counts, RES[MODE.ratio]
# switchboard's rate over the peer's, a round each.
declare -A RES

# compare PEER MEASURE UNIT BAD MODE... runs $ROUNDS rounds per MODE, each
# measuring switchboard and PEER back to back, the first alternating, so
# that load from elsewhere on the machine hits both alike. MEASURE SERVER
# MODE prints "RATE COUNT", COUNT being what went wrong (UNIT and BAD name
# the two in the progress lines). It stops the script when serve is gone.
compare() {
  local peer=$1 measure=$2 unit=$3 bad=$4 mode r server order rate count
  shift 4
  for mode in "$@"; do
    for r in $(seq 1 "$ROUNDS"); do
      order="switchboard $peer"; [ $((r % 2)) = 0 ] && order="$peer switchboard"
      local -A this=()
      for server in $order; do
        read -r rate count < <("$measure" "$server" "$mode")
        if ! kill -0 "$SERVE" 2>/dev/null; then
          echo "switchboard serve is gone; the end of its log:" >&2
          tail -20 "$WORK/serve.log" >&2
          exit 1
        fi
        echo "$mode round $r $server: $rate $unit, $count $bad" >&2
        RES[$mode.$server]+="$rate "
        RES[$mode.$server.bad]=$(( ${RES[$mode.$server.bad]:-0} + count ))
        this[$server]=$rate
      done
      RES[$mode.ratio]+="$(python3 -c "print(${this[switchboard]}/${this[$peer]})") "
    done
  done
}

# medians MODE PEER prints the median rates of switchboard and PEER, the
# median ratio and the two bad counts of MODE.
medians() {
  echo "$(echo "${RES[$1.switchboard]}" | median) $(echo "${RES[$1.$2]}" | median) $(echo "${RES[$1.ratio]}" | median)" \
    "${RES[$1.switchboard.bad]} ${RES[$1.$2.bad]}"
}

# rounds MODE PEER prints every round's rates and ratios of MODE.
rounds() { echo "$1: switchboard ${RES[$1.switchboard]}| $2 ${RES[$1.$2]}| ratios ${RES[$1.ratio]}"; }
