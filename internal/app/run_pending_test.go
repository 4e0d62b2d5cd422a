package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// pendingRegistrar records the NOTIFYs the use cases send.
type pendingRegistrar struct{ sent chan string }

func (r *pendingRegistrar) Status(string) switchboard.DeviceStatus { return switchboard.DeviceStatus{} }

func (r *pendingRegistrar) Notify(_ context.Context, d *switchboard.Device, reboot bool) ([]switchboard.BindingOutcome, error) {
	r.sent <- d.ID
	return []switchboard.BindingOutcome{{State: "answered", Code: 200}}, nil
}

func (r *pendingRegistrar) Invalidate(string) {}
func (r *pendingRegistrar) InvalidateAll()    {}

// oneModel is a catalogue of any model id, without reboot.
type oneModel struct{}

func (oneModel) Model(id string) (switchboard.Model, bool) { return switchboard.Model{ID: id}, true }
func (oneModel) Models() []switchboard.Model               { return nil }

// TestRunPendingDeliversDueActions hands RunPending a device with a
// pending action and one without: only the first is notified, and
// RunPending returns once its context ends.
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
	reg := &pendingRegistrar{sent: make(chan string, 4)}
	svc := app.New(app.Options{Store: store, Catalogue: oneModel{}, Registrar: reg})
	due := make(chan string, 2)
	due <- "dev_spare"
	due <- "dev_plain"
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.RunPending(runCtx, due, 2) }()
	select {
	case id := <-reg.sent:
		if id != "dev_plain" {
			t.Errorf("notified %s, want dev_plain", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the pending action was not delivered")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("RunPending returned %v, want context.Canceled", err)
	}
	select {
	case id := <-reg.sent:
		t.Errorf("also notified %s, which had nothing pending", id)
	default:
	}
}
