#!/usr/bin/env bash
# Profile fetches per second over HTTPS: switchboard serve against nginx
# serving the very same bytes as static files with the same certificate.
#
#   bench/provision/run.sh [devices] [seconds per run] [rounds] [modes]
#
# modes are keepalive, close (a new TLS connection per fetch) or both
# (the default); one mode gives one figure of BENCHMARKS.md "Profile
# fetches" per command:
#
#   bench/provision/run.sh 300 5 7 close
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
# medians, the ratios, any error responses, the load average and the
# CPU time each server spent per fetch. With PROFILE set to a directory,
# serve's CPU profile of its first round in each mode is written there.
set -euo pipefail

DEVICES=${1:-300}
SECONDS_PER_RUN=${2:-5}
ROUNDS=${3:-7}
MODES=${4:-keepalive close}
for mode in $MODES; do
  case $mode in keepalive | close) ;; *) echo "unknown mode $mode: keepalive or close" >&2; exit 2 ;; esac
done
CONNS=${CONNS:-64}

source "$(dirname "$0")/../lib.sh"
INSTALL_HINT="apt-get install nginx-light wrk util-linux procps curl python3" bench_setup bench-provision nginx wrk taskset pgrep curl python3 go
NGX=$(freeport)
serve_start taskset -c 1
source "$(dirname "$0")/profiles.sh"
create_devices "$DEVICES" "$WORK/paths"
# The very bytes switchboard answers become nginx's static file.
mkdir -p "$WORK/www"
while read -r path; do
  curl -fsk --create-dirs "https://127.0.0.1:$PROV$path" -o "$WORK/www$path"
done <"$WORK/paths"
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
NGINX_PID=$!
sleep 0.5
first=$(head -1 "$WORK/paths")
cmp <(curl -fsk "https://127.0.0.1:$NGX$first") <(curl -fsk "https://127.0.0.1:$PROV$first") ||
  { echo "nginx and switchboard answer different bytes" >&2; exit 1; }

# measure SERVER MODE runs wrk against SERVER with keep-alive or a new
# connection per fetch (MODE close).
measure() {
  local port=$PROV close=0 pid=$SERVE
  [ "$1" = nginx ] && port=$NGX pid=$NGINX_PID
  # Only the first round is profiled: profiling costs CPU time too.
  if [ "$1" = switchboard ] && [ ! -e "$WORK/profiled.$2" ]; then
    touch "$WORK/profiled.$2"
    profile "provision-$2" "$SECONDS_PER_RUN"
  fi
  [ "$2" = close ] && close=1
  fetch_rate "$port" "$WORK/paths" "$close" "$2.$1" "$pid"
}

LOAD_START=$(loadavg)
# MODES is split into its words on purpose.
compare nginx measure req/s errors $MODES

fetch_report nginx nginx "server on CPU 1" $MODES
