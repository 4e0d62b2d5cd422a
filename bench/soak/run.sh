#!/usr/bin/env bash
# Soak: switchboard serve under a steady REGISTER load and phones that keep
# re-fetching their profiles, for a bounded time, watching for failed
# transactions, memory growth and goroutine leaks.
#
#   bench/soak/run.sh [seconds] [register rate] [accounts] [phones]
#
# Defaults: 600 s, 5,000 REGISTER+digest/s (half the UDP maximum measured
# in BENCHMARKS.md "REGISTER"), 1,000 SIP accounts, 200 simulated phones.
# SWITCHBOARD_BIN names a binary to use instead of building the tree.
#
# Starts `switchboard serve` (SQLite) pinned to CPU 1, creates the accounts
# through its API, then runs at once, all on 127.0.0.1:
#   - SIPp (bench/register/register.xml) on CPU 0 at the given rate over
#     UDP, SECONDS × RATE registrations in all, each account keeping one
#     binding;
#   - `switchboard sim` with PHONES phones of four vendors that boot, stay
#     registered for the whole run and fetch their profile again whenever
#     a check-sync arrives; every 30 s this script asks every one of them
#     to sync through the API, so the provisioning server answers a wave of
#     re-fetches twice a minute.
# Every 30 s it prints serve's resident memory, goroutines and registrar
# counters. It ends with a one-line summary: failed SIPp calls, the
# simulator's errors, resident memory growth from the first sample after
# a 60 s warm-up to the last, and goroutines at the same two moments.
set -euo pipefail

SECONDS_TOTAL=${1:-600}
RATE=${2:-5000}
ACCOUNTS=${3:-1000}
PHONES=${4:-200}

source "$(dirname "$0")/../lib.sh"
INSTALL_HINT="apt-get install sip-tester util-linux curl python3" bench_setup bench-soak sipp taskset curl python3 go
SIPP=$(freeport)
serve_start taskset -c 1

echo "creating $ACCOUNTS devices through the API" >&2
python3 "$ROOT/bench/register/accounts.py" "$HTTP" "$TOKEN" "$ACCOUNTS" "$WORK"

# goroutines prints serve's goroutine count from its metrics.
goroutines() { curl -fs "http://127.0.0.1:$HTTP/metrics" | awk '$1 == "go_goroutines" {print $2}'; }

CALLS=$(( SECONDS_TOTAL * RATE ))
echo "soak: $SECONDS_TOTAL s, SIPp at $RATE REGISTER+digest/s ($CALLS in all), $PHONES phones re-fetching" >&2
(cd "$WORK" && taskset -c 0 sipp "127.0.0.1:$SIP" -sf "$ROOT/bench/register/register.xml" -inf "$WORK/accounts.csv" \
  -t u1 -i 127.0.0.1 -p "$SIPP" -r "$RATE" -m "$CALLS" -l 2000 -nostdin -timeout "$(( SECONDS_TOTAL + 120 ))s" \
  -trace_err -error_file "$WORK/sipp-errors.log" >"$WORK/sipp.log" 2>&1 || true) &
SIPP_PID=$!
PIDS+=("$SIPP_PID")
taskset -c 0 "$WORK/switchboard" sim --server "http://127.0.0.1:$HTTP" --data "$WORK/data" --ca "$WORK/data/tls.crt" \
  --phones "$PHONES" --duration "$(( SECONDS_TOTAL ))s" --boot-timeout 120s >"$WORK/sim.out" 2>"$WORK/sim.err" &
SIM_PID=$!
PIDS+=("$SIM_PID")

# $WORK/syncall.py asks every device of the simulator's customer to sync
# and prints how many were asked.
cat >"$WORK/syncall.py" <<'PY'
import http.client, json, sys
port, token = sys.argv[1], sys.argv[2]
c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
def call(method, path):
    c.request(method, "/api/v1" + path, headers={"Authorization": "Bearer " + token})
    r = c.getresponse()
    return r.status, json.loads(r.read() or b"{}")
_, cs = call("GET", "/customers?limit=500")
sim = [x["id"] for x in cs.get("items", []) if x["name"] == "Switchboard simulator"]
if not sim:
    sys.exit(0)
cursor, n = "", 0
while True:
    _, ds = call("GET", f"/customers/{sim[0]}/devices?limit=500" + (f"&cursor={cursor}" if cursor else ""))
    for d in ds.get("items", []):
        status, _ = call("POST", f"/devices/{d['id']}/sync")
        n += status == 200
    cursor = ds.get("next", "")
    if not cursor:
        break
print(n)
PY

start=$(date +%s)
first_rss="" first_g="" rss_now="" g_now="" synced=0
while kill -0 "$SIPP_PID" 2>/dev/null || kill -0 "$SIM_PID" 2>/dev/null; do
  sleep 30
  elapsed=$(( $(date +%s) - start ))
  [ "$elapsed" -gt $(( SECONDS_TOTAL + 180 )) ] && { echo "soak overran its time; stopping" >&2; break; }
  kill -0 "$SERVE" 2>/dev/null || { echo "serve died" >&2; tail -20 "$WORK/serve.log" >&2; exit 1; }
  rss_now=$(rss); g_now=$(goroutines)
  if [ -z "$first_rss" ] && [ "$elapsed" -ge 60 ]; then first_rss=$rss_now first_g=$g_now; fi
  if kill -0 "$SIM_PID" 2>/dev/null && [ "$elapsed" -lt $(( SECONDS_TOTAL - 40 )) ]; then
    n=$(timeout 25 python3 "$WORK/syncall.py" "$HTTP" "$TOKEN" 2>/dev/null || true)
    synced=$(( synced + ${n:-0} ))
  fi
  echo "$elapsed s: serve RSS ${rss_now} KiB, goroutines ${g_now}, syncs asked ${synced}; $(registrar_counters)" >&2
done
wait "$SIPP_PID" 2>/dev/null || true
wait "$SIM_PID" 2>/dev/null || true

ok=$(sipp_successful <"$WORK/sipp.log")
failed=$(awk -F'|' '/Failed call/ {gsub(/[^0-9]/, "", $3); print $3}' "$WORK/sipp.log" | tail -1)
sim_summary=$(grep -E '^[0-9]+ phones: ' "$WORK/sim.out" | tail -1)
fetches=$(sed -nE 's/^fetch p50 [^(]*\(n=([0-9]+)\).*/\1/p' "$WORK/sim.out" | tail -1)
growth=$(python3 -c "print(f'{($rss_now - $first_rss) * 100 / $first_rss:+.1f}')")
echo "soak $SECONDS_TOTAL s: SIPp $RATE/s, ${ok:-0} of $CALLS calls completed, ${failed:-?} failed; sim: ${sim_summary:-no summary}, profile fetches ${fetches:-?}; syncs asked $synced; serve RSS ${first_rss} → ${rss_now} KiB (${growth} %); goroutines ${first_g} → ${g_now}"
