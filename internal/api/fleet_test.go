package api_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestFleet reads the fleet page's data as an administrator, as the
// operator over all customers, and as a user (refused).
func TestFleet(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	e.sip.SetOnline(a.dev1, switchboard.DeviceStatus{UserAgent: "Acme D100 1.2.3", IP: "192.0.2.1"})
	for _, c := range []struct {
		path, token string
		devices     float64
		online      float64
	}{
		{"/api/v1/customers/" + a.customer + "/fleet", a.admin, 3, 1},
		{"/api/v1/fleet", a.admin, 3, 1},
		{"/api/v1/fleet", b.admin, 3, 0},
		{"/api/v1/fleet", e.operator, 6, 1},
	} {
		f := e.must(200, "GET", c.path, c.token, nil).obj()
		if f["devices"] != c.devices || f["online"] != c.online {
			t.Errorf("GET %s: %v devices, %v online; want %v, %v", c.path, f["devices"], f["online"], c.devices, c.online)
		}
		for _, field := range []string{"by_model", "by_firmware", "never_seen", "stale", "double_registrations", "stale_after_seconds", "online_share"} {
			if _, ok := f[field]; !ok {
				t.Errorf("GET %s: no %s in %v", c.path, field, f)
			}
		}
	}
	e.must(403, "GET", "/api/v1/fleet", a.user1, nil)
	e.must(404, "GET", "/api/v1/customers/"+a.customer+"/fleet", b.admin, nil)
}
