package app_test

import (
	"errors"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// accept answers a claim's file check: served, and spending the claim or not.
func accept(serve, spend bool) func(switchboard.Model) (bool, bool) {
	return func(switchboard.Model) (bool, bool) { return serve, spend }
}

// attempt presents d's initial login (password pw) from mac.
func attempt(d *switchboard.Device, pw, mac string, serve, spend bool) app.LoginAttempt {
	return app.LoginAttempt{Username: d.InitialLogin.Username, MAC: mac, IP: "198.51.100.7", Accept: accept(serve, spend),
		Verify: func(stored string) bool { return stored == pw }}
}

func TestClaimInitialLogin(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	d := e.stored(tn.desk1.ID)
	other := e.device(tn.cust.ID, "", app.DeviceInput{Model: "yealink-t54w", MAC: "001565000099"})
	pw := d.InitialLogin.Password
	code := func(err error) string { return switchboard.ErrorCode(err) }

	writes := e.db.writes()
	if _, err := e.svc.ClaimInitialLogin(e.ctx, attempt(d, "wrong", "001565aabbcc", true, true)); code(err) != switchboard.EUNAUTHORIZED {
		t.Errorf("wrong password: %v, want unauthorized", err)
	}
	if n := e.db.writes() - writes; n != 0 {
		t.Errorf("a wrong password began %d write transaction(s); guesses must not take the store's writer", n)
	}
	if _, err := e.svc.ClaimInitialLogin(e.ctx, attempt(d, pw, "001565aabbcc", false, false)); !errors.Is(err, app.ErrFileNotServed) {
		t.Errorf("file not served: %v", err)
	}
	if _, err := e.svc.ClaimInitialLogin(e.ctx, attempt(d, pw, other.MAC, true, true)); code(err) != switchboard.EFORBIDDEN {
		t.Errorf("MAC of another device: %v, want forbidden", err)
	}
	b, err := e.svc.ClaimInitialLogin(e.ctx, attempt(d, pw, "001565aabbcc", true, false))
	if err != nil || b.URL != tn.desk1.ProvisioningURL || !e.stored(d.ID).InitialLogin.UsedAt.IsZero() {
		t.Fatalf("a file before the one that spends: %+v, %v; used %v", b, err, e.stored(d.ID).InitialLogin.UsedAt)
	}
	if _, err := e.svc.ClaimInitialLogin(e.ctx, attempt(d, pw, "001565aabbcc", true, true)); err != nil {
		t.Fatal(err)
	}
	if got := e.stored(d.ID); got.MAC != "001565aabbcc" || got.InitialLogin.UsedByMAC != "001565aabbcc" || got.InitialLogin.UsedAt.IsZero() {
		t.Errorf("after the claim: MAC %q, used by %q at %v", got.MAC, got.InitialLogin.UsedByMAC, got.InitialLogin.UsedAt)
	}
	if _, err := e.svc.ClaimInitialLogin(e.ctx, attempt(d, pw, "001565aabbcc", true, true)); err != nil {
		t.Errorf("the same MAC again: %v", err)
	}
	if _, err := e.svc.ClaimInitialLogin(e.ctx, attempt(d, pw, "001565ddeeff", true, true)); code(err) != switchboard.EFORBIDDEN {
		t.Errorf("another MAC: %v, want forbidden", err)
	}
	evs, _, err := e.svc.Events(e.ctx, switchboard.System, switchboard.EventSecurity, switchboard.Page{})
	e.must(err)
	found := false
	for _, ev := range evs {
		found = found || ev.Object == d.ID && ev.Detail == "initial login reused by MAC 001565ddeeff, bound to 001565aabbcc"
	}
	if !found {
		t.Errorf("no security event for the reused login among %d", len(evs))
	}
}

func TestClaimMACProvisioning(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	const mac = "001565aabbcc"
	d := e.device(tn.cust.ID, tn.wp2.ID, app.DeviceInput{Model: "yealink-t46s", MAC: mac, MACProvisioning: switchboard.MACOnce})
	notFound := func(err error) bool { return switchboard.ErrorCode(err) == switchboard.ENOTFOUND }

	writes := e.db.writes()
	if _, err := e.svc.ClaimMACProvisioning(e.ctx, "001565ffffff", "", accept(true, true)); !notFound(err) {
		t.Errorf("unknown MAC: %v", err)
	}
	if _, err := e.svc.ClaimMACProvisioning(e.ctx, mac, "", accept(false, false)); !errors.Is(err, app.ErrFileNotServed) || e.stored(d.ID).MACProvisioning != switchboard.MACOnce {
		t.Errorf("file not served: %v, state %s", err, e.stored(d.ID).MACProvisioning)
	}
	if b, err := e.svc.ClaimMACProvisioning(e.ctx, mac, "", accept(true, false)); err != nil || b.URL != d.ProvisioningURL || e.stored(d.ID).MACProvisioning != switchboard.MACOnce {
		t.Errorf("a file before the one that spends: %+v, %v", b, err)
	}
	if n := e.db.writes() - writes; n != 0 {
		t.Errorf("an unknown MAC, a file not served and one that does not spend began %d write transaction(s), want none", n)
	}
	if b, err := e.svc.ClaimMACProvisioning(e.ctx, mac, "", accept(true, true)); err != nil || b.URL != d.ProvisioningURL || e.stored(d.ID).MACProvisioning != switchboard.MACDone {
		t.Errorf("claim: %+v, %v, state %s", b, err, e.stored(d.ID).MACProvisioning)
	}
	if _, err := e.svc.ClaimMACProvisioning(e.ctx, mac, "", accept(true, true)); !notFound(err) {
		t.Errorf("after done: %v", err)
	}
}
