#!/usr/bin/env bash
# The whole test suite, with every real peer it needs: installs the Debian
# packages that are missing, starts a throw-away PostgreSQL cluster, runs
# every test and fails if any test was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(postgresql sip-tester baresip-core kamailio nginx-light wrk chromium)
need=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
	echo "installing missing packages: ${need[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# A throw-away PostgreSQL cluster for this run only (it refuses to run as root).
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/switchboard-pg.XXXXXX)
asuser=(sh -c)
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$pgdir"
	asuser=(su postgres -s /bin/sh -c)
fi
cleanup() {
	"${asuser[@]}" "$pgbin/pg_ctl -D $pgdir/data -m immediate stop" >/dev/null 2>&1 || true
	rm -rf "$pgdir"
}
trap cleanup EXIT
"${asuser[@]}" "$pgbin/initdb -D $pgdir/data -A trust -U postgres" >"$pgdir/initdb.log"
# Ports below Linux's ephemeral range, so no outgoing connection holds one;
# a few tries in case another program listens on the one drawn.
for try in 1 2 3 4 5; do
	pgport=$((15000 + RANDOM % 15000))
	if "${asuser[@]}" "$pgbin/pg_ctl -D $pgdir/data -o '-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -l $pgdir/log -w start" >/dev/null; then
		break
	fi
	[ "$try" -lt 5 ] || { echo "could not start PostgreSQL:"; tail -5 "$pgdir/log"; exit 1; }
done
export SWITCHBOARD_TEST_POSTGRES="postgres://postgres@127.0.0.1:$pgport/postgres?sslmode=disable"

echo "gofmt and go vet"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...

log=$(mktemp /tmp/switchboard-test.XXXXXX)
echo "go test (full log: $log)"
set +e
go test -count=1 -v -timeout 30m ./... >"$log" 2>&1
status=$?
set -e
grep -E '^(ok|FAIL|---|panic:|\?)' "$log" | grep -vE '^\s*--- (PASS|SKIP)' || true
skipped=$(grep -E '^\s*--- SKIP' "$log" || true)
if [ -n "$skipped" ]; then
	echo "tests were skipped, but this command must run everything:"
	grep -E -A2 '^\s*--- SKIP' "$log"
	status=1
fi
passed=$(grep -cE '^\s*--- PASS' "$log" || true)
failed=$(grep -cE '^\s*--- FAIL' "$log" || true)
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] || { grep -E -B5 -A30 '^\s*--- FAIL' "$log" | tail -200; }
exit "$status"
