package postgres_test

import (
	"context"
	"encoding/hex"
	"path/filepath"
	"strings"
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

func openAt(t *testing.T, url string, kr switchboard.Keyring) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url, kr)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) switchboard.Store {
		return openAt(t, pgtest.URL(t), keyring.Random())
	})
}

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

// TestSecretsAreNotStoredInClear writes records whose secrets are
// distinctive strings and searches the text of every row for them, in
// clear and hex-encoded (as a BYTEA holding them would print).
func TestSecretsAreNotStoredInClear(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	db := openAt(t, url, keyring.Random())
	now := time.Now().UTC()
	secrets := []string{
		"accesskey0123456789abcdef0123456789abcdef0123", "adminpw-7a1f", "webpw-9c2e", "sippw-4d8b",
		"loginpw-2f6a", "hotdeskpin-5e3c", "devadminpw-8b7d", "tokensecret-1c9e",
	}
	err := db.Update(ctx, func(tx switchboard.Tx) error {
		c := &switchboard.Customer{ID: "cus_1", Name: "Acme", SIPDomain: "acme.example", CreatedAt: now}
		if err := tx.CreateCustomer(c); err != nil {
			return err
		}
		w := &switchboard.Workplace{ID: "wp_1", CustomerID: c.ID, Username: "anna.schmidt", Extension: "201",
			Package: switchboard.PackageNone, State: switchboard.WorkplaceActive,
			HotDeskPIN: secrets[5], DeviceAdminPassword: secrets[6], CreatedAt: now}
		if err := tx.CreateWorkplace(w); err != nil {
			return err
		}
		d := &switchboard.Device{ID: "dev_1", CustomerID: c.ID, WorkplaceID: w.ID, AccessKey: secrets[0],
			AdminPassword: secrets[1], WebPassword: secrets[2],
			SIP:          switchboard.SIPAccount{Username: "u201", Password: secrets[3]},
			InitialLogin: switchboard.InitialLogin{Username: "il201", Password: secrets[4]}, CreatedAt: now}
		if err := tx.CreateDevice(d); err != nil {
			return err
		}
		return tx.CreateToken(&switchboard.Token{ID: "tok_1", Role: switchboard.RoleOperator, CreatedAt: now}, secrets[7])
	})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var all strings.Builder
	for _, table := range []string{"customers", "sites", "numbers", "workplaces", "devices", "orders", "events", "tokens"} {
		rows, err := conn.Query(ctx, `SELECT t::text FROM `+table+` t`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			all.WriteString(s + "\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	text := all.String()
	if !strings.Contains(text, "anna.schmidt") {
		t.Fatal("the rows' text does not show plain data either; the search proves nothing")
	}
	for _, s := range secrets {
		if strings.Contains(text, s) || strings.Contains(text, hex.EncodeToString([]byte(s))) {
			t.Errorf("secret %q is stored in clear", s)
		}
	}
}
