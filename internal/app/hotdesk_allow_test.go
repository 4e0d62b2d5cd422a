package app_test

import (
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

func TestUserTokensFollowTheAllowList(t *testing.T) {
	e, tn := acme(t)
	list := &switchboard.AllowList{Enabled: true, CIDRs: []string{"192.0.2.0/24"}}
	_, err := e.svc.UpdateCustomer(e.ctx, tn.admin, tn.cust.ID, app.CustomerPatch{AllowList: list})
	e.must(err)
	for _, tc := range []struct {
		name   string
		p      switchboard.Principal
		remote string
		want   string
	}{
		{"user inside", tn.user1, "192.0.2.7:40000", ""},
		{"user outside", tn.user1, "203.0.113.9:40000", switchboard.EFORBIDDEN},
		{"user from a malformed address", tn.user1, "somewhere", switchboard.EFORBIDDEN},
		{"administrator outside", tn.admin, "203.0.113.9:40000", ""},
		{"operator outside", switchboard.System, "203.0.113.9:40000", ""},
	} {
		wantCode(t, tc.name, e.svc.CheckUserAddress(e.ctx, tc.p, tc.remote), tc.want)
	}
	if n := e.securityEvents("api.address_refused", tn.wp1.ID); n != 2 {
		t.Errorf("refused user addresses recorded: %d, want 2", n)
	}
}

func TestRefusalShowsInLastAccess(t *testing.T) {
	e, tn := acme(t)
	at := start.Add(time.Hour)
	e.must(e.svc.RecordRefusals(e.ctx, []app.Refusal{
		{At: at, IP: "203.0.113.9", Reason: "address not on the customer's allow-list", CustomerID: tn.cust.ID,
			DeviceID: tn.desk1.ID, File: "y000000000000.cfg", UserAgent: "Yealink SIP-T54W 96.86.0.70"},
		{At: at, IP: "203.0.113.10", Reason: "unknown key"},
	}))
	got := e.stored(tn.desk1.ID).LastAccess
	want := switchboard.Access{At: at, IP: "203.0.113.9", UserAgent: "Yealink SIP-T54W 96.86.0.70",
		File: "y000000000000.cfg", Refusal: "address not on the customer's allow-list"}
	if got != want {
		t.Errorf("last access = %+v, want %+v", got, want)
	}
	// An answered fetch afterwards clears the reason.
	fetch := switchboard.Access{At: at.Add(time.Minute), IP: "192.0.2.7", UserAgent: "Yealink", File: "y000000000000.cfg"}
	e.must(e.svc.RecordFetches(e.ctx, []app.Fetch{{DeviceID: tn.desk1.ID, Access: fetch}}))
	if got := e.stored(tn.desk1.ID).LastAccess; got != fetch {
		t.Errorf("last access after a fetch = %+v, want %+v", got, fetch)
	}
}
