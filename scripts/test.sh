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

# A throw-away PostgreSQL cluster for this run only.
source scripts/postgres.sh
trap pg_stop EXIT
pg_start
export SWITCHBOARD_TEST_POSTGRES="$PG_URL"

echo "gofmt and go vet"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...

# The portal's browser tests write their screenshots here.
export SWITCHBOARD_SCREENSHOTS="${SWITCHBOARD_SCREENSHOTS:-$(mktemp -d /tmp/switchboard-screenshots.XXXXXX)}"
echo "portal screenshots: $SWITCHBOARD_SCREENSHOTS"

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
