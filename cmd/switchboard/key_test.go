package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
)

// serveFails runs serve on dataDir and returns the error it stops with,
// failing the test if it starts instead.
func serveFails(t *testing.T, dataDir string, extra ...string) error {
	t.Helper()
	const port0 = "127.0.0.1:0"
	ls, err := listen(serveConfig{http: port0, prov: port0, sip: port0, sipTLS: port0})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := serveCommandOn(&globals{data: dataDir}, ls)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(append([]string{"--public-host", "127.0.0.1", "--log-level", "warn"}, extra...))
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("serve returned nil")
		}
		return err
	case <-time.After(15 * time.Second):
		cancel()
		<-done
		t.Fatal("serve started on a database sealed with another master key")
		return nil
	}
}

// TestNodeWithForeignKeyRefusesToStart starts a node on PostgreSQL, then a
// second one with a fresh data directory on the same database: it must
// refuse to start, say which file to copy, and write nothing (no key file
// of its own, no key check in the database). With the first node's key
// copied over it starts.
func TestNodeWithForeignKeyRefusesToStart(t *testing.T) {
	t.Setenv(keyring.EnvVar, "")
	db := pgtest.URL(t)
	first := t.TempDir()
	n := startNode(t, first, "--db", db)
	api := newAPIClient(t, n.http, first)
	api.newDevice(false)

	second := t.TempDir()
	err := serveFails(t, second, "--db", db)
	for _, want := range []string{filepath.Join(second, keyring.FileName), "not the one the database was sealed with", "copy master.key from a running node", keyring.EnvVar} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("serve on a foreign key returned %q, want it to mention %q", err, want)
		}
	}
	for _, f := range []string{keyring.FileName, operatorTokenFile} {
		if _, err := os.Stat(filepath.Join(second, f)); !os.IsNotExist(err) {
			t.Errorf("the refused node wrote %s (stat: %v)", f, err)
		}
	}

	// A damaged copy (another key in the file) is refused as well.
	if err := os.WriteFile(filepath.Join(second, keyring.FileName), []byte(strings.Repeat("ab", keyring.KeySize)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := serveFails(t, second, "--db", db); !strings.Contains(err.Error(), "not the one the database was sealed with") {
		t.Errorf("serve with another key file returned %v", err)
	}

	key, err := os.ReadFile(filepath.Join(first, keyring.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(second, keyring.FileName), key, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(second, operatorTokenFile), []byte(readToken(t, first)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := startNode(t, second, "--db", db)
	defer m.stop()
	n.stop()
	newAPIClient(t, m.http, second).call(200, "GET", "/customers", nil)
}
