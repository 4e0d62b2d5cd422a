# A throw-away PostgreSQL cluster for one run of a script that sources this
# file (PostgreSQL refuses to run as root, so as root it runs as postgres):
#
#   source scripts/postgres.sh
#   pg_start            # sets PG_URL; needs /usr/lib/postgresql/*/bin
#   trap pg_stop EXIT   # stops the cluster and removes its directory
#
# fsync is off and it listens on 127.0.0.1 only, on a port below Linux's
# ephemeral range (15000-29999), so no outgoing connection holds it; a few
# tries in case another program listens on the one drawn.

pg_start() {
	PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
	PG_DIR=$(mktemp -d /tmp/switchboard-pg.XXXXXX)
	PG_AS=(sh -c)
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$PG_DIR"
		PG_AS=(su postgres -s /bin/sh -c)
	fi
	"${PG_AS[@]}" "$PG_BIN/initdb -D $PG_DIR/data -A trust -U postgres" >"$PG_DIR/initdb.log"
	local try port
	for try in 1 2 3 4 5; do
		port=$((15000 + RANDOM % 15000))
		if "${PG_AS[@]}" "$PG_BIN/pg_ctl -D $PG_DIR/data -o '-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -l $PG_DIR/log -w start" >/dev/null; then
			break
		fi
		[ "$try" -lt 5 ] || { echo "could not start PostgreSQL:" >&2; tail -5 "$PG_DIR/log" >&2; return 1; }
	done
	PG_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	"${PG_AS[@]}" "$PG_BIN/pg_ctl -D $PG_DIR/data -m immediate stop" >/dev/null 2>&1 || true
	rm -rf "$PG_DIR"
}
