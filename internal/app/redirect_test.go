package app_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// redirectCalls returns the redirect calls in a customer's outbox, in the
// order they are delivered (of their creation), as "kind mac code".
func (e *env) redirectCalls(customerID string) []string {
	e.t.Helper()
	var out []string
	ms := e.messages(customerID)
	slices.SortStableFunc(ms, func(a, b *switchboard.Message) int { return a.CreatedAt.Compare(b.CreatedAt) })
	for _, m := range ms {
		if m.Channel != switchboard.ChannelRedirect {
			continue
		}
		var c switchboard.RedirectCall
		e.must(json.Unmarshal([]byte(m.Text), &c))
		if c.DeviceID != m.To || c.AccountID != m.Subject {
			e.t.Errorf("call %s: device %s and account %s in the body, %s and %s outside", m.ID, c.DeviceID, c.AccountID, m.To, m.Subject)
		}
		if m.Kind == switchboard.MessageRedirectRegister && c.URL != provURL+"/ztp/" {
			e.t.Errorf("registration points at %q, want the /ztp/ URL", c.URL)
		}
		out = append(out, strings.TrimPrefix(m.Kind, "redirect_")+" "+c.MAC+" "+c.Code)
	}
	return out
}

// wantCalls checks the calls queued since the last check.
func (e *env) wantCalls(customerID string, seen *int, want ...string) {
	e.t.Helper()
	all := e.redirectCalls(customerID)
	got := all[*seen:]
	*seen = len(all)
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		e.t.Errorf("queued %q, want %q", got, want)
	}
}

// TestRedirectCallsFollowDeviceChanges checks which device changes queue
// which calls: creation with "once", re-arming, a new label code and a MAC
// change register; a MAC change and deletion release the old MAC; other
// changes queue nothing.
func TestRedirectCallsFollowDeviceChanges(t *testing.T) {
	e, tn := bareAcme(t)
	ctx, sys := e.ctx, switchboard.System
	_, err := e.svc.CreateRedirectAccount(ctx, sys, "", app.RedirectAccountInput{Service: "yealink", Name: "RPS",
		Credentials: map[string]string{"user": "u", "password": "p"}})
	wantCode(t, "Yealink account with a user and password", err, switchboard.EINVALID)
	_, err = e.svc.CreateRedirectAccount(ctx, sys, "", app.RedirectAccountInput{Service: "yealink", Name: "RPS",
		Credentials: map[string]string{"access_key_id": "k", "access_key_secret": "s"}})
	e.must(err)
	_, err = e.svc.CreateRedirectAccount(ctx, sys, tn.cust.ID, app.RedirectAccountInput{Service: "gigaset", Name: "Gigaset",
		Credentials: map[string]string{"user": "u", "password": "p"}})
	e.must(err)

	seen := 0
	d := e.device(tn.cust.ID, "", app.DeviceInput{Model: "yealink-t54w", MAC: "00:15:65:00:00:01", MACProvisioning: switchboard.MACOnce})
	e.wantCalls(tn.cust.ID, &seen, "register 001565000001 ")
	if d.Redirect.State != switchboard.RedirectPending || !strings.Contains(d.Redirect.Message, "Yealink RPS") {
		t.Errorf("new device's redirect status %+v, want a queued registration at Yealink RPS", d.Redirect)
	}
	patch := func(id string, p app.DevicePatch) {
		t.Helper()
		_, err := e.svc.UpdateDevice(ctx, tn.admin, id, p)
		e.must(err)
	}
	str := func(s string) *string { return &s }
	once := switchboard.MACOnce
	patch(d.ID, app.DevicePatch{Description: str("reception")})
	e.wantCalls(tn.cust.ID, &seen)
	patch(d.ID, app.DevicePatch{MACProvisioning: &once})
	e.wantCalls(tn.cust.ID, &seen, "register 001565000001 ")
	patch(d.ID, app.DevicePatch{MAC: str("001565000002")})
	e.wantCalls(tn.cust.ID, &seen, "deregister 001565000001 ", "register 001565000002 ")
	e.must(e.svc.DeleteDevice(ctx, tn.admin, d.ID))
	e.wantCalls(tn.cust.ID, &seen, "deregister 001565000002 ")

	base := e.device(tn.cust.ID, "", app.DeviceInput{Model: "gigaset-n670", MAC: "7c2f80000001", MACProvisioning: switchboard.MACOnce})
	e.wantCalls(tn.cust.ID, &seen)
	if base.Redirect.State != switchboard.RedirectUnavailable || !strings.Contains(base.Redirect.Message, "label_code") {
		t.Errorf("Gigaset base without label code: status %+v, want a request for label_code", base.Redirect)
	}
	patch(base.ID, app.DevicePatch{LabelCode: str(" AB12 ")})
	e.wantCalls(tn.cust.ID, &seen, "register 7c2f80000001 AB12")
	_, err = e.svc.UpdateDevice(ctx, tn.admin, base.ID, app.DevicePatch{LabelCode: str("a\nb")})
	wantCode(t, "label code with a line break", err, switchboard.EINVALID)
}
