package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestFraudProcedure walks the fraud endpoints in order as alpha's
// administrator and user and as beta's administrator: each answer's status
// and what it must contain (JSON fragments, spaces removed).
func TestFraudProcedure(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	dev := "/api/v1/devices/" + a.dev1
	oldSIP := e.must(200, "GET", dev+"/sip-account", a.admin, nil).str("username")
	for _, c := range []struct {
		method, path, token string
		body                any
		status              int
		want                []string
	}{
		{"POST", dev + "/new-sip-credentials", a.user1, nil, 403, nil},
		{"POST", dev + "/new-sip-credentials", b.admin, nil, 404, nil},
		{"POST", dev + "/new-sip-credentials", a.admin, nil, 200, []string{`"sip_credentials_rotated_at":"`, `"resync":{"action":"sync","state":"pending"`}},
		{"POST", dev + "/rotate", a.admin, nil, 200, []string{`"provisioning_url":"`, `"sip_credentials_rotated_at":"`}},
		{"POST", dev + "/block", a.user1, nil, 403, nil},
		{"POST", dev + "/block", a.admin, nil, 200, []string{`"blocked_at":"`}},
		{"POST", dev + "/block", a.admin, nil, 200, []string{`"blocked_at":"`}},
		{"GET", dev + "/status", a.user1, nil, 200, []string{`"line_blocked":true`}},
		{"POST", dev + "/unblock", a.admin, nil, 200, nil},
		{"GET", dev + "/status", a.admin, nil, 200, []string{`"line_blocked":false`}},
		{"POST", "/api/v1/workplaces/" + a.wp1 + "/block", b.admin, nil, 404, nil},
		{"POST", "/api/v1/workplaces/" + a.wp1 + "/block", a.admin, nil, 200, []string{`"blocked_at":"`}},
		{"GET", dev + "/status", a.admin, nil, 200, []string{`"line_blocked":true`}},
		{"POST", dev + "/unblock", a.admin, nil, 409, []string{"unblock the workplace"}},
		{"POST", "/api/v1/workplaces/" + a.wp1 + "/unblock", a.admin, nil, 200, nil},
		{"PATCH", "/api/v1/customers/" + a.customer, a.admin, `{"charge_limit": 100000}`, 200, []string{`"charge_limit":100000`}},
		{"PATCH", "/api/v1/customers/" + a.customer, a.admin, `{"charge_limit": -1}`, 422, []string{"charge_limit"}},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, a.user1, `{"charge_limit": 1}`, 403, nil},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, a.admin, `{"charge_limit": 2500}`, 200, []string{`"charge_limit":2500`}},
		{"PATCH", "/api/v1/customers/" + a.customer + "/numbers/" + a.numbers[0], a.admin, `{"charge_limit": 700}`, 200,
			[]string{`"number":"` + a.numbers[0] + `"`, `"charge_limit":700`}},
		{"PATCH", "/api/v1/customers/" + a.customer + "/numbers/" + b.numbers[0], a.admin, `{"charge_limit": 700}`, 404, nil},
		{"GET", "/api/v1/customers/" + a.customer + "/numbers", a.admin, nil, 200, []string{`"charge_limit":700`}},
	} {
		name := fmt.Sprintf("%s %s", c.method, strings.Replace(c.path, "/api/v1", "", 1))
		r := e.call(c.method, c.path, c.token, c.body)
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", name, r.status, c.status, r.raw)
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, r.raw); err != nil {
			t.Errorf("%s: answer is not JSON: %s", name, r.raw)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(compact.String(), w) {
				t.Errorf("%s: answer lacks %s: %s", name, w, compact.String())
			}
		}
	}
	if now := e.must(200, "GET", dev+"/sip-account", a.admin, nil).str("username"); now == oldSIP {
		t.Errorf("the SIP username is still %q after new credentials", now)
	}
}
