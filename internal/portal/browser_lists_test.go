package portal_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// liveWithin runs change while the page is open and fails unless the
// page shows, within a second of the notice on the bus about it and
// without a reload, the element shown returns for the notice's id ("" for
// a notice the page does not show).
func (e *env) liveWithin(t *testing.T, ctx context.Context, what, topic string, change func() error, shown func(id string) string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`[data-live="open"]`)),
		into(new(bool), chromedp.Evaluate[bool](`window.notReloaded = true`)),
	)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	notices, stop := e.bus.Subscribe(topic)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- change() }()
	sel, deadline := "", time.After(30*time.Second)
	for sel == "" {
		select {
		case id := <-notices:
			sel = shown(id)
		case <-deadline:
			t.Fatalf("%s: no notice on %s", what, topic)
		}
	}
	at := time.Now()
	var kept bool
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		into(&kept, chromedp.Evaluate[bool](`window.notReloaded === true`)),
	)
	took := time.Since(at)
	if err == nil {
		err = <-done
	}
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	t.Logf("%s shown %v after its notice", what, took)
	if !kept || took > time.Second {
		t.Errorf("%s: shown after %v (page kept: %v), want within a second without a reload", what, took, kept)
	}
}

// failingMail is an outbox dispatcher whose mail server refuses every
// mail for good.
func (e *env) failingMail(outbox switchboard.Outbox, changes switchboard.Bus) *notify.Dispatcher {
	e.t.Helper()
	refuse := notify.SenderFunc(func(context.Context, *switchboard.Message) error {
		return notify.Permanent(errors.New("550 no such mailbox"))
	})
	d, err := notify.New(notify.Config{Outbox: outbox, Changes: changes, MaxAttempts: 1,
		Senders: map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: refuse}})
	e.must(err)
	return d
}

// TestBrowserLiveLists: an administrator has the orders page open when
// the order worker finishes the orders, then the outbox when a mail fails
// for good: both show the new state within a second without a reload,
// and the failed mail's resend button works.
func TestBrowserLiveLists(t *testing.T) {
	ctx := newChrome(t, 1024)
	dir := screenshotDir(t)
	e := newEnv(t, portal.Options{})
	cust := e.acme.cust.ID
	orders, _, err := e.svc.Orders(e.ctx, switchboard.System, cust, switchboard.Page{})
	e.must(err)
	e.must(chromedp.Do(ctx, logIn(e.srv.URL, e.acme.admin), chromedp.Navigate(e.srv.URL+"/customers/"+cust+"/orders")))
	var order string
	e.liveWithin(t, ctx, "finished order", switchboard.TopicOrderFinished, func() error {
		_, err := e.svc.ProcessOrders(e.ctx)
		return err
	}, func(id string) string {
		for _, o := range orders {
			if o.ID == id {
				order = id
				return `[data-live-order="` + id + `"]:not(.state-open)`
			}
		}
		return ""
	})
	var state string
	e.must(chromedp.Do(ctx, into(&state, chromedp.Text(chromedp.CSS(`[data-live-order="`+order+`"]`))), shoot(dir, "orders-live")))
	if o, err := e.svc.Order(e.ctx, switchboard.System, order); err != nil || !strings.Contains(state, string(o.State)) {
		t.Errorf("order shown %q, stored %v (%v)", state, o, err)
	}

	m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelEmail, "anna@acme.example", "en", time.Now())
	m.CustomerID, m.Subject, m.Text = cust, "Your password", "secret"
	m.Key = switchboard.NewMessageKey()
	e.must(e.db.Update(e.ctx, func(tx switchboard.Tx) error { return tx.CreateMessage(m) }))
	d := e.failingMail(e.db.(switchboard.Outbox), e.bus)
	e.must(chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/customers/"+cust+"/outbox")))
	e.liveWithin(t, ctx, "failed message", switchboard.TopicMessageFailed, func() error {
		_, err := d.RunOnce(e.ctx)
		return err
	}, func(id string) string {
		if id != m.ID {
			return ""
		}
		return `#msg-` + m.ID + ` .state-failed`
	})
	var notice string
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`#msg-`+m.ID+` form.resend button`)), shoot(dir, "outbox-live"),
		chromedp.Click(chromedp.CSS(`#msg-`+m.ID+` form.resend button`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
		into(&notice, chromedp.Text(chromedp.CSS("p.notice"))),
	)
	e.must(err)
	if !strings.Contains(notice, "sent again") {
		t.Errorf("after the resend: %q", notice)
	}
}

// TestBrowserFleetLive: the fleet page, open while a phone registers,
// counts it online within a second, without a reload.
func TestBrowserFleetLive(t *testing.T) {
	ctx := newChrome(t, 1024)
	e := newEnv(t, portal.Options{})
	e.must(chromedp.Do(ctx, logIn(e.srv.URL, e.acme.admin), chromedp.Navigate(e.srv.URL+"/customers/"+e.acme.cust.ID+"/fleet")))
	dev := e.acme.desk1.ID
	var before chromedp.AttributeResult
	e.must(chromedp.Do(ctx, into(&before, chromedp.AttributeValue(chromedp.CSS("#online-share"), "data-count"))))
	n, err := strconv.Atoi(before.Value)
	if err != nil {
		t.Fatalf("online figure %q: %v", before.Value, err)
	}
	e.liveWithin(t, ctx, "fleet change", switchboard.TopicDeviceStatus, func() error {
		e.sip.SetOnline(dev, switchboard.DeviceStatus{IP: "192.0.2.10", UserAgent: "Yealink SIP-T54W 96.86.0.100"})
		return e.bus.Publish(e.ctx, switchboard.TopicDeviceStatus, dev)
	}, func(string) string { return fmt.Sprintf(`#online-share[data-count="%d"]`, n+1) })
}
