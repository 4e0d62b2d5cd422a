package app_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// oneModel is a catalogue of any model id, without reboot.
type oneModel struct{}

func (oneModel) Model(id string) (switchboard.Model, bool) { return switchboard.Model{ID: id}, true }
func (oneModel) Models() []switchboard.Model               { return nil }

// TestRunPendingDeliversDueActions hands RunPending two registered
// devices, one with a pending action and one without: only the first is
// notified, and RunPending returns once its context ends.
func TestRunPendingDeliversDueActions(t *testing.T) {
	store := sipAccountsStore(t)
	ctx := context.Background()
	err := store.Update(ctx, func(tx switchboard.Tx) error {
		d, err := tx.Device("dev_plain")
		if err != nil {
			return err
		}
		d.PendingAction = switchboard.ActionSync
		return tx.UpdateDevice(d)
	})
	if err != nil {
		t.Fatal(err)
	}
	reg := &sbtest.Registrar{}
	reg.SetOnline("dev_spare", switchboard.DeviceStatus{})
	reg.SetOnline("dev_plain", switchboard.DeviceStatus{})
	svc := app.New(app.Options{Store: store, Catalogue: oneModel{}, Registrar: reg})
	due := make(chan string, 2)
	due <- "dev_spare"
	due <- "dev_plain"
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.RunPending(runCtx, due, 2) }()
	var notified []string
	for deadline := time.Now().Add(5 * time.Second); len(due) > 0 || len(notified) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the pending action was not delivered (%d ids left on due)", len(due))
		}
		n, _ := reg.Take()
		notified = append(notified, n...)
	}
	// Both ids were taken off due; cancelling now waits for both
	// deliveries, so a NOTIFY for dev_spare would be recorded by the end.
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("RunPending returned %v, want context.Canceled", err)
	}
	n, _ := reg.Take()
	notified = append(notified, n...)
	if want := []string{"dev_plain reboot=false"}; !slices.Equal(notified, want) {
		t.Errorf("notified %v, want %v", notified, want)
	}
}
