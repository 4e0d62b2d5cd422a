package main

import (
	"context"
	"fmt"
	"net/http"
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

// TestKeyRotationWhileServing rotates the master key of two nodes on one
// PostgreSQL database as the README says, restarting one node at a time:
// add a key, make it the sealing key, reseal while both serve, drop the
// old key. The workplace and message lists and a device's SIP password
// answer 200 through both nodes at every step, also while rotate runs.
func TestKeyRotationWhileServing(t *testing.T) {
	t.Setenv(keyring.EnvVar, "")
	db := pgtest.URL(t)
	dirs := []string{t.TempDir(), t.TempDir()}
	nodes := []*serveNode{startNode(t, dirs[0], "--db", db)}
	for _, f := range []string{keyring.FileName, operatorTokenFile} {
		copyFile(t, filepath.Join(dirs[0], f), filepath.Join(dirs[1], f))
	}
	nodes = append(nodes, startNode(t, dirs[1], "--db", db))
	defer func() {
		for _, n := range nodes {
			n.stop()
		}
	}()
	api := func(i int) *apiClient { return newAPIClient(t, nodes[i].http, dirs[i]) }
	var devices []string
	var customer, site string
	// addDevice adds a workplace (which writes a message to the outbox)
	// and a device through node i.
	addDevice := func(i int) {
		c := api(i)
		if customer == "" {
			customer = c.call(201, "POST", "/customers", map[string]any{"name": "Acme", "admin_email": "admin@acme.example", "sip_domain": "acme.example"})["id"].(string)
			site = c.call(201, "POST", "/customers/"+customer+"/sites", map[string]any{"name": "HQ"})["id"].(string)
		}
		n := len(devices)
		wp := c.call(201, "POST", "/customers/"+customer+"/workplaces", map[string]any{"site": site, "first_name": "Anna",
			"last_name": "Schmidt", "email": "anna@acme.example", "email_confirm": "anna@acme.example",
			"no_mobile": true, "username": fmt.Sprintf("anna%d", n), "extension": fmt.Sprint(200 + n)})["id"].(string)
		devices = append(devices, c.call(201, "POST", "/workplaces/"+wp+"/devices", map[string]any{"model": "yealink-t46s"})["id"].(string))
	}
	// readAll reads every secret through node i and returns the first
	// status that is not 200.
	readAll := func(i int) error {
		c := api(i)
		paths := []string{"/customers/" + customer + "/workplaces", "/customers/" + customer + "/messages"}
		for _, d := range devices {
			paths = append(paths, "/devices/"+d+"/sip-account")
		}
		for _, p := range paths {
			if code := c.get(p); code != 200 {
				return fmt.Errorf("node %d: GET %s answered %d", i, p, code)
			}
		}
		return nil
	}
	mustReadAll := func(step string) {
		t.Helper()
		for i := range nodes {
			if err := readAll(i); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
		}
	}
	// rollOut copies node 0's key file to node 1 and restarts both, one
	// at a time.
	rollOut := func() {
		t.Helper()
		copyFile(t, filepath.Join(dirs[0], keyring.FileName), filepath.Join(dirs[1], keyring.FileName))
		for i := range nodes {
			nodes[i].stop()
			nodes[i] = startNode(t, dirs[i], "--db", db)
			mustReadAll(fmt.Sprintf("after restarting node %d", i))
		}
	}

	addDevice(0)
	mustReadAll("before rotation")
	stale := t.TempDir()
	copyFile(t, filepath.Join(dirs[0], keyring.FileName), filepath.Join(stale, keyring.FileName))
	mustRun(t, "key", "add", "--data", dirs[0])
	rollOut()
	kr, err := keyring.Load(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	oldID, newID := kr.IDs()[0], kr.IDs()[1]
	mustRun(t, "key", "use", newID, "--data", dirs[0])
	copyFile(t, filepath.Join(dirs[0], keyring.FileName), filepath.Join(dirs[1], keyring.FileName))
	nodes[1].stop()
	nodes[1] = startNode(t, dirs[1], "--db", db)
	// Mixed: node 0 seals with the old key, node 1 with the new one.
	addDevice(1)
	addDevice(0)
	mustReadAll("with both keys sealing")
	nodes[0].stop()
	nodes[0] = startNode(t, dirs[0], "--db", db)
	addDevice(0)

	stop := make(chan struct{})
	errs := make(chan error, 2)
	for i := range nodes {
		go func() {
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				if err := readAll(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	out := mustRun(t, "key", "rotate", "--batch", "2", "--data", dirs[0], "--db", db)
	close(stop)
	for range nodes {
		if err := <-errs; err != nil {
			t.Errorf("during rotate: %v", err)
		}
	}
	t.Logf("rotate: %s", out)
	if !strings.Contains(out, "resealed") || !strings.Contains(out, oldID) {
		t.Errorf("rotate printed %q, want the count and the retired key %s", out, oldID)
	}

	mustRun(t, "key", "drop", oldID, "--data", dirs[0])
	rollOut()
	if kr, err := keyring.Load(dirs[1]); err != nil || strings.Join(kr.IDs(), ",") != newID {
		t.Fatalf("keys after the rotation: %v %v, want %s alone", kr.IDs(), err, newID)
	}
	// A node that kept the old key alone is refused.
	if err := serveFails(t, stale, "--db", db); !strings.Contains(err.Error(), "not the one the database was sealed with") {
		t.Errorf("node with the retired key: %v", err)
	}
}

// copyFile copies a key or token file between data directories.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// get sends an authenticated GET and returns the status.
func (c *apiClient) get(path string) int {
	req, _ := http.NewRequest("GET", "http://"+c.addr+"/api/v1"+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
