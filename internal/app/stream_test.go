package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
)

// TestLiveOrdersAndMessages finishes acme's orders and fails one of its
// messages through a Service on a real local bus: acme's administrator and
// the operator see both, beta's administrator and acme's user neither; a
// lost notice reaches everyone as "missed".
func TestLiveOrdersAndMessages(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("beta", 2)
	b := bus.NewLocal()
	cat, err := catalogue()
	e.must(err)
	svc := app.New(app.Options{Store: e.db, Catalogue: cat, Registrar: e.sip, Bus: b})
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	streams := map[string]<-chan app.LiveEvent{}
	for name, p := range map[string]switchboard.Principal{"admin": tn.admin, "operator": switchboard.System, "other": other.admin, "user": tn.user1} {
		ch, err := svc.Live(ctx, p)
		e.must(err)
		streams[name] = ch
	}
	// The order worker tells of each order it finished; the notice is
	// handed to the stream's bus here.
	e.processOrders()
	os := e.orders(tn.cust.ID)
	if changes := e.changes.take(); !slices.Contains(changes, switchboard.TopicOrderFinished+" "+os[0].ID) {
		t.Errorf("order worker published %v, want %s %s among them", changes, switchboard.TopicOrderFinished, os[0].ID)
	}
	e.must(b.Publish(e.ctx, switchboard.TopicOrderFinished, os[0].ID))
	msg := e.messages(tn.cust.ID)
	if len(msg) == 0 {
		t.Fatal("acme has no message to fail")
	}
	e.must(b.Publish(e.ctx, switchboard.TopicMessageFailed, msg[0].ID))
	e.must(b.Publish(e.ctx, switchboard.TopicDeviceStatus, switchboard.All))

	want := map[string][]string{
		"admin":    {app.LiveOrder + " " + os[0].ID, app.LiveMessage + " " + msg[0].ID, app.LiveMissed + " "},
		"operator": {app.LiveOrder + " " + os[0].ID, app.LiveMessage + " " + msg[0].ID, app.LiveMissed + " "},
		"other":    {app.LiveMissed + " "},
		"user":     {app.LiveMissed + " "},
	}
	for name, ch := range streams {
		var got []string
		for len(got) < len(want[name]) {
			select {
			case ev := <-ch:
				got = append(got, ev.Type+" "+ev.ID)
			case <-time.After(2 * time.Second):
				t.Fatalf("%s: got %v, want %v", name, got, want[name])
			}
		}
		for _, w := range want[name] {
			if !slices.Contains(got, w) {
				t.Errorf("%s: got %v, want %v", name, got, want[name])
			}
		}
	}

	for range app.MaxLiveStreams - 1 {
		_, err := svc.Live(ctx, tn.admin)
		e.must(err)
	}
	_, err = svc.Live(ctx, tn.admin)
	wantCode(t, "one stream too many", err, switchboard.ERATELIMIT)
	cancel()
	if _, open := <-streams["admin"]; open {
		t.Error("stream open after its context ended")
	}
}
