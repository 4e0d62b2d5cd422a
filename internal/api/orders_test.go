package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/notify/sms/smstest"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp/smtptest"
)

const mailFrom = "noreply@switchboard.example"

// dispatcher delivers the store's outbox with quick retries.
func dispatcher(t *testing.T, st switchboard.Store, senders map[switchboard.Channel]notify.Sender, now func() time.Time) *notify.Dispatcher {
	t.Helper()
	ob, ok := st.(switchboard.Outbox)
	if !ok {
		t.Fatalf("%T keeps no outbox", st)
	}
	d, err := notify.New(notify.Config{Outbox: ob, Senders: senders, BaseDelay: time.Millisecond,
		MaxDelay: 5 * time.Millisecond, SendTimeout: 5 * time.Second, Now: now, BatchSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// drain runs the dispatcher until no message is pending any more.
func drain(t *testing.T, st switchboard.Store, d *notify.Dispatcher) {
	t.Helper()
	for range 200 {
		if _, err := d.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		var pending []*switchboard.Message
		if err := st.View(context.Background(), func(tx switchboard.Tx) error {
			var err error
			pending, _, err = tx.Messages(switchboard.MessageFilter{State: switchboard.MessagePending}, switchboard.Page{})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(pending) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("messages still pending after 200 rounds")
}

// processOrders runs the order worker once and checks it claimed want.
func (e *env) processOrders(want int) {
	e.t.Helper()
	n, err := e.svc.ProcessOrders(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	if n != want {
		e.t.Fatalf("order worker claimed %d orders, want %d", n, want)
	}
}

// TestWorkplaceOrderDeliversCredentials creates a workplace through the
// API, runs the order worker and the dispatcher, and checks what the user
// and the administrator receive: the welcome and confirmation by a real
// SMTP server, the initial password by an SMS gateway that fails twice and
// then delivers it exactly once; the password works, the workplace is
// active and the order done.
func TestWorkplaceOrderDeliversCredentials(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	body := workplaceBody(a.site, "lena.berg", "230", a.numbers[2])
	body["no_mobile"], body["mobile"], body["language"] = false, "+49 170 1234567", "en"
	wp := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/workplaces", a.admin, body).obj()
	if wp["state"] != "ordered" {
		t.Fatalf("new workplace is %v, want ordered", wp["state"])
	}
	var order map[string]any
	for _, o := range e.must(200, "GET", "/api/v1/customers/"+a.customer+"/orders", a.admin, nil).items() {
		if o["workplace"] == wp["id"] {
			order = o
		}
	}
	if order == nil || order["state"] != "open" || order["kind"] != "create_workplace" {
		t.Fatalf("order of the new workplace: %v", order)
	}

	e.processOrders(3) // the tenant's two workplaces and the new one
	got := e.must(200, "GET", "/api/v1/orders/"+order["id"].(string), a.admin, nil).obj()
	if got["state"] != "done" || got["error"] != nil {
		t.Errorf("order after the worker ran: %v", got)
	}
	if st := e.must(200, "GET", "/api/v1/workplaces/"+wp["id"].(string), a.admin, nil).str("state"); st != "active" {
		t.Errorf("workplace after the worker ran is %s, want active", st)
	}
	e.processOrders(0)

	srv := smtptest.New(t, smtptest.Options{})
	gw := smstest.New(t)
	gw.FailNext(503, 502)
	smsSender := smstest.Sender(t, gw.URL)
	d := dispatcher(t, e.store, map[switchboard.Channel]notify.Sender{
		switchboard.ChannelEmail: srv.Sender(t, mailFrom, "starttls=required"), switchboard.ChannelSMS: smsSender}, time.Now)
	drain(t, e.store, d)

	// Three workplaces: welcome to each user, confirmation to the admin for
	// each; the two without mobile get their password by e-mail.
	mails := srv.Mails()
	count := map[string]int{}
	for _, m := range mails {
		count[m.To[0]]++
		if !m.TLS || !m.Authenticated {
			t.Errorf("mail to %v went without TLS or auth", m.To)
		}
	}
	if count["lena.berg@example.com"] != 1 || count["admin@alpha.example"] != 3 ||
		count["alpha.one@example.com"] != 2 || count["alpha.two@example.com"] != 2 || len(mails) != 8 {
		t.Errorf("mails per recipient: %v", count)
	}
	for _, m := range mails {
		parts, err := m.Parts()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case m.To[0] == "lena.berg@example.com":
			if !strings.Contains(parts["text/plain"], "lena.berg") || !strings.Contains(parts["text/html"], "lena.berg") {
				t.Errorf("welcome mail lacks the username: %s", parts["text/plain"])
			}
		case m.To[0] == "admin@alpha.example" && strings.Contains(m.Subject(), "lena.berg"):
			if !strings.Contains(parts["text/plain"], order["id"].(string)) || !strings.Contains(parts["text/plain"], "carried out") {
				t.Errorf("confirmation does not name the done order: %s", parts["text/plain"])
			}
		}
	}

	delivered := gw.Delivered()
	if len(delivered) != 1 || delivered[0].To != "+491701234567" {
		t.Fatalf("SMS delivered: %+v, want exactly one to the user's mobile", delivered)
	}
	attempts := gw.Attempts()
	if len(attempts) != 3 {
		t.Errorf("gateway saw %d attempts, want 3 (two failures, then success)", len(attempts))
	}
	for _, at := range attempts {
		if at.IdempotencyKey != delivered[0].IdempotencyKey || at.HeaderKey != delivered[0].IdempotencyKey {
			t.Errorf("attempt with key %q/%q, want the same key %q on every attempt", at.IdempotencyKey, at.HeaderKey, delivered[0].IdempotencyKey)
		}
	}
	var w *switchboard.Workplace
	if err := e.store.View(context.Background(), func(tx switchboard.Tx) error {
		var err error
		w, err = tx.Workplace(wp["id"].(string))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	works := false
	for _, word := range strings.Fields(delivered[0].Text) {
		if len(word) == 12 && app.CheckPortalPassword(w, word) {
			works = true
			e.secrets = append(e.secrets, word)
		}
	}
	if !works {
		t.Errorf("the SMS carries no password that logs in: %q", delivered[0].Text)
	}
	if strings.Contains(w.PortalPasswordHash, delivered[0].Text) || !strings.HasPrefix(w.PortalPasswordHash, "$2") {
		t.Errorf("portal password is not stored as a bcrypt hash")
	}

	// The outbox through the API: bodies only for the operator.
	adminView := e.must(200, "GET", "/api/v1/customers/"+a.customer+"/messages", a.admin, nil)
	if n := len(adminView.items()); n != 9 {
		t.Errorf("admin sees %d messages, want 9", n)
	}
	for _, m := range adminView.items() {
		if text, _ := m["text"].(string); text != "" || m["html"] != nil || m["state"] != "sent" {
			t.Errorf("admin's view of a message: %v", m)
		}
	}
	opView := e.must(200, "GET", "/api/v1/customers/"+a.customer+"/messages?channel=sms", e.operator, nil).items()
	if len(opView) != 1 || !strings.Contains(opView[0]["text"].(string), "lena.berg") || opView[0]["attempts"] != 3.0 {
		t.Errorf("operator's view of the SMS: %v", opView)
	}
	e.must(403, "GET", "/api/v1/customers/"+a.customer+"/messages", a.user1, nil)
	e.must(403, "GET", "/api/v1/messages", a.admin, nil)
	if failed := e.must(200, "GET", "/api/v1/messages?state=failed", e.operator, nil).items(); len(failed) != 0 {
		t.Errorf("failed messages: %v", failed)
	}
}

// TestFailedMessagesVisibleToOperator lets the gateway refuse an SMS for
// good: the operator finds it among the failed messages with the reason.
func TestFailedMessagesVisibleToOperator(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	body := workplaceBody(a.site, "lena.berg", "230")
	body["no_mobile"], body["mobile"] = false, "+491701234567"
	e.must(201, "POST", "/api/v1/customers/"+a.customer+"/workplaces", a.admin, body)
	e.processOrders(3)
	gw := smstest.New(t)
	gw.FailNext(400)
	smsSender := smstest.Sender(t, gw.URL)
	d := dispatcher(t, e.store, map[switchboard.Channel]notify.Sender{switchboard.ChannelSMS: smsSender}, time.Now)
	if _, err := d.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	failed := e.must(200, "GET", "/api/v1/messages?state=failed", e.operator, nil).items()
	if len(failed) != 1 || failed[0]["to"] != "+491701234567" || !strings.Contains(failed[0]["last_error"].(string), "400") {
		t.Errorf("failed messages: %v", failed)
	}
	// Mail stays in the outbox without --smtp, readable by the operator.
	pending := e.must(200, "GET", "/api/v1/messages?state=pending&channel=email", e.operator, nil).items()
	if len(pending) != 8 {
		t.Errorf("%d e-mails pending, want 8", len(pending))
	}
}

// TestPackageMinimumTermThroughAPI books Premium, then tries to go down
// before and after 30 days with the service's clock: the early downgrade
// is refused with the date it becomes possible, the late one creates a
// change_package order.
func TestPackageMinimumTermThroughAPI(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	body := workplaceBody(a.site, "lena.berg", "230")
	body["package"] = "premium"
	id := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/workplaces", a.admin, body).str("id")
	e.processOrders(3)
	path := "/api/v1/workplaces/" + id

	e.now = e.now.Add(29 * 24 * time.Hour)
	r := e.must(409, "PATCH", path, a.admin, map[string]any{"package": "plus"})
	if !strings.Contains(string(r.raw), "2026-03-31") {
		t.Errorf("refusal does not say from when: %s", r.raw)
	}
	e.must(409, "PATCH", path, a.admin, map[string]any{"package": "none"})
	e.processOrders(0)

	e.now = e.now.Add(2 * 24 * time.Hour)
	w := e.must(200, "PATCH", path, a.admin, map[string]any{"package": "basic"}).obj()
	if w["package"] != "basic" || w["package_booked_at"] != "2026-04-01T10:00:00Z" {
		t.Errorf("after the downgrade: %v", w)
	}
	// Basic was just booked: the upgrade is fine, going back down is not.
	e.must(200, "PATCH", path, a.admin, map[string]any{"package": "plus"})
	r = e.must(409, "PATCH", path, a.admin, map[string]any{"package": "basic"})
	if !strings.Contains(string(r.raw), "2026-05-01") {
		t.Errorf("refusal after the upgrade: %s", r.raw)
	}
	e.processOrders(2)
	kinds := map[string]int{}
	for _, o := range e.must(200, "GET", "/api/v1/customers/"+a.customer+"/orders", a.admin, nil).items() {
		kinds[o["kind"].(string)+" "+o["state"].(string)]++
	}
	if kinds["change_package done"] != 2 || kinds["create_workplace done"] != 3 || len(kinds) != 2 {
		t.Errorf("orders: %v", kinds)
	}
}

// TestPasswordReset asks for new portal passwords without a token: the
// answer never tells whether the username exists, a username gets one new
// password per 15 minutes, and one address is stopped after ten requests.
func TestPasswordReset(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	e.processOrders(2)
	resets := func() []map[string]any {
		var out []map[string]any
		for _, m := range e.must(200, "GET", "/api/v1/customers/"+a.customer+"/messages", e.operator, nil).items() {
			if m["kind"] == switchboard.MessagePasswordReset {
				out = append(out, m)
			}
		}
		return out
	}
	before := e.snapshot()
	unknown := e.must(202, "POST", "/api/v1/password-reset", "", map[string]any{"username": "no.such.user"})
	if e.snapshot() != before {
		t.Error("a reset for an unknown username changed data")
	}
	known := e.must(202, "POST", "/api/v1/password-reset", "", map[string]any{"username": a.username1})
	if string(known.raw) != string(unknown.raw) {
		t.Errorf("answers differ: %q vs %q", known.raw, unknown.raw)
	}
	got := resets()
	if len(got) != 1 || got[0]["to"] != a.username1+"@example.com" || got[0]["channel"] != "email" {
		t.Fatalf("reset messages: %v", got)
	}
	e.must(202, "POST", "/api/v1/password-reset", "", map[string]any{"username": a.username1})
	if n := len(resets()); n != 1 {
		t.Errorf("a second reset within 15 minutes sent %d messages in all, want 1", n)
	}
	for range 7 {
		e.must(202, "POST", "/api/v1/password-reset", "", map[string]any{"username": "someone.else"})
	}
	e.must(429, "POST", "/api/v1/password-reset", "", map[string]any{"username": a.username2})
	if n := len(resets()); n != 1 {
		t.Errorf("%d reset messages after the limit, want 1", n)
	}
	e.now = e.now.Add(16 * time.Minute)
	e.must(202, "POST", "/api/v1/password-reset", "", map[string]any{"username": a.username1})
	if n := len(resets()); n != 2 {
		t.Errorf("%d reset messages 16 minutes later, want 2", n)
	}
}

// TestDeleteWorkplaceOrderAndRegistrations deletes a workplace whose desk
// phone is registered: its numbers are free, the phone gets a new access
// key and SIP password and is told to reboot, and a delete order is
// confirmed.
func TestDeleteWorkplaceOrderAndRegistrations(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	e.processOrders(2)
	e.sip.SetOnline(a.dev1, switchboard.DeviceStatus{State: switchboard.StateOnline})
	oldPass := e.must(200, "GET", "/api/v1/devices/"+a.dev1+"/sip-account", a.admin, nil).str("password")
	oldURL := e.must(200, "GET", "/api/v1/devices/"+a.dev1, a.admin, nil).str("provisioning_url")
	e.must(204, "DELETE", "/api/v1/workplaces/"+a.wp1, a.admin, nil)
	newPass := e.must(200, "GET", "/api/v1/devices/"+a.dev1+"/sip-account", a.admin, nil).str("password")
	newURL := e.must(200, "GET", "/api/v1/devices/"+a.dev1, a.admin, nil).str("provisioning_url")
	e.secrets = append(e.secrets, oldPass, newPass, oldURL, newURL)
	if newURL == oldURL || newURL == "" {
		t.Error("the unlinked phone kept the deleted workplace's access key")
	}
	if newPass == oldPass || newPass == "" {
		t.Error("the unlinked phone kept the deleted line's SIP password")
	}
	if notified := e.sip.Notified(); len(notified) != 1 || notified[0] != a.dev1+" reboot=true" {
		t.Errorf("NOTIFYs: %v, want a reboot of the unlinked phone", notified)
	}
	free := e.must(200, "GET", "/api/v1/customers/"+a.customer+"/numbers?free=true", a.admin, nil).items()
	if len(free) != 3 {
		t.Errorf("%d free numbers after the deletion, want 3", len(free))
	}
	e.processOrders(1)
	var del map[string]any
	for _, o := range e.must(200, "GET", "/api/v1/customers/"+a.customer+"/orders", a.admin, nil).items() {
		if o["kind"] == "delete_workplace" {
			del = o
		}
	}
	if del == nil || del["state"] != "done" || del["workplace"] != a.wp1 {
		t.Errorf("delete order: %v", del)
	}
}

// TestMessagesInSiteLanguage orders a workplace without a language of its
// own at a French site: the welcome comes in French, the password (which
// has no French text) in English, and one with its own language keeps it.
func TestMessagesInSiteLanguage(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	site := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/sites", a.admin, map[string]any{"name": "Paris", "language": "fr"}).str("id")
	e.must(201, "POST", "/api/v1/customers/"+a.customer+"/workplaces", a.admin, workplaceBody(site, "claire.dubois", "240"))
	own := workplaceBody(site, "hans.meier", "241")
	own["language"] = "de"
	e.must(201, "POST", "/api/v1/customers/"+a.customer+"/workplaces", a.admin, own)
	e.processOrders(4)
	subjects := map[string]string{}
	for _, m := range e.must(200, "GET", "/api/v1/customers/"+a.customer+"/messages", a.admin, nil).items() {
		subjects[m["kind"].(string)+" "+m["to"].(string)] = m["subject"].(string)
	}
	for key, want := range map[string]string{
		"welcome claire.dubois@example.com":          "Bienvenue",
		"initial_password claire.dubois@example.com": "Your password",
		"welcome hans.meier@example.com":             "Willkommen",
	} {
		if !strings.HasPrefix(subjects[key], want) {
			t.Errorf("%s: subject %q, want it to start with %q", key, subjects[key], want)
		}
	}
}

// TestOrderFailsWithReason deletes a workplace before its order was
// carried out: the order ends failed with a reason the administrator can
// read, and no credentials go out for it.
func TestOrderFailsWithReason(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	id := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/workplaces", a.admin, workplaceBody(a.site, "lena.berg", "230")).str("id")
	e.must(204, "DELETE", "/api/v1/workplaces/"+id, a.admin, nil)
	e.processOrders(4)
	var create map[string]any
	for _, o := range e.must(200, "GET", "/api/v1/customers/"+a.customer+"/orders", a.admin, nil).items() {
		if o["workplace"] == id && o["kind"] == "create_workplace" {
			create = o
		}
	}
	if create == nil || create["state"] != "failed" || !strings.Contains(fmt.Sprint(create["error"]), "deleted") {
		t.Errorf("order of the deleted workplace: %v", create)
	}
	for _, m := range e.must(200, "GET", "/api/v1/customers/"+a.customer+"/messages", a.admin, nil).items() {
		if m["to"] == "lena.berg@example.com" {
			t.Errorf("a %s message went to the user of a workplace that was never set up", m["kind"])
		}
	}
}
