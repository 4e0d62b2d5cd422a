package api_test

import (
	"strings"
	"testing"
)

// TestForeignImports creates devices from FusionPBX's CSV and
// wazo-provd's JSON, and refuses an unknown model at its line.
func TestForeignImports(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	base := "/api/v1/customers/" + a.customer + "/devices/import/"
	for _, tc := range []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"FusionPBX", "fusionpbx", "device_mac_address,device_vendor,device_model,device_label\n00:15:65:aa:bb:31,acme,d-100,Empfang\n", 201, `"created":1`},
		{"wazo-provd", "wazo-provd", `{"devices": [{"mac": "00:15:65:aa:bb:32", "vendor": "ACME", "model": "D100", "ip": "10.0.0.2"}]}`, 201, `"created":1`},
		{"unknown model", "wazo-provd", `{"device": {"mac": "00:08:5d:33:e5:76", "vendor": "Aastra", "model": "6731i"}}`, 422, "line 2"},
		{"not a FusionPBX file", "fusionpbx", "mac,vendor\n001565aabb33,acme\n", 422, "device_mac_address"},
	} {
		r := e.call("POST", base+tc.path, a.admin, tc.body)
		if r.status != tc.status || !strings.Contains(string(r.raw), tc.want) {
			t.Errorf("%s: %d %s; want %d with %q", tc.name, r.status, r.raw, tc.status, tc.want)
		}
	}
}
