package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
)

func openAt(t *testing.T, path string, kr switchboard.Keyring) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, kr)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestReopenKeepsDataAndSkipsAppliedMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sb.db")
	kr := keyring.Random()
	db := openAt(t, path, kr)
	now := time.Now().UTC()
	c := &switchboard.Customer{ID: switchboard.NewID("cus", now), Name: "Acme", AdminEmail: "a@acme.example",
		SIPDomain: "acme.sip.example", CreatedAt: now, UpdatedAt: now}
	if err := db.Update(ctx, func(tx switchboard.Tx) error { return tx.CreateCustomer(c) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path, kr)
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
	openAt(t, path, keyring.Random())
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode&0o077 != 0 {
		t.Errorf("database file mode %v, want no access for group and others", mode)
	}
}

// TestSecretsAreNotStoredInClear writes a device and a workplace whose
// secrets are distinctive strings and searches the database files for them.
func TestSecretsAreNotStoredInClear(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openAt(t, filepath.Join(dir, "sb.db"), keyring.Random())
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
	var found bool
	err = db.View(ctx, func(tx switchboard.Tx) error {
		d, err := tx.DeviceByAccessKey(secrets[0])
		found = err == nil && d.SIP.Password == secrets[3]
		return err
	})
	if err != nil || !found {
		t.Fatalf("device not readable by its access key: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "sb.db*"))
	if len(files) == 0 {
		t.Fatal("no database files found")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("secret %q found in clear in %s", s, filepath.Base(f))
			}
		}
	}
	if !bytesInAny(files, "anna.schmidt") {
		t.Error("the search cannot see plain data either; the scan proves nothing")
	}
}

func bytesInAny(files []string, s string) bool {
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
}
