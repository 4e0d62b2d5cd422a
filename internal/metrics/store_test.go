package metrics

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// fakeStore is a unit-test double: it runs fn with no transaction.
type fakeStore struct{ switchboard.Store }

func (fakeStore) Update(_ context.Context, fn func(switchboard.Tx) error) error { return fn(nil) }
func (fakeStore) View(_ context.Context, fn func(switchboard.Tx) error) error   { return fn(nil) }

func TestInstrumentStoreCountsDurationsAndFailures(t *testing.T) {
	reg := prometheus.NewRegistry()
	s, err := InstrumentStore(fakeStore{}, reg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_ = s.View(ctx, func(switchboard.Tx) error { return nil })
	_ = s.Update(ctx, func(switchboard.Tx) error { return switchboard.Errorf(switchboard.ECONFLICT, "taken") })
	// A transaction its caller abandoned (a client that hung up) is no
	// failure of the store's.
	_ = s.View(ctx, func(switchboard.Tx) error { return fmt.Errorf("begin transaction: %w", context.Canceled) })
	if n := testutil.CollectAndCount(s.duration); n != 2 {
		t.Errorf("duration series = %d, want 2 (update, view)", n)
	}
	want := `
# HELP switchboard_store_transaction_errors_total Store transactions that returned an error, by kind and error code (canceled: abandoned by the caller).
# TYPE switchboard_store_transaction_errors_total counter
switchboard_store_transaction_errors_total{code="canceled",kind="view"} 1
switchboard_store_transaction_errors_total{code="conflict",kind="update"} 1
`
	if err := testutil.CollectAndCompare(s.failures, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
}
