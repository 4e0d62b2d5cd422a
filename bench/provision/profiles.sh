# Helpers of the profile-fetch benchmarks; run.sh and ab.sh source them
# after lib.sh's serve_start.

# create_devices N FILE creates a customer and N Yealink T54W devices
# through serve's API ($HTTP, $TOKEN) and writes their profile paths to
# FILE, one a line: the phone's own file, <mac>.cfg under the directory
# URL the T54W is given.
create_devices() {
  local n=$1 file=$2 customer i mac url
  echo "creating $n devices" >&2
  customer=$(bench_api -d '{"name":"Bench GmbH","admin_email":"admin@bench.example"}' \
    "http://127.0.0.1:$HTTP/api/v1/customers" | bench_json '["id"]')
  : >"$file"
  for i in $(seq 1 "$n"); do
    mac=$(printf '001565%06x' "$i")
    url=$(bench_api -d "{\"model\":\"yealink-t54w\",\"mac\":\"$mac\",\"description\":\"Desk $i\"}" \
      "http://127.0.0.1:$HTTP/api/v1/customers/$customer/devices" | bench_json '["provisioning_url"]')
    url="/${url#https://*/}"
    [ "${url: -1}" = / ] && url="$url$mac.cfg"
    echo "$url" >>"$file"
  done
}

bench_api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
bench_json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

# fetch_rate PORT PATHS CLOSE prints "requests/s errors" for one wrk run
# of $SECONDS_PER_RUN seconds with $CONNS connections on CPU 0 against
# https://127.0.0.1:PORT, cycling through the paths in the file PATHS; with
# CLOSE=1 every fetch opens a new TLS connection. wrk's output is appended
# to $WORK/wrk.log.
fetch_rate() {
  local out rps errs
  out=$(PATHS="$2" CLOSE=$3 taskset -c 0 wrk -t1 -c"$CONNS" -d"${SECONDS_PER_RUN}s" \
    -s "$ROOT/bench/provision/paths.lua" "https://127.0.0.1:$1")
  echo "$out" >>"$WORK/wrk.log"
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",",""); n+=$4+$6+$8+$10} END {print n+0}')
  echo "$rps $errs"
}

# fetch_report PEER TITLE CPUS MODE... prints compare's results for the
# modes (close, keepalive): a table of switchboard against PEER, named
# TITLE in its headings, the conditions, ending with CPUS (where the
# servers ran), and every round's rates.
fetch_report() {
  local peer=$1 title=$2 cpus=$3 mode label sb pr ratio esb epr
  shift 3
  echo
  echo "| mode | switchboard fetches/s | $title fetches/s | ratio (median of rounds) | error responses switchboard / $title |"
  echo "|---|---|---|---|---|"
  for mode in "$@"; do
    read -r sb pr ratio esb epr < <(medians "$mode" "$peer")
    label="keep-alive"; [ "$mode" = close ] && label="new TLS connection per fetch"
    printf '| %s | %.0f | %.0f | %.2f | %s / %s |\n' "$label" "$sb" "$pr" "$ratio" "$esb" "$epr"
  done
  echo
  echo "medians of $ROUNDS rounds of ${SECONDS_PER_RUN}s, $DEVICES devices, $CONNS connections, wrk on CPU 0, $cpus"
  for mode in "$@"; do
    rounds "$mode" "$peer"
  done
}
