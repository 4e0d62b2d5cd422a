package bench_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/bench"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

// TestStoreBenchmarkMeasuresEveryQuery loads a small fleet and checks that
// every measured query found what it looked for, so the figures of a run at
// a million devices are of real answers.
func TestStoreBenchmarkMeasuresEveryQuery(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, sqlite.Open, filepath.Join(t.TempDir(), "sb.db"), keyring.Random())
	var progress testWriter
	l, err := bench.LoadFleet(ctx, db, bench.Fleet{Devices: 3000, Customers: 10, Models: []string{"a", "b"}, Batch: 700}, &progress)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.DeviceIDs) != 3000 || len(l.Customers) != 10 || len(l.Workplaces) == 0 || progress.lines == 0 {
		t.Fatalf("loaded %d devices, %d customers, %d workplaces, with %d progress lines",
			len(l.DeviceIDs), len(l.Customers), len(l.Workplaces), progress.lines)
	}
	figures, err := bench.MeasureStore(ctx, db, l, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(figures) != 7 {
		t.Fatalf("got %d figures, want 7", len(figures))
	}
}

// testWriter counts the progress lines written to it.
type testWriter struct{ lines int }

func (w *testWriter) Write(b []byte) (int, error) { w.lines++; return len(b), nil }
