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

for tool in sipp kamailio taskset curl python3 go; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install sip-tester kamailio util-linux curl python3)" >&2; exit 2; }
done

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/bench-register.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP=$(freeport); PROV=$(freeport); SIP=$(freeport); KAM=$(freeport)
# SIPp always listens on the same port, so an account's Contact is the
# same in every run and it keeps one binding on both servers.
SIPP=$(freeport)

if [ -n "${SWITCHBOARD_BIN:-}" ]; then
  cp "$SWITCHBOARD_BIN" "$WORK/switchboard"
else
  echo "building switchboard" >&2
  (cd "$ROOT" && CGO_ENABLED=0 go build -o "$WORK/switchboard" ./cmd/switchboard)
fi

taskset -c 1 "$WORK/switchboard" serve --data "$WORK/data" --http "127.0.0.1:$HTTP" --prov "127.0.0.1:$PROV" \
  --sip "127.0.0.1:$SIP" --sip-tls "" --public-host 127.0.0.1 --log-level error >"$WORK/serve.log" 2>&1 &
SERVE=$!
PIDS+=($SERVE)
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$HTTP/healthz" >/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }

echo "creating $ACCOUNTS devices through the API" >&2
mkdir -p "$WORK/db"
python3 - "$HTTP" "$(cat "$WORK/data/operator.token")" "$ACCOUNTS" "$WORK" <<'PY'
import http.client, json, sys
port, token, n, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = http.client.HTTPConnection("127.0.0.1", int(port))
def call(method, path, body=None):
    c.request(method, "/api/v1" + path, body=json.dumps(body) if body is not None else None,
              headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    r = c.getresponse()
    data = json.loads(r.read() or b"{}")
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {data}")
    return data
cust = call("POST", "/customers", {"name": "Bench GmbH", "admin_email": "admin@bench.example", "sip_domain": "bench.example"})["id"]
with open(f"{work}/accounts.csv", "w") as inf, open(f"{work}/db/htable", "w") as ht:
    inf.write("SEQUENTIAL\n")
    ht.write("id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)\n")
    for i in range(n):
        dev = call("POST", f"/customers/{cust}/devices", {"model": "yealink-t54w"})["id"]
        a = call("GET", f"/devices/{dev}/sip-account")
        inf.write(f"{a['auth_name']};[authentication username={a['auth_name']} password={a['password']}];{a['domain']}\n")
        ht.write(f"{i+1}:{a['auth_name']}:0:0:{a['password']}:0\n")
PY
printf 'table_name(string) table_version(int)\nhtable:2\n' >"$WORK/db/version"

sed "s#WORK#$WORK#g; s#PORT#$KAM#g" "$ROOT/bench/register/kamailio.cfg" >"$WORK/kamailio.cfg"
taskset -c 1 kamailio -f "$WORK/kamailio.cfg" -P "$WORK/kamailio.pid" -DD -E >"$WORK/kamailio.log" 2>&1 &
PIDS+=($!)
sleep 2

rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVE/status"; }

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
  ok=$(echo "$out" | awk -F'|' '/Successful call/ {gsub(/[^0-9]/, "", $3); print $3}' | tail -1)
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

declare -A RES
for tr in udp tcp; do
  for r in $(seq 1 "$ROUNDS"); do
    order="switchboard kamailio"; [ $((r % 2)) = 0 ] && order="kamailio switchboard"
    declare -A this=()
    for server in $order; do
      port=$SIP; [ "$server" = kamailio ] && port=$KAM
      read -r rate failed < <(run "$port" "$tr" "$CALLS")
      echo "$tr round $r $server: $rate REGISTER+digest/s, $failed failed" >&2
      RES[$tr.$server]+="$rate "
      RES[$tr.$server.failed]=$(( ${RES[$tr.$server.failed]:-0} + failed ))
      this[$server]=$rate
    done
    RES[$tr.ratio]+="$(python3 -c "print(${this[switchboard]}/${this[kamailio]})") "
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "| transport | switchboard REGISTER+digest/s | Kamailio REGISTER+digest/s | ratio (median of rounds) | failed calls switchboard / Kamailio |"
echo "|---|---|---|---|---|"
for tr in udp tcp; do
  sb=$(echo "${RES[$tr.switchboard]}" | median)
  ka=$(echo "${RES[$tr.kamailio]}" | median)
  ratio=$(echo "${RES[$tr.ratio]}" | median)
  printf '| %s | %.0f | %.0f | %.2f | %s / %s |\n' "${tr^^}" "$sb" "$ka" "$ratio" "${RES[$tr.switchboard.failed]}" "${RES[$tr.kamailio.failed]}"
done
echo
echo "medians of $ROUNDS rounds of $CALLS registrations, $ACCOUNTS accounts, $CONCURRENCY in flight, SIPp on CPU 0, servers on CPU 1"
for tr in udp tcp; do
  echo "$tr: switchboard ${RES[$tr.switchboard]}| kamailio ${RES[$tr.kamailio]}| ratios ${RES[$tr.ratio]}"
done
echo "serve's registrar counters: $(curl -fs "http://127.0.0.1:$HTTP/metrics" | awk '/^switchboard_sip_/ {printf "%s=%s ", substr($1, 17), $2}')"
echo "serve resident memory: $before KiB before the first registrations, $after KiB after $ACCOUNTS bindings ($(( (after - before) * 1024 / ACCOUNTS )) bytes per binding incl. cached accounts)"
