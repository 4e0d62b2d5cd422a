package registrar_test

import (
	"context"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/registrar"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// TestRegistration registers a phone: the device shows online, is due for
// its pending action, its status change is told on the bus, a NOTIFY
// reaches the phone with the model's event, and the counters count it.
func TestRegistration(t *testing.T) {
	b := bus.NewLocal()
	notices, stop := b.Subscribe(registrar.TopicStatus)
	defer stop()
	n := startNode(t, openStore(t), b, "a")
	if st := n.r.Status(device.ID); st.State != switchboard.StateOffline || st.IP != "" {
		t.Fatalf("status before registering: %+v", st)
	}
	phone, code := n.register(t, password)
	if code != 200 {
		t.Fatalf("REGISTER answered %d", code)
	}
	if st := n.r.Status(device.ID); st.State != switchboard.StateOnline || st.IP != "127.0.0.1" || st.Transport != "UDP" {
		t.Errorf("status after registering: %+v", st)
	}
	if id := receive(t, "due device", n.r.Due()); id != device.ID {
		t.Errorf("due %q, want %s", id, device.ID)
	}
	if id := receive(t, "status notice", notices); id != device.ID {
		t.Errorf("status notice for %q, want %s", id, device.ID)
	}
	outs, event := notify(t, n, phone)
	if event != "check-sync;reboot=false" || len(outs) != 1 || outs[0].State != sip.OutcomeAnswered || outs[0].Code != 200 {
		t.Errorf("NOTIFY: event %q, outcomes %+v; want check-sync answered 200", event, outs)
	}
	mfs, err := n.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	registered := -1.0
	for _, mf := range mfs {
		if mf.GetName() == "switchboard_sip_registered_total" {
			registered = mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	if registered != 1 {
		t.Errorf("switchboard_sip_registered_total = %v, want 1", registered)
	}
}

// TestAnotherNodesRegistration runs two nodes on one store and bus: the
// node without the phone's socket answers status from the persisted
// registration and hands a NOTIFY to the node holding it, which makes the
// device due there. A device registered nowhere is not found.
func TestAnotherNodesRegistration(t *testing.T) {
	store, b := openStore(t), bus.NewLocal()
	holder, other := startNode(t, store, b, "a"), startNode(t, store, b, "b")
	if _, code := holder.register(t, password); code != 200 {
		t.Fatalf("REGISTER answered %d", code)
	}
	receive(t, "due device after registering", holder.r.Due())
	eventually(t, "the other node shows the device online", func() bool {
		return other.r.Status(device.ID).State == switchboard.StateOnline
	})
	// Many at once, as the fleet statistics ask: one read for the page.
	sts := other.r.Statuses([]string{"dev_none", device.ID})
	if sts[0].State != switchboard.StateOffline || sts[1].State != switchboard.StateOnline || sts[1].IP != "127.0.0.1" {
		t.Errorf("statuses of a device never registered and of the registered one: %+v", sts)
	}
	outs, err := other.r.Notify(context.Background(), device, true)
	if err != nil || len(outs) != 1 || outs[0].State != sip.OutcomeSent {
		t.Fatalf("Notify through the other node: %+v, %v; want one binding sent", outs, err)
	}
	if id := receive(t, "due device asked for by the other node", holder.r.Due()); id != device.ID {
		t.Errorf("due %q, want %s", id, device.ID)
	}
	nowhere := &switchboard.Device{ID: "dev_2", Model: device.Model}
	if _, err := other.r.Notify(context.Background(), nowhere, false); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Errorf("Notify of a device registered nowhere: %v, want ENOTFOUND", err)
	}
}

// TestBindingsSurviveARestart stops a node holding a registration and
// starts it again under the same name and address, as a restarted serve
// does: it loads the persisted binding and reaches the phone (whose UDP
// socket answers only that address).
func TestBindingsSurviveARestart(t *testing.T) {
	store, b := openStore(t), bus.NewLocal()
	first := startNode(t, store, b, "a")
	phone, code := first.register(t, password)
	if code != 200 {
		t.Fatalf("REGISTER answered %d", code)
	}
	first.stop()
	again := startNodeOn(t, store, b, "a", first.addr)
	// A REGISTER answered shows the node serves.
	if _, code := again.register(t, "wrong"); code != 401 {
		t.Fatalf("REGISTER after the restart answered %d", code)
	}
	if outs, event := notify(t, again, phone); len(outs) != 1 || outs[0].Code != 200 || event == "" {
		t.Errorf("NOTIFY after the restart: %+v, event %q", outs, event)
	}
}

// TestChangeNoticesDropCachedAccounts registers, then publishes notices
// as another node's use cases would: a device notice drops that device's
// account, a site notice every account, so the next REGISTER looks the
// account up again.
func TestChangeNoticesDropCachedAccounts(t *testing.T) {
	b := bus.NewLocal()
	n := startNode(t, openStore(t), b, "a")
	if _, code := n.register(t, password); code != 200 {
		t.Fatalf("REGISTER answered %d", code)
	}
	cached := n.acc.count()
	if n.register(t, password); n.acc.count() != cached {
		t.Fatalf("a second REGISTER looked the cached account up again")
	}
	for _, notice := range [][2]string{{switchboard.TopicDevice, device.ID}, {switchboard.TopicSite, "sit_1"}, {switchboard.TopicCustomer, switchboard.All}} {
		before := n.acc.count()
		if err := b.Publish(context.Background(), notice[0], notice[1]); err != nil {
			t.Fatal(err)
		}
		eventually(t, "account looked up again after a "+notice[0]+" notice", func() bool {
			n.register(t, password)
			return n.acc.count() > before
		})
	}
}

// TestSecurityEventsAreRecorded fails a REGISTER: the event log holds the
// failure once the node stops (the last batch is written then).
func TestSecurityEventsAreRecorded(t *testing.T) {
	store := openStore(t)
	n := startNode(t, store, bus.NewLocal(), "a")
	if _, code := n.register(t, "wrong"); code != 401 {
		t.Fatalf("REGISTER with a wrong password answered %d, want 401", code)
	}
	n.stop()
	var evs []*switchboard.Event
	err := store.View(context.Background(), func(tx switchboard.Tx) error {
		var err error
		evs, _, err = tx.Events(switchboard.EventFilter{Kind: string(switchboard.EventSecurity)}, switchboard.Page{Limit: 10})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Action != "sip.auth_failed" || evs[0].Object != user || evs[0].IP != "127.0.0.1" || evs[0].Actor != "sip" {
		t.Errorf("security events %+v, want one sip.auth_failed of %s from 127.0.0.1", evs, user)
	}
}
