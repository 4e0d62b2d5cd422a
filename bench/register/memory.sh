#!/usr/bin/env bash
# serve's resident memory per binding at many bindings.
#
#   bench/register/memory.sh [bindings]
#
# Starts `switchboard serve` (SQLite), imports BINDINGS hot-desk devices through
# the API's CSV import (50,000 a file), reads each device's SIP account, then
# lets SIPp register every account once over UDP (one contact each) and
# reports serve's resident memory (VmRSS) before and after, and after a
# garbage collection settles (a few seconds later). All traffic stays on
# 127.0.0.1; every process started here is stopped at the end.
set -euo pipefail

N=${1:-100000}
for tool in sipp curl python3 go; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/bench-register-mem.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP=$(freeport); PROV=$(freeport); SIP=$(freeport); SIPP=$(freeport)
if [ -n "${SWITCHBOARD_BIN:-}" ]; then
  cp "$SWITCHBOARD_BIN" "$WORK/switchboard"
else
  (cd "$ROOT" && CGO_ENABLED=0 go build -o "$WORK/switchboard" ./cmd/switchboard)
fi
"$WORK/switchboard" serve --data "$WORK/data" --http "127.0.0.1:$HTTP" --prov "127.0.0.1:$PROV" \
  --sip "127.0.0.1:$SIP" --sip-tls "" --public-host 127.0.0.1 --log-level error >"$WORK/serve.log" 2>&1 &
SERVE=$!
PIDS+=($SERVE)
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "importing $N devices and reading their SIP accounts" >&2
python3 - "$HTTP" "$(cat "$WORK/data/operator.token")" "$N" "$WORK" <<'PY'
import http.client, json, sys
port, token, n, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=600)
def call(method, path, body=None, ctype="application/json"):
    c.request(method, "/api/v1" + path, body=body, headers={"Authorization": "Bearer " + token, "Content-Type": ctype})
    r = c.getresponse()
    data = json.loads(r.read() or b"{}")
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {str(data)[:500]}")
    return data
cust = call("POST", "/customers", json.dumps({"name": "Bench GmbH", "admin_email": "admin@bench.example", "sip_domain": "bench.example"}))["id"]
for part in range(0, n, 50000):  # the import takes at most 50,000 devices a file
    csv = "model,mac,description,workplace\n" + "yealink-t54w,,,\n" * min(50000, n - part)
    call("POST", f"/customers/{cust}/devices/import", csv.encode(), "text/csv")
ids, after = [], ""
while True:
    page = call("GET", f"/customers/{cust}/devices?limit=1000" + (f"&after={after}" if after else ""))
    ids += [d["id"] for d in page["items"]]
    after = page.get("next", "")
    if not after:
        break
with open(f"{work}/accounts.csv", "w") as inf:
    inf.write("SEQUENTIAL\n")
    for dev in ids:
        a = call("GET", f"/devices/{dev}/sip-account")
        inf.write(f"{a['auth_name']};[authentication username={a['auth_name']} password={a['password']}];{a['domain']}\n")
print(len(ids), file=sys.stderr)
PY
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVE/status"; }
sleep 5
before=$(rss)
out=$(cd "$WORK" && sipp "127.0.0.1:$SIP" -sf "$ROOT/bench/register/register.xml" -inf "$WORK/accounts.csv" \
  -i 127.0.0.1 -p "$SIPP" -m "$N" -l 100 -r 1000000 -nostdin -timeout 600s 2>&1 || true)
ok=$(echo "$out" | awk -F'|' '/Successful call/ {gsub(/[^0-9]/, "", $3); print $3}' | tail -1)
after=$(rss)
sleep 10
settled=$(rss)
echo "registered $ok of $N accounts"
echo "serve VmRSS: $before KiB before, $after KiB right after, $settled KiB 10 s later"
echo "per binding: $(( (after - before) * 1024 / N )) bytes right after, $(( (settled - before) * 1024 / N )) bytes 10 s later"
echo "serve's registrar counters: $(curl -fs "http://127.0.0.1:$HTTP/metrics" | awk '/^switchboard_sip_/ {printf "%s=%s ", substr($1, 17), $2}')"
