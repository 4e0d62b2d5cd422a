package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
)

// TestRunOrdersWakesAndStops runs the order worker with an hour between
// polls: a new workplace is activated at once because the use case wakes
// the worker, and the worker returns when its context ends.
func TestRunOrdersWakesAndStops(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sb.db"), keyring.Random())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := bus.NewLocal()
	woken, stop := b.Subscribe(switchboard.TopicOutbox)
	defer stop()
	svc := app.New(app.Options{Store: db, Bus: b})
	sys := switchboard.System
	c, err := svc.CreateCustomer(ctx, sys, app.CustomerInput{Name: "Acme", AdminEmail: "admin@acme.example"})
	if err != nil {
		t.Fatal(err)
	}
	site, err := svc.CreateSite(ctx, sys, c.ID, app.SiteInput{Name: "HQ"})
	if err != nil {
		t.Fatal(err)
	}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.RunOrders(wctx, time.Hour) }()
	time.Sleep(50 * time.Millisecond) // let the first, empty round pass
	w, err := svc.CreateWorkplace(ctx, sys, c.ID, app.WorkplaceInput{Site: site.ID, FirstName: "Anna", LastName: "Schmidt",
		Email: "anna@acme.example", EmailConfirm: "anna@acme.example", NoMobile: true, Username: "anna.schmidt", Extension: "200"})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-woken:
	case <-time.After(10 * time.Second):
		t.Fatal("the worker did not carry out the order, or did not wake the dispatcher")
	}
	got, err := svc.Workplace(ctx, sys, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != switchboard.WorkplaceActive {
		t.Errorf("workplace is %s, want active", got.State)
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("RunOrders: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RunOrders did not stop with its context")
	}
}
