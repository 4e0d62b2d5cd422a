package main

import (
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/pgtest"
)

// TestBenchStore runs "bench store" small on both stores: the devices are
// loaded, every query measured and the CSV import goes through a serve
// started on the loaded store, which the summary line reports.
func TestBenchStore(t *testing.T) {
	t.Setenv(childEnv, "1")
	for _, tc := range []struct {
		store string
		db    func(t *testing.T) []string
	}{
		{"sqlite", func(*testing.T) []string { return nil }},
		{"postgres", func(t *testing.T) []string { return []string{"--db", pgtest.URL(t)} }},
	} {
		t.Run(tc.store, func(t *testing.T) {
			args := append([]string{"bench", "store", "--store", tc.store, "--devices", "2000", "--customers", "5",
				"--samples", "20", "--import", "300", "--timeout", "2m"}, tc.db(t)...)
			out := mustRun(t, args...)
			for _, want := range []string{"access-key lookup", "workplace's devices", "store " + tc.store + ": 2000 devices loaded",
				"import of 300 devices through the API", "load average"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}
