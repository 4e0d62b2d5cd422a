package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

// fresh opens a new store in a temporary directory for a test or a
// benchmark.
func fresh[TB testing.TB](tb TB) switchboard.Store {
	return storetest.Open(tb, sqlite.Open, filepath.Join(tb.TempDir(), "sb.db"), keyring.Random())
}

func TestConformance(t *testing.T) { storetest.Run(t, fresh[*testing.T]) }

// TestSecretsAreNotStoredInClear searches the database files (the WAL
// included) for the secrets written.
func TestSecretsAreNotStoredInClear(t *testing.T) {
	storetest.Sealed(t, func(t *testing.T) (switchboard.Store, func() []byte) {
		dir := t.TempDir()
		db := storetest.Open(t, sqlite.Open, filepath.Join(dir, "sb.db"), keyring.Random())
		return db, func() []byte {
			files, _ := filepath.Glob(filepath.Join(dir, "sb.db*"))
			if len(files) == 0 {
				t.Fatal("no database files found")
			}
			var all []byte
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, b...)
			}
			return all
		}
	})
}

// TestLookupsUseIndexes checks that the lookups run on every profile fetch,
// REGISTER and login, and every page of a device list, are index searches,
// not table scans, so they stay fast with a million devices.
func TestLookupsUseIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sb.db")
	storetest.Open(t, sqlite.Open, path, keyring.Random())
	reader, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	storetest.Plans(t, func(query string, args []any) ([]string, error) {
		return column[string](reader, 3, `EXPLAIN QUERY PLAN `+query, args...)
	}, func(table string, columns []string) (string, error) {
		names, err := column[string](reader, 0, `SELECT name FROM pragma_index_list(?)`, table)
		if err != nil {
			return "", err
		}
		for _, name := range names {
			cols, err := column[string](reader, 0, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, name)
			if err != nil {
				return "", err
			}
			if slices.Equal(cols, columns) {
				return name, nil
			}
		}
		return "", fmt.Errorf("no index of %s holds %v", table, columns)
	}, "USING (COVERING )?INDEX %s ")
}

// column runs a query and returns the values of its column i.
func column[T any](db *sql.DB, i int, query string, args ...any) ([]T, error) {
	rows, err := db.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []T
	for rows.Next() {
		dest := make([]any, len(cols))
		for j := range dest {
			dest[j] = new(any)
		}
		var v T
		dest[i] = &v
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func TestReopenKeepsDataAndSkipsAppliedMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sb.db")
	kr := keyring.Random()
	db := storetest.Open(t, sqlite.Open, path, kr)
	now := time.Now().UTC()
	c := &switchboard.Customer{ID: switchboard.NewID("cus", now), Name: "Acme", AdminEmail: "a@acme.example",
		SIPDomain: "acme.sip.example", CreatedAt: now, UpdatedAt: now}
	if err := db.Update(ctx, func(tx switchboard.Tx) error { return tx.CreateCustomer(c) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = storetest.Open(t, sqlite.Open, path, kr)
	err := db.View(ctx, func(tx switchboard.Tx) error {
		got, err := tx.Customer(c.ID)
		if err == nil && got.Name != "Acme" {
			t.Errorf("name after reopen = %q", got.Name)
		}
		return err
	})
	if err != nil {
		t.Fatalf("read after reopen: %v", err)
	}
}

func TestFileIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sb.db")
	storetest.Open(t, sqlite.Open, path, keyring.Random())
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode&0o077 != 0 {
		t.Errorf("database file mode %v, want no access for group and others", mode)
	}
}

// BenchmarkLookups measures the lookups behind every profile fetch and
// every REGISTER.
func BenchmarkLookups(b *testing.B) { storetest.Bench(b, fresh[*testing.B]) }

// keyStores opens one database file again with each keyring given.
func keyStores(t *testing.T) func(t *testing.T, kr *keyring.Keyring) storetest.KeyStore {
	path := filepath.Join(t.TempDir(), "sb.db")
	return func(t *testing.T, kr *keyring.Keyring) storetest.KeyStore {
		return storetest.Open(t, sqlite.Open, path, kr)
	}
}

func TestKeyCheck(t *testing.T) { storetest.KeyCheck(t, keyStores(t)) }

func TestKeyRotation(t *testing.T) { storetest.Rotation(t, keyStores(t)) }

func FuzzSearch(f *testing.F) { storetest.FuzzSearch(f, fresh(f)) }
