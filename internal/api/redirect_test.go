package api_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/yealink/yealinktest"
)

// redirectModels adds models that name redirect services to the test
// catalogue.
var redirectModels = append(catalogue{
	{ID: "acme-rps", Vendor: "Acme", Name: "Acme R1", Kind: switchboard.KindDeskPhone, Lines: 1, URLForm: switchboard.URLFile, Redirect: "yealink-rps"},
	{ID: "acme-sraps", Vendor: "Acme", Name: "Acme S1", Kind: switchboard.KindDeskPhone, Lines: 1, URLForm: switchboard.URLFile, Redirect: "snom-sraps"},
	{ID: "acme-gdms", Vendor: "Acme", Name: "Acme G1", Kind: switchboard.KindDeskPhone, Lines: 1, URLForm: switchboard.URLFile, Redirect: "grandstream-gdms"},
}, testModels...)

const rpsSecret = "rps-secret-of-ours"

// ztpURL is where registered MACs must point.
const ztpURL = provURL + "/ztp/"

// redirectRig is an API with an operator account at a fake Yealink RPS on
// loopback and a dispatcher of redirect calls the test runs by hand.
type redirectRig struct {
	*env
	fake    *yealinktest.Fake
	account string
	tn      tenant
	d       *notify.Dispatcher
}

func newRedirectRig(t *testing.T) *redirectRig {
	t.Helper()
	r := &redirectRig{env: newEnvWith(t, redirectModels), fake: yealinktest.New(rpsSecret)}
	r.account = r.rpsAccount("/api/v1/redirect-accounts", r.fake)
	r.tn = r.makeTenant("alpha", "+4930111")
	r.restart()
	return r
}

// rpsAccount connects an account at fake, served on loopback, through the
// collection path.
func (r *redirectRig) rpsAccount(path string, fake *yealinktest.Fake) string {
	srv := httptest.NewServer(fake)
	r.t.Cleanup(srv.Close)
	r.secrets = append(r.secrets, rpsSecret)
	return r.must(201, "POST", path, r.operator, map[string]any{"service": "yealink", "name": "Operator RPS", "url": srv.URL,
		"credentials": map[string]string{"access_key_id": redirecttest.Ours, "access_key_secret": rpsSecret}}).str("id")
}

// restart builds a new dispatcher of redirect calls, as a restarted
// server does.
func (r *redirectRig) restart() {
	d, err := notify.New(notify.Config{Outbox: r.store.(switchboard.Outbox), Now: func() time.Time { return r.now },
		Senders: map[switchboard.Channel]notify.Sender{
			switchboard.ChannelRedirect: r.svc.RedirectSender(app.RedirectSenderOptions{Rand: func() float64 { return 0 }})},
		MaxAttempts: app.DefaultRedirectAttempts + 1})
	if err != nil {
		r.t.Fatal(err)
	}
	r.d = d
}

// deliver runs the dispatcher until nothing is due, a bounded number of
// rounds.
func (r *redirectRig) deliver() {
	r.t.Helper()
	for range 10 {
		n, err := r.d.RunOnce(context.Background())
		if err != nil {
			r.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		r.tick(time.Millisecond)
	}
	r.t.Fatal("redirect calls still due after 10 rounds")
}

func (r *redirectRig) tick(d time.Duration) { r.now = r.now.Add(d) }

// device creates a device of model with mac set to "once" as the
// tenant's administrator.
func (r *redirectRig) device(model, mac string) string {
	r.t.Helper()
	r.tick(time.Second)
	return r.must(201, "POST", "/api/v1/customers/"+r.tn.customer+"/devices", r.tn.admin,
		map[string]any{"model": model, "mac": mac, "mac_provisioning": "once"}).str("id")
}

// status returns the device's redirect status as the API shows it.
func (r *redirectRig) status(id string) map[string]any {
	r.t.Helper()
	st, _ := r.must(200, "GET", "/api/v1/devices/"+id, r.tn.admin, nil).obj()["redirect"].(map[string]any)
	return st
}

// wantStatus checks the device's redirect state and that its message says
// each of words.
func (r *redirectRig) wantStatus(id, state string, words ...string) map[string]any {
	r.t.Helper()
	st := r.status(id)
	if st["state"] != state {
		r.t.Fatalf("device redirect status %v, want state %s", st, state)
	}
	msg, _ := st["message"].(string)
	for _, w := range words {
		if !strings.Contains(msg, w) {
			r.t.Errorf("redirect message %q does not say %q", msg, w)
		}
	}
	return st
}

// wantHeld checks where the fake sends mac: to our /ztp/ URL, or nowhere.
func wantHeld(t *testing.T, fake *yealinktest.Fake, mac redirect.MAC, held bool) {
	t.Helper()
	e, ok := fake.Get(mac)
	switch {
	case held && (!ok || e.Owner != redirecttest.Ours || e.URL != ztpURL):
		t.Errorf("service holds %s as %+v (%v), want ours pointing at %s", mac, e, ok, ztpURL)
	case !held && ok:
		t.Errorf("service still holds %s: %+v", mac, e)
	}
}

// TestRedirectLifecycle follows a device from creation with a MAC set to
// "once" through a MAC change to its deletion: the service registers the
// MAC at /ztp/, moves to the new MAC and forgets it, and the device says
// so in plain words.
func TestRedirectLifecycle(t *testing.T) {
	r := newRedirectRig(t)
	id := r.device("acme-rps", "00:15:65:00:00:01")
	r.wantStatus(id, "pending", "Registration of MAC 00:15:65:00:00:01 at Yealink RPS", "queued")
	r.deliver()
	wantHeld(t, r.fake, "001565000001", true)
	r.wantStatus(id, "registered", "Registered at Yealink RPS", `"Operator RPS"`, ztpURL)

	check := r.must(200, "GET", "/api/v1/devices/"+id+"/redirect", r.tn.admin, nil)
	if check.str("state") != "ours" || check.str("service") != "Yealink RPS" {
		t.Errorf("check answered %s, want the MAC ours at Yealink RPS", check.raw)
	}

	r.tick(time.Second)
	r.must(200, "PATCH", "/api/v1/devices/"+id, r.tn.admin, map[string]any{"mac": "001565000002"})
	r.deliver()
	wantHeld(t, r.fake, "001565000001", false)
	wantHeld(t, r.fake, "001565000002", true)
	r.wantStatus(id, "registered", "Registered at Yealink RPS")

	r.tick(time.Second)
	r.must(204, "DELETE", "/api/v1/devices/"+id, r.tn.admin, nil)
	r.deliver()
	wantHeld(t, r.fake, "001565000002", false)
}

// TestRedirectOwnedElsewhere checks that a MAC another account holds is
// reported on the device in words and not tried again.
func TestRedirectOwnedElsewhere(t *testing.T) {
	r := newRedirectRig(t)
	r.fake.Put("001565000003", redirecttest.Entry{Owner: redirecttest.Other, URL: "https://elsewhere.example/"})
	id := r.device("acme-rps", "001565000003")
	r.deliver()
	r.wantStatus(id, "failed", "registered to another Yealink RPS account", "release it")
	calls := r.fake.Requests()
	r.tick(3 * time.Hour)
	r.deliver()
	if n := r.fake.Requests(); n != calls {
		t.Errorf("the refused registration was sent again (%d requests, then %d)", calls, n)
	}
}

// TestRedirectRetries checks that a service failing for a while is asked
// again after the back-off, no sooner than its Retry-After, and that the
// device says when.
func TestRedirectRetries(t *testing.T) {
	r := newRedirectRig(t)
	r.fake.Inject(redirecttest.Fault{Status: 503})
	r.fake.Inject(redirecttest.Fault{Status: 429, RetryAfter: "120"})
	id := r.device("acme-rps", "001565000004")
	r.deliver()
	st := r.wantStatus(id, "pending", "Waiting", "could not be reached", "Next attempt at")
	next, _ := time.Parse(time.RFC3339, st["next_attempt_at"].(string))
	if want := r.now.Add(app.DefaultRedirectBaseDelay); next.Sub(want).Abs() > time.Second {
		t.Errorf("next attempt at %s, want about %s (the base delay)", next, want)
	}
	for _, step := range []struct {
		wait  time.Duration
		calls int
	}{{29 * time.Second, 0}, {2 * time.Second, 1}, {61 * time.Second, 0}, {60 * time.Second, 1}} {
		before := r.fake.Requests()
		r.tick(step.wait)
		r.deliver()
		if got := r.fake.Requests() - before; (got > 0) != (step.calls > 0) {
			t.Fatalf("after %s more: %d requests, want some: %v", step.wait, got, step.calls > 0)
		}
	}
	wantHeld(t, r.fake, "001565000004", true)
	r.wantStatus(id, "registered")
}

// TestRedirectSurvivesRestart checks that calls queued while no dispatcher
// runs, and a call cut off by a shutdown, are made by the next dispatcher.
func TestRedirectSurvivesRestart(t *testing.T) {
	r := newRedirectRig(t)
	id := r.device("acme-rps", "001565000005")
	r.restart()
	r.deliver()
	wantHeld(t, r.fake, "001565000005", true)

	r.fake.Inject(redirecttest.Fault{Stall: true})
	r.tick(time.Second)
	r.must(200, "PATCH", "/api/v1/devices/"+id, r.tn.admin, map[string]any{"mac": "001565000006"})
	ctx, cancel := context.WithCancel(context.Background())
	requests := r.fake.Requests()
	go func() {
		for deadline := time.Now().Add(5 * time.Second); r.fake.Requests() == requests && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	if _, err := r.d.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	r.restart()
	r.deliver()
	wantHeld(t, r.fake, "001565000005", false)
	wantHeld(t, r.fake, "001565000006", true)
	r.wantStatus(id, "registered")
}

// TestRedirectWithoutService checks what devices say when nothing can be
// registered: no account for the model's service, a missing label code,
// a model without a redirect service.
func TestRedirectWithoutService(t *testing.T) {
	r := newRedirectRig(t)
	for i, c := range []struct{ model, state, words string }{
		{"acme-sraps", "unavailable", "No redirect service account for Snom SRAPS"},
		{"acme-gdms", "unavailable", "needs the serial number from the device label: set label_code"},
		{"acme-d100", "unavailable", "has no redirect service"},
	} {
		r.wantStatus(r.device(c.model, fmt.Sprintf("0015650001%02d", i)), c.state, c.words)
	}
	if n := r.fake.Requests(); n != 0 {
		t.Errorf("the service got %d requests for devices it does not serve", n)
	}
}

// TestRedirectAccounts checks the accounts' rules: credentials are never
// shown, only the operator points an account at another URL, a customer's
// own account is preferred for its devices, a second account for one
// service is refused, and deletion waits for queued calls.
func TestRedirectAccounts(t *testing.T) {
	r := newRedirectRig(t)
	got := r.must(200, "GET", "/api/v1/redirect-accounts/"+r.account, r.operator, nil)
	if strings.Contains(string(got.raw), rpsSecret) || !strings.Contains(string(got.raw), "access_key_secret") {
		t.Errorf("account answer %s: want the credentials' names without their values", got.raw)
	}
	own := "/api/v1/customers/" + r.tn.customer + "/redirect-accounts"
	body := map[string]any{"service": "yealink", "name": "Alpha's own", "url": "http://127.0.0.1:9/",
		"credentials": map[string]string{"access_key_id": redirecttest.Ours, "access_key_secret": rpsSecret}}
	r.must(403, "POST", own, r.tn.admin, body)
	r.must(422, "POST", own, r.tn.admin, map[string]any{"service": "yealink", "name": "x", "credentials": map[string]string{"access_key_id": "k"}})
	r.must(422, "POST", own, r.tn.admin, map[string]any{"service": "nokia", "name": "x", "credentials": map[string]string{}})
	r.must(403, "GET", "/api/v1/redirect-accounts", r.tn.admin, nil)
	r.must(404, "GET", "/api/v1/redirect-accounts/"+r.account, r.tn.admin, nil)

	theirs := yealinktest.New(rpsSecret)
	acc := r.rpsAccount(own, theirs)
	r.must(409, "POST", own, r.operator, body)
	if items := r.must(200, "GET", own, r.tn.admin, nil).items(); len(items) != 1 || items[0]["id"] != acc {
		t.Errorf("customer's accounts %v, want only %s", items, acc)
	}
	r.must(200, "GET", own+"/"+acc, r.tn.admin, nil)
	r.must(200, "PATCH", own+"/"+acc, r.tn.admin, map[string]any{"name": "Alpha RPS"})

	r.fake.Inject(redirecttest.Fault{Status: 503})
	theirs.Inject(redirecttest.Fault{Status: 503})
	id := r.device("acme-rps", "001565000007")
	r.deliver()
	r.wantStatus(id, "pending", "Waiting")
	r.must(409, "DELETE", own+"/"+acc, r.tn.admin, nil)
	r.tick(time.Minute)
	r.deliver()
	wantHeld(t, theirs, "001565000007", true)
	wantHeld(t, r.fake, "001565000007", false)
	r.wantStatus(id, "registered", `"Alpha RPS"`)
	r.must(204, "DELETE", own+"/"+acc, r.tn.admin, nil)
	r.must(404, "GET", own+"/"+acc, r.tn.admin, nil)
}
