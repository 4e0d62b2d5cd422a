package main

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/siptest"
)

// TestServeStopsEverythingItStarted runs serve with a registered phone and
// an API client, stops it, and checks that no goroutine of Switchboard's
// own packages started meanwhile is left: everything serve started was
// waited for before it closed the store.
func TestServeStopsEverythingItStarted(t *testing.T) {
	before := goroutineIDs()
	data := t.TempDir()
	n := startNode(t, data)
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(false)
	if code, reason := siptest.Dial(t, "UDP", n.sip).Register(acc.username, acc.domain, acc.password, 300); code != 200 {
		t.Fatalf("REGISTER answered %d %s", code, reason)
	}
	api.waitState(acc.device, "online")
	n.stop()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := ownGoroutines(before)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines of Switchboard's packages left after serve returned:\n%s", len(left), strings.Join(left, "\n\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServeFailsWhenAListenerFails closes a socket under a running serve:
// serve stops and returns an error naming the address and the cause.
func TestServeFailsWhenAListenerFails(t *testing.T) {
	for _, c := range []struct {
		name  string
		close func(*listeners) error
		addr  func(*serveNode) string
	}{
		{"http", func(l *listeners) error { return l.http.Close() }, func(n *serveNode) string { return n.http }},
		{"sip udp", func(l *listeners) error { return l.sipUDP.Close() }, func(n *serveNode) string { return n.sip }},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := startNode(t, t.TempDir())
			if err := c.close(n.ls); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-n.done:
				if err == nil || !strings.Contains(err.Error(), c.addr(n)) || !strings.Contains(err.Error(), "closed") {
					t.Errorf("serve returned %v, want the address %s and the cause", err, c.addr(n))
				}
			case <-time.After(20 * time.Second):
				n.stop()
				t.Fatal("serve kept running after its listener failed")
			}
		})
	}
}

var goroutineHeader = regexp.MustCompile(`^goroutine (\d+) `)

// goroutineStacks returns the stack of every goroutine by id.
func goroutineStacks() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for _, g := range strings.Split(string(buf), "\n\n") {
		if m := goroutineHeader.FindStringSubmatch(g); m != nil {
			out[m[1]] = g
		}
	}
	return out
}

func goroutineIDs() map[string]bool {
	ids := map[string]bool{}
	for id := range goroutineStacks() {
		ids[id] = true
	}
	return ids
}

// ownGoroutines lists the goroutines not in before that run code of
// Switchboard's internal packages or of serve.
func ownGoroutines(before map[string]bool) []string {
	var out []string
	for id, stack := range goroutineStacks() {
		if before[id] || strings.Contains(stack, "testing.tRunner") {
			continue
		}
		if strings.Contains(stack, "switchboard-pbx/switchboard/internal/") || strings.Contains(stack, "cmd/switchboard.") {
			out = append(out, stack)
		}
	}
	return out
}

// TestServeAddressInUseCreatesNothing starts serve on a fresh data
// directory with one of its addresses taken: it fails, naming the address,
// before it creates the directory, its key or its token.
func TestServeAddressInUseCreatesNothing(t *testing.T) {
	for _, flag := range []string{"--http", "--prov", "--sip", "--sip-tls"} {
		t.Run(flag, func(t *testing.T) {
			taken, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer taken.Close()
			data := filepath.Join(t.TempDir(), "data")
			args := map[string]string{"--http": "127.0.0.1:0", "--prov": "127.0.0.1:0", "--sip": "127.0.0.1:0", "--sip-tls": "127.0.0.1:0"}
			args[flag] = taken.Addr().String()
			cli := []string{"serve", "--data", data, "--log-level", "error"}
			for f, a := range args {
				cli = append(cli, f, a)
			}
			out, err := run(t, cli...)
			if err == nil || !strings.Contains(err.Error(), taken.Addr().String()) || !strings.Contains(err.Error(), "in use") {
				t.Fatalf("serve on a taken %s: %v\n%s", flag, err, out)
			}
			if entries, err := os.ReadDir(data); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the failed serve left its data directory: %d entries (%v)", len(entries), err)
			}
		})
	}
}
