package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSimZeroTouch runs factory-fresh phones of the vendors with redirect
// services against serve, twice each way: through the redirect fakes, at
// which serve registers the MACs itself through the simulator customer's
// accounts, and /ztp/ (the second run re-arms MAC provisioning, which
// registers them again), and through the initial
// logins at /login/ (the second run is the same phones after a reset). Every
// phone follows its bootstrap to its key URL, registers and is online.
func TestSimZeroTouch(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	addr, stop := startServe(t, data)
	defer stop()
	vendors := "yealink,poly,snom,grandstream,gigaset,fanvil"
	summary := regexp.MustCompile(`(?m)^6 phones: 6 online, 0 errors, [0-9.]+ s$`)
	for _, start := range []string{"--ztp", "--ztp", "--login", "--login"} {
		out := mustRun(t, "sim", start, "--server", "http://"+addr, "--data", data, "--phones", "6",
			"--vendors", vendors, "--ca", filepath.Join(data, "tls.crt"), "--boot-timeout", "60s")
		if !summary.MatchString(out) {
			t.Fatalf("sim %s:\n%s", start, out)
		}
		if start == "--ztp" && !strings.Contains(out, "redirect services hold all 6 MACs") {
			t.Fatalf("sim --ztp: serve did not register the MACs at the redirect fakes:\n%s", out)
		}
	}
	if _, err := run(t, "sim", "--ztp", "--server", "http://"+addr, "--data", data, "--phones", "1",
		"--vendors", "cisco", "--ca", filepath.Join(data, "tls.crt")); err == nil || !strings.Contains(err.Error(), "no redirect service") {
		t.Errorf("--ztp with a vendor without redirect service: %v", err)
	}
}
