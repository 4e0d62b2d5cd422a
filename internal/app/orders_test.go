package app_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestWorkplaceOrder follows a workplace from its order to its activation:
// ordered with its numbers taken at once, then made active by the worker,
// which writes the welcome, the initial password (by SMS with a mobile
// number, else by e-mail) and the administrators' confirmation.
func TestWorkplaceOrder(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name       string
		edit       func(*app.WorkplaceInput)
		channel    switchboard.Channel
		passwordTo string
	}{
		{"mobile", func(in *app.WorkplaceInput) { in.NoMobile, in.Mobile = false, "+49 170 1234567" }, switchboard.ChannelSMS, "+491701234567"},
		{"no mobile", nil, switchboard.ChannelEmail, "lena.berg@example.com"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, tn := bareAcme(t)
			w, err := e.svc.CreateWorkplace(e.ctx, tn.admin, tn.cust.ID, workplaceInput(tn, "lena.berg", "230", func(in *app.WorkplaceInput) {
				in.Numbers = []string{"+49 30 1 00000 3"}
				if c.edit != nil {
					c.edit(in)
				}
			}))
			e.must(err)
			if w.State != switchboard.WorkplaceOrdered || !slices.Equal(w.Numbers, tn.numbers[3:]) {
				t.Fatalf("new workplace: state %s, numbers %v", w.State, w.Numbers)
			}
			free, _, err := e.svc.Numbers(e.ctx, tn.admin, tn.cust.ID, true, switchboard.Page{})
			e.must(err)
			for _, n := range free {
				if n.E164 == tn.numbers[3] {
					t.Error("the ordered workplace's number is still free")
				}
			}
			o := e.orders(tn.cust.ID)[0]
			if o.Kind != app.OrderCreateWorkplace || o.State != switchboard.OrderOpen || o.WorkplaceID != w.ID ||
				!slices.Equal(o.Items, []string{"workplace lena.berg", "extension 230", "number " + tn.numbers[3], "package basic"}) {
				t.Fatalf("order of the new workplace: %+v", o)
			}
			if n := len(e.messages(tn.cust.ID)); n != 0 {
				t.Fatalf("%d messages written before the order was carried out", n)
			}

			if n := e.processOrders(); n != 1 {
				t.Fatalf("worker claimed %d orders, want 1", n)
			}
			got, err := e.svc.Order(e.ctx, tn.admin, o.ID)
			e.must(err)
			if got.State != switchboard.OrderDone || got.Error != "" {
				t.Errorf("order after the worker: %s %q", got.State, got.Error)
			}
			stored := e.storedWorkplace(w.ID)
			if stored.State != switchboard.WorkplaceActive {
				t.Errorf("workplace after the worker: %s", stored.State)
			}
			kinds := map[string]*switchboard.Message{}
			for _, m := range e.messages(tn.cust.ID) {
				kinds[m.Kind] = m
			}
			if len(kinds) != 3 || kinds[switchboard.MessageWelcome].To != "lena.berg@example.com" ||
				kinds[switchboard.MessageOrderConfirmation].To != "admin@acme.example" || len(kinds) != len(e.messages(tn.cust.ID)) {
				t.Fatalf("messages of the order: %v", kinds)
			}
			pw := kinds[switchboard.MessageInitialPassword]
			if pw.Channel != c.channel || pw.To != c.passwordTo || pw.State != switchboard.MessagePending {
				t.Errorf("initial password: %s to %s (%s), want %s to %s", pw.Channel, pw.To, pw.State, c.channel, c.passwordTo)
			}
			if !carriesPortalPassword(stored, pw.Text) {
				t.Errorf("the initial password message carries no password that logs in: %q", pw.Text)
			}
			if !strings.Contains(kinds[switchboard.MessageOrderConfirmation].Text, o.ID) {
				t.Errorf("confirmation does not name the order")
			}
			e.wantAudit("workplace.create "+w.ID, "order.done "+o.ID)
			select {
			case <-e.wakes:
			default:
				t.Error("the dispatcher was not woken for the new messages")
			}
			if n := e.processOrders(); n != 0 {
				t.Errorf("a done order was claimed again (%d)", n)
			}
		})
	}
}

// carriesPortalPassword reports whether a word of text is w's portal
// password.
func carriesPortalPassword(w *switchboard.Workplace, text string) bool {
	for _, word := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\n' || r == ':' }) {
		if len(word) == 12 && app.CheckPortalPassword(w, word) {
			return true
		}
	}
	return false
}

// TestRunOrdersWakesAndStops runs the order worker with an hour between
// polls: a new workplace is activated at once because the use case wakes
// the worker, and the worker returns when its context ends.
func TestRunOrdersWakesAndStops(t *testing.T) {
	e, tn := bareAcme(t)
	done := make(chan error, 1)
	ctx, stop := context.WithCancel(e.ctx)
	go func() { done <- e.svc.RunOrders(ctx, time.Hour, 0) }()
	time.Sleep(50 * time.Millisecond) // let the first, empty round pass
	w := e.workplace(tn, "anna.schmidt", "200", nil)
	select {
	case <-e.wakes:
	case <-time.After(10 * time.Second):
		t.Fatal("the worker did not carry out the order, or did not wake the dispatcher")
	}
	if st := e.storedWorkplace(w.ID).State; st != switchboard.WorkplaceActive {
		t.Errorf("workplace is %s, want active", st)
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

// TestOrderMessagesCommitWithTheOrder makes the outbox write fail while an
// order is carried out: the order, the workplace and the outbox stay as
// they were, and the order is taken again once its claim lapses.
func TestOrderMessagesCommitWithTheOrder(t *testing.T) {
	e, tn := bareAcme(t)
	w := e.workplace(tn, "acme.one", "201", nil)
	e.db.failOn("CreateMessage")
	if _, err := e.svc.ProcessOrders(e.ctx); !errors.Is(err, errInjected) {
		t.Fatalf("ProcessOrders with a failing outbox: %v", err)
	}
	for _, o := range e.orders(tn.cust.ID) {
		if o.State != switchboard.OrderProcessing {
			t.Errorf("order %s is %s after a failed round, want processing (claimed)", o.Kind, o.State)
		}
	}
	if st := e.storedWorkplace(w.ID).State; st != switchboard.WorkplaceOrdered {
		t.Errorf("workplace is %s although its order failed", st)
	}
	if ms := e.messages(tn.cust.ID); len(ms) != 0 {
		t.Errorf("%d messages written by a rolled-back order", len(ms))
	}

	e.db.failOn("")
	if n := e.processOrders(); n != 0 {
		t.Errorf("claimed orders were taken again before their lease ran out (%d)", n)
	}
	e.advance(3 * time.Minute)
	if n := e.processOrders(); n != 1 {
		t.Errorf("after the lease, %d orders taken again, want 1", n)
	}
	if st := e.storedWorkplace(w.ID).State; st != switchboard.WorkplaceActive {
		t.Errorf("workplace is %s after the retry", st)
	}
	if ms := e.messages(tn.cust.ID); len(ms) != 3 {
		t.Errorf("%d messages after the retry, want 3 (welcome, password, confirmation)", len(ms))
	}
}

// TestPackageMinimumTerm books packages and changes them with the clock
// moved on: upgrades at any time, downgrades and cancellations only 30 days
// after the booking. An allowed change writes a change_package order; a
// refused one writes nothing.
func TestPackageMinimumTerm(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		from, to switchboard.Package
		after    time.Duration
		want     string
	}{
		{switchboard.PackageBasic, switchboard.PackagePremium, 0, ""},
		{switchboard.PackageNone, switchboard.PackageBasic, 0, ""},
		{switchboard.PackagePremium, switchboard.PackagePlus, 29 * 24 * time.Hour, switchboard.ECONFLICT},
		{switchboard.PackagePlus, switchboard.PackageNone, 30*24*time.Hour - time.Second, switchboard.ECONFLICT},
		{switchboard.PackagePlus, switchboard.PackageNone, 30 * 24 * time.Hour, ""},
		{switchboard.PackagePremium, switchboard.PackageBasic, 45 * 24 * time.Hour, ""},
		{switchboard.PackageBasic, "gold", 0, switchboard.EINVALID},
	} {
		t.Run(string(c.from)+"-"+string(c.to), func(t *testing.T) {
			e, tn := bareAcme(t)
			w := e.workplace(tn, "lena.berg", "230", func(in *app.WorkplaceInput) { in.Package = c.from })
			e.advance(c.after)
			before, changedAt := e.snapshot(), e.clock()
			got, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, w.ID, app.WorkplacePatch{Package: &c.to})
			wantCode(t, "package change", err, c.want)
			if err != nil {
				if e.snapshot() != before {
					t.Error("a refused package change wrote something")
				}
				return
			}
			if got.Package != c.to || !got.PackageBookedAt.After(changedAt) {
				t.Errorf("after the change: package %s booked %v", got.Package, got.PackageBookedAt)
			}
			os := e.orders(tn.cust.ID)
			o := os[len(os)-1]
			if o.Kind != app.OrderChangePackage || o.State != switchboard.OrderOpen || !slices.Equal(o.Items, []string{"package " + string(c.from) + " → " + string(c.to)}) {
				t.Errorf("order of the change: %+v", o)
			}
		})
	}
}

// TestWorkplaceChangeOrders checks which changes write a change_workplace
// order and what it lists; the worker confirms each to the
// administrators.
func TestWorkplaceChangeOrders(t *testing.T) {
	e, tn := acme(t)
	str := func(s string) *string { return &s }
	nums := func(n ...string) *[]string { return &n }
	for _, c := range []struct {
		name  string
		patch app.WorkplacePatch
		items []string
	}{
		{"personal data", app.WorkplacePatch{FirstName: str("Erik"), City: str("Köln")}, nil},
		{"username", app.WorkplacePatch{Username: str("acme.first")}, []string{"username acme.first"}},
		{"extension", app.WorkplacePatch{Extension: str("301")}, []string{"extension 301"}},
		{"numbers", app.WorkplacePatch{Numbers: nums(tn.numbers[2], tn.numbers[3])}, []string{"number " + tn.numbers[2], "number " + tn.numbers[3]}},
		{"no numbers", app.WorkplacePatch{Numbers: nums()}, []string{"no numbers"}},
	} {
		n := len(e.orders(tn.cust.ID))
		if _, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp1.ID, c.patch); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		os := e.orders(tn.cust.ID)
		switch {
		case c.items == nil && len(os) != n:
			t.Errorf("%s: wrote an order: %+v", c.name, os[n:])
		case c.items != nil && (len(os) != n+1 || os[n].Kind != app.OrderChangeWorkplace || !slices.Equal(os[n].Items, c.items)):
			t.Errorf("%s: orders %+v, want one change_workplace with %v", c.name, os[n:], c.items)
		}
	}
	premium := switchboard.PackagePremium
	_, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp2.ID, app.WorkplacePatch{Package: &premium})
	e.must(err)
	if n := e.processOrders(); n != 7 {
		t.Errorf("worker claimed %d orders, want 7 (two workplaces, four changes, one package)", n)
	}
	confirmations := 0
	for _, m := range e.messages(tn.cust.ID) {
		if m.Kind == switchboard.MessageOrderConfirmation {
			confirmations++
		}
	}
	for _, o := range e.orders(tn.cust.ID) {
		if o.State != switchboard.OrderDone {
			t.Errorf("%s order is %s: %s", o.Kind, o.State, o.Error)
		}
	}
	if confirmations != 7 {
		t.Errorf("%d confirmations, want one per order", confirmations)
	}
	free, _, err := e.svc.Numbers(e.ctx, tn.admin, tn.cust.ID, true, switchboard.Page{})
	e.must(err)
	if len(free) != 4 {
		t.Errorf("%d free numbers after wp1 gave its numbers back, want all 4", len(free))
	}
}

// TestDeleteWorkplace deletes a workplace with a number, a registered desk
// phone with keys and a soft client: its number and extension are free
// again, the soft client is gone, the desk phone is unlinked with a new
// access key and SIP password (the old ones fail at once) and told to
// reboot, and a delete_workplace order confirms it.
func TestDeleteWorkplace(t *testing.T) {
	e, tn := acme(t)
	e.processOrders()
	soft := e.device(tn.cust.ID, tn.wp1.ID, app.DeviceInput{Model: "softclient-desktop"})
	_, err := e.svc.SetKeys(e.ctx, tn.admin, tn.desk1.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202"}})
	e.must(err)
	old, softAuth := e.stored(tn.desk1.ID), e.stored(soft.ID).SIP.AuthName
	e.sip.SetOnline(tn.desk1.ID, switchboard.DeviceStatus{})
	e.sip.Take()

	e.must(e.svc.DeleteWorkplace(e.ctx, tn.admin, tn.wp1.ID))

	w := e.storedWorkplace(tn.wp1.ID)
	if w.State != switchboard.WorkplaceDeleted || len(w.Numbers) != 0 {
		t.Errorf("deleted workplace: state %s, numbers %v", w.State, w.Numbers)
	}
	if _, err := e.svc.Device(e.ctx, tn.admin, soft.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Errorf("soft client after the deletion: %v", err)
	}
	d := e.stored(tn.desk1.ID)
	if d.WorkplaceID != "" || len(d.Keys) != 0 || d.AccessKey == old.AccessKey || d.SIP.Password == old.SIP.Password {
		t.Errorf("desk phone after the deletion: workplace %q, %d keys, key or SIP password unchanged", d.WorkplaceID, len(d.Keys))
	}
	if _, err := e.svc.ProvisioningByKey(e.ctx, old.AccessKey); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Errorf("the old access key still works: %v", err)
	}
	if _, err := e.svc.ProvisioningByKey(e.ctx, d.AccessKey); err != nil {
		t.Errorf("the new access key does not work: %v", err)
	}
	notified, invalidated := e.sip.Take()
	if !slices.Equal(notified, []string{tn.desk1.ID + " reboot=true"}) {
		t.Errorf("NOTIFYs: %v, want the desk phone told to reboot", notified)
	}
	if !slices.Contains(invalidated, old.SIP.AuthName) || !slices.Contains(invalidated, softAuth) {
		t.Errorf("registrar forgot %v, want both accounts", invalidated)
	}
	os := e.orders(tn.cust.ID)
	if o := os[len(os)-1]; o.Kind != app.OrderDeleteWorkplace || o.State != switchboard.OrderOpen {
		t.Errorf("last order: %+v", o)
	}
	e.processOrders()

	// The number and extension are free for a new workplace; the
	// workplace cannot be deleted or changed again.
	again := e.workplace(tn, "acme.three", "201", func(in *app.WorkplaceInput) { in.Numbers = tn.numbers[:1] })
	if !slices.Equal(again.Numbers, tn.numbers[:1]) {
		t.Errorf("new workplace with the released number: %v", again.Numbers)
	}
	wantCode(t, "delete again", e.svc.DeleteWorkplace(e.ctx, tn.admin, tn.wp1.ID), switchboard.ECONFLICT)
	name := "Erik"
	_, err = e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp1.ID, app.WorkplacePatch{FirstName: &name})
	wantCode(t, "change deleted workplace", err, switchboard.ECONFLICT)
	_, err = e.svc.LinkDevice(e.ctx, tn.admin, tn.desk1.ID, app.LinkInput{Workplace: tn.wp1.ID})
	wantCode(t, "link to deleted workplace", err, switchboard.ECONFLICT)
}

// TestOrderFailsWithReason deletes a workplace before its order is carried
// out: the create order fails with a reason the administrator can read,
// sends no welcome, and the deletion's own order is done.
func TestOrderFailsWithReason(t *testing.T) {
	e, tn := acme(t)
	e.must(e.svc.DeleteWorkplace(e.ctx, tn.admin, tn.wp1.ID))
	e.processOrders()
	states := map[string]*switchboard.Order{}
	for _, o := range e.orders(tn.cust.ID) {
		if o.WorkplaceID == tn.wp1.ID {
			states[o.Kind] = o
		}
	}
	create, del := states[app.OrderCreateWorkplace], states[app.OrderDeleteWorkplace]
	if create.State != switchboard.OrderFailed || !strings.Contains(create.Error, "deleted before it could be set up") {
		t.Errorf("create order: %s %q", create.State, create.Error)
	}
	if del.State != switchboard.OrderDone {
		t.Errorf("delete order: %s %q", del.State, del.Error)
	}
	for _, m := range e.messages(tn.cust.ID) {
		if m.To == tn.wp1.Email {
			t.Errorf("the deleted workplace's user got a %s message", m.Kind)
		}
	}
	e.wantAudit("order.failed " + create.ID)
}
