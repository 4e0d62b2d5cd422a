// Package stores opens fresh stores for tests, on SQLite or on the
// PostgreSQL test server of pgtest, the same database again on every call
// of an Opener, as a restarted server does.
package stores

import (
	"path/filepath"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

// Opener opens a store for t and closes it when t ends.
type Opener func(t testing.TB) switchboard.Store

// SQLite returns an opener of one new SQLite database in t's temporary
// directory.
func SQLite(t testing.TB) Opener {
	path, kr := filepath.Join(t.TempDir(), "sb.db"), keyring.Random()
	return func(t testing.TB) switchboard.Store {
		t.Helper()
		return storetest.Open(t, sqlite.Open, path, kr)
	}
}

// Postgres returns an opener of one new database on the test server of
// pgtest; it skips t when there is none.
func Postgres(t testing.TB) Opener {
	url, kr := pgtest.URL(t), keyring.Random()
	return func(t testing.TB) switchboard.Store {
		t.Helper()
		return storetest.Open(t, postgres.Open, url, kr)
	}
}
