package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestPprofServesProfilesOnLoopbackOnly starts serve with --pprof and
// reads a heap profile from it, and checks that an address other than
// loopback is refused before anything starts.
func TestPprofServesProfilesOnLoopbackOnly(t *testing.T) {
	addr, err := freeLoopbackPort()
	if err != nil {
		t.Fatal(err)
	}
	n := startNode(t, t.TempDir(), "--pprof", addr)
	defer n.stop()
	res, err := http.Get("http://" + addr + "/debug/pprof/heap")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || len(body) == 0 {
		t.Errorf("heap profile answered %d with %d bytes", res.StatusCode, len(body))
	}
	for _, bad := range []string{"0.0.0.0:6060", "192.0.2.1:6060", "localhost:6060", "6060"} {
		_, err := run(t, "serve", "--data", t.TempDir(), "--pprof", bad)
		if err == nil || !strings.Contains(err.Error(), "--pprof") {
			t.Errorf("serve --pprof %s: %v, want a refusal naming --pprof", bad, err)
		}
	}
}
