# Helpers of the profile-fetch benchmarks; run.sh and ab.sh source them
# after lib.sh's serve_start.

# create_devices N FILE creates a customer and N Yealink T54W devices
# through serve's API ($HTTP, $TOKEN) and writes their profile paths to
# FILE, one a line: the phone's own file, <mac>.cfg under the directory
# URL the T54W is given. One Python process makes all the calls: a process
# per device took minutes on a loaded machine.
create_devices() {
  echo "creating $1 devices" >&2
  python3 - "$1" "$2" "http://127.0.0.1:$HTTP/api/v1" "$TOKEN" <<'PY'
import json, sys, urllib.request

n, out, api, token = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post(path, body):
    req = urllib.request.Request(api + path, json.dumps(body).encode(),
                                 {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with http.open(req) as res:
        return json.load(res)


customer = post("/customers", {"name": "Bench GmbH", "admin_email": "admin@bench.example"})["id"]
with open(out, "w") as f:
    for i in range(1, n + 1):
        mac = "001565%06x" % i
        url = post("/customers/%s/devices" % customer,
                   {"model": "yealink-t54w", "mac": mac, "description": "Desk %d" % i})["provisioning_url"]
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        f.write(path + (mac + ".cfg" if path.endswith("/") else "") + "\n")
PY
}

# fetch_rate PORT PATHS CLOSE [LABEL PID...] prints "requests/s errors"
# for one wrk run of $SECONDS_PER_RUN seconds with $CONNS connections on
# CPU 0 against https://127.0.0.1:PORT, cycling through the paths in the
# file PATHS; with CLOSE=1 every fetch opens a new TLS connection. wrk's
# output is appended to $WORK/wrk.log. Given the server's processes, it
# appends "LABEL microseconds" to $WORK/cpu.log: the CPU time they and
# their children spent per fetch, which load from elsewhere on the machine
# changes far less than the rate.
fetch_rate() {
  local out rps errs t0 n
  t0=$(cputicks "${@:5}")
  out=$(PATHS="$2" CLOSE=$3 taskset -c 0 wrk -t1 -c"$CONNS" -d"${SECONDS_PER_RUN}s" \
    -s "$ROOT/bench/provision/paths.lua" "https://127.0.0.1:$1")
  echo "$out" >>"$WORK/wrk.log"
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",",""); n+=$4+$6+$8+$10} END {print n+0}')
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  if [ $# -gt 4 ] && [ "${n:-0}" -gt 0 ]; then
    echo "$4 $(( ($(cputicks "${@:5}") - t0) * 1000000 / $(getconf CLK_TCK) / n ))" >>"$WORK/cpu.log"
  fi
  echo "$rps $errs"
}

# cpu_report MODE PEER TITLE prints the median CPU time per fetch of
# switchboard and PEER in MODE from $WORK/cpu.log, and their ratio.
cpu_report() {
  local sb pr
  [ -s "$WORK/cpu.log" ] || return 0
  sb=$(awk -v k="$1.switchboard" '$1 == k {printf "%s ", $2}' "$WORK/cpu.log" | median)
  pr=$(awk -v k="$1.$2" '$1 == k {printf "%s ", $2}' "$WORK/cpu.log" | median)
  echo "$1: CPU per fetch (median of rounds) switchboard $sb µs, $3 $pr µs, $3/switchboard $(python3 -c "print(round($pr/$sb, 2))")"
}

# fetch_report PEER TITLE CPUS MODE... prints compare's results for the
# modes (close, keepalive): a table of switchboard against PEER, named
# TITLE in its headings, the conditions, ending with CPUS (where the
# servers ran), the load average before the rounds ($LOAD_START) and now,
# the CPU time per fetch (cpu_report) and every round's rates.
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
  echo "load average (1 min): $LOAD_START before the rounds, $(loadavg) after"
  for mode in "$@"; do
    cpu_report "$mode" "$peer" "$title"
  done
  for mode in "$@"; do
    rounds "$mode" "$peer"
  done
}
