package bench

import (
	"strings"
	"testing"
	"time"
)

func TestStoreSummaries(t *testing.T) {
	figs := []Figure{{Name: "lookup", P99: 2 * time.Millisecond, Goal: LookupGoal},
		{Name: "page a", P99: 10 * time.Millisecond, Goal: PageGoal}, {Name: "page b", P99: 60 * time.Millisecond, Goal: PageGoal}}
	if got, want := StoreSummary(figs), "access-key lookup p99 2.000 ms, slowest list page p99 60.000 ms (page b), GOALS MISSED"; got != want {
		t.Errorf("StoreSummary = %q, want %q", got, want)
	}
	if got := StoreSummary(figs[:2]); !strings.HasSuffix(got, "(page a), all goals met") {
		t.Errorf("StoreSummary = %q, want page a and all goals met", got)
	}
	if got, want := ImportSummary(100, 61*time.Second, 30*time.Second), "import of 100 devices through the API 61.0 s, server CPU 30.0 s (goal < 60 s: MISSED)"; got != want {
		t.Errorf("ImportSummary = %q, want %q", got, want)
	}
}
