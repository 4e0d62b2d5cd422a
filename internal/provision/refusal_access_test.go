package provision_test

import (
	"context"
	"net/http"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestRefusalReasonInLastAccess checks that a refused fetch of a known
// device shows in its last access with the reason, while the phone gets
// the same 404 as for an unknown key, and that the next answered fetch
// clears the reason.
func TestRefusalReasonInLastAccess(t *testing.T) {
	e := newEnv(t, 1000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	_, err := e.svc.UpdateCustomer(context.Background(), switchboard.System, e.cust.ID,
		app.CustomerPatch{AllowList: &switchboard.AllowList{Enabled: true, CIDRs: []string{"192.0.2.0/24"}}})
	e.must(err)
	const ua = "Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc"
	for _, step := range []struct {
		name, path, remote, ua string
		status                 int
		refusal, ip            string
	}{
		{"outside the allow-list", "/" + key(d) + ".cfg", "203.0.113.9:5060", ua, http.StatusNotFound,
			"address not on the customer's allow-list", "203.0.113.9"},
		{"another MAC", "/" + key(d) + ".cfg", "192.0.2.10:5060", "Yealink SIP-T54W 96.86.0.70 00:15:65:11:22:33", http.StatusNotFound,
			"MAC does not match the device", "192.0.2.10"},
		{"unknown key", "/" + unknownKey + ".cfg", "192.0.2.11:5060", ua, http.StatusNotFound,
			"MAC does not match the device", "192.0.2.10"},
		{"answered", "/" + key(d) + ".cfg", "192.0.2.12:5060", ua, http.StatusOK, "", "192.0.2.12"},
	} {
		if r := e.get(step.path, step.ua, step.remote); r.status != step.status {
			t.Fatalf("%s: status %d, want %d", step.name, r.status, step.status)
		}
		e.must(e.srv.Flush(context.Background()))
		v, err := e.svc.Device(context.Background(), switchboard.System, d.ID)
		e.must(err)
		if v.LastAccess.Refusal != step.refusal || v.LastAccess.IP != step.ip {
			t.Errorf("%s: last access %+v, want refusal %q from %s", step.name, v.LastAccess, step.refusal, step.ip)
		}
	}
}
