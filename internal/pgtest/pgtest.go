// Package pgtest gives tests a PostgreSQL database of their own.
//
// URL returns the address of a new, empty database that is dropped when the
// test ends. The server is either the one named by the environment variable
// SWITCHBOARD_TEST_POSTGRES (a postgres:// URL of a role that may create
// databases) or, when that is unset and Debian's PostgreSQL is installed, a
// throw-away cluster started once per test binary in a temporary directory
// (fsync off, reached through a Unix socket in that directory, no TCP
// port). Without either, URL skips the test. A package using the throw-away cluster stops it through Main:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		url := pgtest.URL(t)
//		...
//	}
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the environment variable holding the URL of an existing
// server to use instead of a throw-away cluster.
const EnvURL = "SWITCHBOARD_TEST_POSTGRES"

var (
	mu       sync.Mutex
	started  bool
	mainUsed bool
	admin    string   // URL of the maintenance database of the server
	skip     string   // why there is no server, when there is none
	startErr error    // why starting the throw-away cluster failed
	local    *cluster // the throw-away cluster, if one runs
)

// Main runs the package's tests, then stops the throw-away cluster if one
// was started, and exits with the tests' status. Call it from TestMain.
func Main(m *testing.M) {
	mu.Lock()
	mainUsed = true
	mu.Unlock()
	code := m.Run()
	mu.Lock()
	if local != nil {
		local.stop()
		local = nil
	}
	mu.Unlock()
	os.Exit(code)
}

// URL returns the URL of a new empty database on the test server, dropped
// (with any connections still open to it) when t ends. It skips t when no
// PostgreSQL is available and fails it when one is but cannot be used.
func URL(t testing.TB) string {
	t.Helper()
	base := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name := "sbtest_" + randomHex(8)
	if err := execAdmin(ctx, base, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := execAdmin(ctx, base, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("pgtest: %s is not a URL: %v", EnvURL, err)
	}
	u.Path = "/" + name
	return u.String()
}

// server returns the maintenance URL of the server, starting the
// throw-away cluster on first use.
func server(t testing.TB) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if !started {
		started = true
		if v := os.Getenv(EnvURL); v != "" {
			admin = v
		} else if bin, why := findBin(); bin == "" {
			skip = why
		} else if !mainUsed {
			startErr = fmt.Errorf("starting a throw-away cluster needs TestMain to call pgtest.Main(m), which stops it")
		} else {
			local, startErr = start(bin)
			if local != nil {
				admin = local.url
			}
		}
	}
	switch {
	case skip != "":
		t.Skip("postgres not installed: " + skip)
	case startErr != nil:
		t.Fatalf("pgtest: %v", startErr)
	}
	return admin
}

// execAdmin runs one statement on the server's maintenance database.
func execAdmin(ctx context.Context, base, stmt string) error {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, stmt)
	return err
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
