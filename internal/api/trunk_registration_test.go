package api_test

import (
	"strings"
	"testing"
)

// TestTrunkRegistrationField: a trunk's answer carries its registration;
// a trunk that does not register, or one no node has reported on yet,
// shows it off.
func TestTrunkRegistrationField(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	trunks := "/api/v1/customers/" + a.customer + "/trunks"
	for _, body := range []string{`{"name": "carrier", "proxy": "192.0.2.1"}`, `{"name": "registering", "proxy": "192.0.2.2", "username": "acme", "password": "pw", "register": true}`} {
		r := e.must(201, "POST", trunks, a.admin, body)
		if !strings.Contains(string(r.raw), `"registration":{"state":"off"}`) {
			t.Errorf("trunk answer without its registration off: %s", r.raw)
		}
	}
}
