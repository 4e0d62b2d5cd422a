package api_test

import (
	"strings"
	"testing"
)

// TestNoSecretsInAnswers reads every GET operation of the OpenAPI document
// as the operator and checks that no secret appears, except the SIP
// password and one-time password in the two views made to show them and
// the access key inside provisioning_url.
func TestNoSecretsInAnswers(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	e.adminPassword(a.wp1)
	e.adminPassword(a.wp2)
	e.secrets = append(e.secrets, "alpha-rps-secret")
	rda := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/redirect-accounts", e.operator, map[string]any{"service": "yealink",
		"name": "Alpha RPS", "credentials": map[string]string{"access_key_id": "alpha", "access_key_secret": "alpha-rps-secret"}}).str("id")
	con := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/contacts", e.operator,
		map[string]any{"name": "Alpha supplier", "numbers": []string{"+4930111999"}}).str("id")
	e.secrets = append(e.secrets, "alpha-trunk-secret")
	trk := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/trunks", e.operator,
		map[string]any{"name": "alpha carrier", "proxy": "sip.alpha-carrier.example", "password": "alpha-trunk-secret"}).str("id")
	// Two versions of the device's settings history, whose files hold
	// its SIP password.
	e.fetchProfile(a.dev1)
	e.must(200, "PATCH", "/api/v1/workplaces/"+a.wp1, a.admin, `{"first_name": "Zoe"}`)
	e.fetchProfile(a.dev1)
	e.secrets = append(e.secrets, e.must(200, "GET", "/api/v1/devices/"+a.dev1+"/sip-account", a.admin, nil).str("password"))
	fw, rol := e.firmwareFixtures(a)
	ids := map[string]string{
		"firmware": fw, "model": "acme-d100", "rollouts": rol,
		"customers": a.customer, "sites": a.site, "workplaces": a.wp1, "devices": a.dev1,
		"tokens": a.user1Tok, "number": a.numbers[2], "models": "acme-d100",
		"orders": a.order, "redirect-accounts": rda, "account": rda, "contact": con, "trunks": trk, "version": "1",
	}
	// The look-up at a device's redirect service asks the vendor, which
	// this test has none of; TestRedirectLifecycle reads it from a fake.
	// The QR code is made to show a soft client's key URL.
	shown := map[string]bool{"/api/v1/devices/{id}/sip-account": true, "/api/v1/devices/{id}/initial-login": true,
		"/api/v1/workplaces/{id}/admin-password": true, "/api/v1/devices/{id}/redirect": true, "/api/v1/devices/{id}/qr.png": true}
	checked := 0
	for _, op := range e.operations() {
		if op.method != "GET" || shown[op.path] || streamed["GET "+op.path] {
			continue
		}
		path, _ := fill(t, op.path, ids)
		r := e.must(200, "GET", path, e.operator, nil)
		body := string(r.raw)
		// The access key belongs in provisioning_url and nowhere else.
		for _, it := range append(r.items(), r.obj()) {
			if u, ok := it["provisioning_url"].(string); ok {
				body = strings.Replace(body, u, "", 1)
			}
		}
		for _, s := range e.secrets {
			if strings.Contains(body, s) {
				t.Errorf("GET %s shows a secret: %s", path, r.raw)
			}
		}
		checked++
	}
	if checked < 15 {
		t.Errorf("only %d GET operations checked", checked)
	}
}
