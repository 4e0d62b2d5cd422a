package main

import (
	"path/filepath"
	"regexp"
	"testing"
)

// TestSimHotDesk runs "switchboard sim --hot-desk" against serve: free
// phones of two vendors come online, then each is logged in by the
// simulator's hot-desk workplace through the API, resyncs and registers
// with the workplace's line, is logged out and comes back on its free
// profile. A second run reuses the devices and the workplace.
func TestSimHotDesk(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	addr, stop := startServe(t, data)
	defer stop()
	args := []string{"sim", "--hot-desk", "--server", "http://" + addr, "--data", data, "--phones", "4",
		"--vendors", "yealink,snom", "--ca", filepath.Join(data, "tls.crt"), "--boot-timeout", "60s"}
	want := regexp.MustCompile(`(?m)^hot-desk: 4 phones, 4 logged in, 4 logged out, 0 errors, `)
	for run := 1; run <= 2; run++ {
		out := mustRun(t, args...)
		t.Log(out)
		if !want.MatchString(out) {
			t.Fatalf("run %d:\n%s", run, out)
		}
	}
}
