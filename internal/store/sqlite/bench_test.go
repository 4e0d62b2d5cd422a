package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

// BenchmarkLookups measures the lookups behind every profile fetch and
// every REGISTER.
func BenchmarkLookups(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) switchboard.Store {
		return storetest.Open(b, sqlite.Open, filepath.Join(b.TempDir(), "sb.db"), keyring.Random())
	})
}
