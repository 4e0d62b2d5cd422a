#!/usr/bin/env bash
# serve's resident memory per binding at many bindings.
#
#   bench/register/memory.sh [bindings]
#
# Starts `switchboard serve` (SQLite), imports BINDINGS hot-desk devices through
# the API's CSV import (50,000 a file), reads each device's SIP account, then
# lets SIPp register every account once over UDP (one contact each) and
# reports serve's resident memory (VmRSS) before and after, 10 s later,
# and settled: once the nonces' lifetime and the fraud window (5 min each)
# have passed, so that what is left is what the bindings keep rather than
# the bookkeeping of a burst of registrations, and the Go runtime's
# periodic collection (at least one every 2 minutes) and its scavenger
# have given back what the burst's garbage took: SETTLE seconds (default
# 360) after the registrations, then when two readings 10 s apart differ
# by less than 1 MiB (5 minutes more at most). With the kinds of
# resident memory (anonymous: Go heap and SQLite's caches; file and shared:
# the database's mapped files) and the Go heap's live bytes. PROFILE=DIR
# writes serve's heap profile at the end into DIR. All traffic stays on
# 127.0.0.1; every process started here is stopped at the end.
set -euo pipefail

N=${1:-100000}
source "$(dirname "$0")/../lib.sh"
bench_setup bench-register-mem sipp curl python3 go
SIPP=$(freeport)
serve_start
echo "importing $N devices and reading their SIP accounts" >&2
python3 "$ROOT/bench/register/accounts.py" "$HTTP" "$TOKEN" "$N" "$WORK" import
sleep 5
kinds() { awk '/^(Rss|Anonymous|Pss_File|Pss_Shmem):/ {printf "%s %s ", $1, $2}' "/proc/$SERVE/smaps_rollup"; }
goheap() { curl -fs "http://127.0.0.1:$HTTP/metrics" | awk '/^go_memstats_heap_inuse_bytes|^go_memstats_heap_alloc_bytes|^go_memstats_next_gc_bytes|^go_memstats_sys_bytes/ {printf "%s=%d MiB ", substr($1, 13), $2 / 1048576}'; }
before=$(rss)
kinds_before=$(kinds)
goheap_before=$(goheap)
out=$(cd "$WORK" && sipp "127.0.0.1:$SIP" -sf "$ROOT/bench/register/register.xml" -inf "$WORK/accounts.csv" \
  -i 127.0.0.1 -p "$SIPP" -m "$N" -l 100 -r 1000000 -nostdin -timeout 600s 2>&1 || true)
ok=$(echo "$out" | sipp_successful)
after=$(rss)
sleep 10
later=$(rss)
settle=${SETTLE:-360}
echo "registered $ok of $N accounts; letting the heap settle for ${settle} s or more" >&2
sleep $((settle - 10))
settled=$(rss)
for _ in $(seq 30); do
  sleep 10
  next=$(rss)
  echo "  VmRSS $next KiB" >&2
  if [ $(( settled - next )) -lt 1024 ] && [ $(( next - settled )) -lt 1024 ]; then settled=$next; break; fi
  settled=$next
done
echo "registered $ok of $N accounts"
echo "serve VmRSS: $before KiB before, $after KiB right after, $later KiB 10 s later, $settled KiB settled"
echo "per binding: $(( (after - before) * 1024 / N )) bytes right after, $(( (later - before) * 1024 / N )) bytes 10 s later, $(( (settled - before) * 1024 / N )) bytes settled"
echo "serve's registrar counters: $(registrar_counters)"
echo "serve's resident memory by kind (KiB), before: $kinds_before"
echo "serve's resident memory by kind (KiB), after: $(kinds)"
echo "Go heap before: $goheap_before"
echo "Go heap after: $(goheap)"
if [ -n "${PROFILE:-}" ]; then
  mkdir -p "$PROFILE"
  curl -fs "http://127.0.0.1:$PPROF/debug/pprof/heap?gc=1" -o "$PROFILE/memory-heap.pprof"
  echo "heap profile in $PROFILE/memory-heap.pprof"
fi
