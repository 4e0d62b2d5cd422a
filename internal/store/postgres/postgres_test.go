package postgres_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// fresh opens a store on a new database for a test or a benchmark.
func fresh[TB testing.TB](tb TB) switchboard.Store {
	return storetest.Open(tb, postgres.Open, pgtest.URL(tb), keyring.Random())
}

func TestConformance(t *testing.T) { storetest.Run(t, fresh[*testing.T]) }

// TestNodesMigrateTogether opens one database from several nodes at once:
// the advisory lock lets one migrate and the others find the schema ready.
func TestNodesMigrateTogether(t *testing.T) {
	url := pgtest.URL(t)
	kr := keyring.Random()
	const nodes = 4
	dbs := make([]*postgres.DB, nodes)
	errs := make([]error, nodes)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = postgres.Open(context.Background(), url, kr)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		defer dbs[i].Close()
	}
	c := &switchboard.Customer{ID: "cus_1", Name: "Acme", SIPDomain: "acme.example", CreatedAt: time.Now()}
	if err := dbs[0].Update(context.Background(), func(tx switchboard.Tx) error { return tx.CreateCustomer(c) }); err != nil {
		t.Fatal(err)
	}
	if err := dbs[nodes-1].View(context.Background(), func(tx switchboard.Tx) error {
		_, err := tx.Customer(c.ID)
		return err
	}); err != nil {
		t.Fatalf("another node does not see the write: %v", err)
	}
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("migrations/*.sql")
	if n != len(files) {
		t.Errorf("schema_migrations has %d rows, want %d (each migration recorded once)", n, len(files))
	}
}

// TestSecretsAreNotStoredInClear searches the text of every row for the
// secrets written.
func TestSecretsAreNotStoredInClear(t *testing.T) {
	storetest.Sealed(t, func(t *testing.T) (switchboard.Store, func() []byte) {
		url := pgtest.URL(t)
		db := storetest.Open(t, postgres.Open, url, keyring.Random())
		return db, func() []byte { return rowsText(t, url) }
	})
}

// rowsText returns the text of every row of the tables that hold records.
func rowsText(t *testing.T, url string) []byte {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var all []byte
	for _, table := range []string{"customers", "sites", "numbers", "workplaces", "devices", "orders", "events", "tokens", "messages"} {
		rows, err := conn.Query(ctx, `SELECT t::text FROM `+table+` t`)
		if err != nil {
			t.Fatal(err)
		}
		texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			all = append(append(all, s...), '\n')
		}
	}
	return all
}

// BenchmarkLookups measures the lookups behind every profile fetch and
// every REGISTER.
func BenchmarkLookups(b *testing.B) { storetest.Bench(b, fresh[*testing.B]) }

// keyStores opens one database again with each keyring given.
func keyStores(t *testing.T) func(t *testing.T, kr *keyring.Keyring) storetest.KeyStore {
	url := pgtest.URL(t)
	return func(t *testing.T, kr *keyring.Keyring) storetest.KeyStore {
		return storetest.Open(t, postgres.Open, url, kr)
	}
}

func TestKeyCheck(t *testing.T) { storetest.KeyCheck(t, keyStores(t)) }

func TestKeyRotation(t *testing.T) { storetest.Rotation(t, keyStores(t)) }

func FuzzSearch(f *testing.F) { storetest.FuzzSearch(f, fresh(f)) }
