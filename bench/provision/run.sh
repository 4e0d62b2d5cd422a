#!/usr/bin/env bash
# Profile fetches per second over HTTPS: switchboard serve against nginx
# serving the very same bytes as static files with the same certificate.
#
#   bench/provision/run.sh [devices] [seconds per run] [rounds]
#
# SWITCHBOARD_BIN names a binary to use instead of building the tree;
# CONNS sets wrk's connections (default 64); KEEP=1 keeps the work
# directory with the server's log.
#
# Starts `switchboard serve` (SQLite) with DEVICES devices, fetches each
# device's profile once and writes the bytes as static files, starts nginx
# (one worker) on them, then runs wrk against each server in turn, ROUNDS
# times, with keep-alive and with a new TLS connection per fetch. The
# server under test is pinned to CPU 1 and wrk to CPU 0 (TESTING.md). The
# two servers run back to back in each round, the first one alternating,
# so that load from elsewhere on the machine hits both alike; the ratio
# reported is the median of the rounds' ratios. All traffic stays on
# 127.0.0.1; every process started here is stopped at the end. Prints the
# medians, the ratios and any error responses.
set -euo pipefail

DEVICES=${1:-300}
SECONDS_PER_RUN=${2:-5}
ROUNDS=${3:-7}
CONNS=${CONNS:-64}

for tool in nginx wrk taskset curl python3 go; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nginx-light wrk util-linux curl python3)" >&2; exit 2; }
done

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/bench-provision.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP=$(freeport); PROV=$(freeport); NGX=$(freeport); SIP=$(freeport)

if [ -n "${SWITCHBOARD_BIN:-}" ]; then
  cp "$SWITCHBOARD_BIN" "$WORK/switchboard"
else
  echo "building switchboard" >&2
  (cd "$ROOT" && CGO_ENABLED=0 go build -o "$WORK/switchboard" ./cmd/switchboard)
fi

taskset -c 1 "$WORK/switchboard" serve --data "$WORK/data" --http "127.0.0.1:$HTTP" --prov "127.0.0.1:$PROV" \
  --sip "127.0.0.1:$SIP" --sip-tls "" --public-host 127.0.0.1 --log-level error >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
PIDS+=($SERVE_PID)
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$HTTP/healthz" >/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
TOKEN=$(cat "$WORK/data/operator.token")
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

echo "creating $DEVICES devices" >&2
CUSTOMER=$(api -d '{"name":"Bench GmbH","admin_email":"admin@bench.example"}' "http://127.0.0.1:$HTTP/api/v1/customers" | json '["id"]')
mkdir -p "$WORK/www"
: >"$WORK/paths"
for i in $(seq 1 "$DEVICES"); do
  mac=$(printf '001565%06x' "$i")
  url=$(api -d "{\"model\":\"yealink-t54w\",\"mac\":\"$mac\",\"description\":\"Desk $i\"}" \
    "http://127.0.0.1:$HTTP/api/v1/customers/$CUSTOMER/devices" | json '["provisioning_url"]')
  path=/${url#https://*/}
  # The very bytes switchboard answers become nginx's static file.
  curl -fsk "https://127.0.0.1:$PROV$path" -o "$WORK/www$path"
  echo "$path" >>"$WORK/paths"
done
echo "profiles: $(ls "$WORK/www" | wc -l) files, $(du -sb "$WORK/www" | cut -f1) bytes" >&2

cat >"$WORK/nginx.conf" <<NGINX
user root;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  open_file_cache max=10000 inactive=60s;
  types { text/plain cfg; }
  server {
    listen 127.0.0.1:$NGX ssl;
    ssl_certificate $WORK/data/tls.crt;
    ssl_certificate_key $WORK/data/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $WORK/www;
  }
}
NGINX
taskset -c 1 nginx -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
sleep 0.5
first=$(head -1 "$WORK/paths")
cmp <(curl -fsk "https://127.0.0.1:$NGX$first") <(curl -fsk "https://127.0.0.1:$PROV$first") ||
  { echo "nginx and switchboard answer different bytes" >&2; exit 1; }

# run NAME PORT CLOSE prints "requests/s errors" for one wrk run.
run() {
  local out
  out=$(PATHS="$WORK/paths" CLOSE=$3 taskset -c 0 wrk -t1 -c"$CONNS" -d"${SECONDS_PER_RUN}s" \
    -s "$ROOT/bench/provision/paths.lua" "https://127.0.0.1:$2")
  echo "$out" >>"$WORK/wrk.log"
  local rps errs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",",""); n+=$4+$6+$8+$10} END {print n+0}')
  echo "$rps $errs"
}

declare -A RES
for mode in keepalive close; do
  close=0; [ "$mode" = close ] && close=1
  for r in $(seq 1 "$ROUNDS"); do
    order="switchboard nginx"; [ $((r % 2)) = 0 ] && order="nginx switchboard"
    declare -A this=()
    for server in $order; do
      port=$PROV; [ "$server" = nginx ] && port=$NGX
      read -r rps errs < <(run "$server" "$port" "$close")
      if ! kill -0 "$SERVE_PID" 2>/dev/null; then
        echo "switchboard serve is gone; the end of its log:" >&2
        tail -20 "$WORK/serve.log" >&2
        exit 1
      fi
      echo "$mode round $r $server: $rps req/s, $errs errors" >&2
      RES[$mode.$server]+="$rps "
      RES[$mode.$server.errors]=$(( ${RES[$mode.$server.errors]:-0} + errs ))
      this[$server]=$rps
    done
    RES[$mode.ratio]+="$(python3 -c "print(${this[switchboard]}/${this[nginx]})") "
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "| mode | switchboard fetches/s | nginx fetches/s | ratio (median of rounds) | error responses switchboard / nginx |"
echo "|---|---|---|---|---|"
for mode in keepalive close; do
  sb=$(echo "${RES[$mode.switchboard]}" | median)
  ng=$(echo "${RES[$mode.nginx]}" | median)
  ratio=$(echo "${RES[$mode.ratio]}" | median)
  label="keep-alive"; [ "$mode" = close ] && label="new TLS connection per fetch"
  printf '| %s | %.0f | %.0f | %.2f | %s / %s |\n' "$label" "$sb" "$ng" "$ratio" "${RES[$mode.switchboard.errors]}" "${RES[$mode.nginx.errors]}"
done
echo
echo "medians of $ROUNDS rounds of ${SECONDS_PER_RUN}s, $DEVICES devices, $CONNS connections, wrk on CPU 0, server on CPU 1"
for mode in keepalive close; do
  echo "$mode: switchboard ${RES[$mode.switchboard]}| nginx ${RES[$mode.nginx]}| ratios ${RES[$mode.ratio]}"
done
