package api_test

import (
	"strings"
	"testing"
)

// TestCalls walks the call side as a customer sees it: the own user
// changes the call settings, a trunk's password is taken but never shown,
// a monitoring account's password is shown once, the journal is empty,
// the dial parameters follow the longest extension.
func TestCalls(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	settings := "/api/v1/workplaces/" + a.wp1 + "/call-settings"
	if r := e.must(200, "GET", settings, a.user1, nil); r.obj()["forward_always"] != false || r.obj()["no_answer_seconds"] != float64(20) {
		t.Errorf("default settings: %s", r.raw)
	}
	r := e.must(200, "PATCH", settings, a.user1, `{"forward_always": true, "forward_to": "+49 89 887766771"}`)
	if r.str("forward_to") != "+4989887766771" || r.str("updated_by") != "api" {
		t.Errorf("changed settings: %s", r.raw)
	}
	e.must(422, "PATCH", settings, a.user1, `{"remote_office": true}`)
	if items := e.must(200, "GET", "/api/v1/workplaces/"+a.wp1+"/calls", a.user1, nil).items(); len(items) != 0 {
		t.Errorf("journal of a workplace without calls: %v", items)
	}

	trunks := "/api/v1/customers/" + a.customer + "/trunks"
	tr := e.must(201, "POST", trunks, a.admin, `{"name": "carrier", "proxy": "sip.carrier.example:5061", "transport": "tls", "password": "trunk-secret-1"}`)
	id := tr.str("id")
	e.must(422, "POST", trunks, a.admin, `{"name": "bad", "proxy": "sip.carrier.example", "transport": "sctp"}`)
	e.must(409, "POST", trunks, a.admin, `{"name": "carrier", "proxy": "sip.carrier.example"}`)
	for _, got := range []resp{tr, e.must(200, "GET", "/api/v1/trunks/"+id, a.admin, nil), e.must(200, "GET", trunks, a.admin, nil)} {
		if strings.Contains(string(got.raw), "trunk-secret-1") || !strings.Contains(string(got.raw), `"password_set":true`) {
			t.Errorf("trunk answer shows the password or not password_set: %s", got.raw)
		}
	}
	if r := e.must(200, "PATCH", "/api/v1/trunks/"+id, a.admin, `{"password": ""}`); r.obj()["password_set"] != false {
		t.Errorf("password not removed: %s", r.raw)
	}
	e.must(204, "DELETE", "/api/v1/trunks/"+id, a.admin, nil)
	e.must(404, "GET", "/api/v1/trunks/"+id, a.admin, nil)

	accounts := "/api/v1/customers/" + a.customer + "/monitoring-accounts"
	m := e.must(201, "POST", accounts, a.admin, `{"username": "alpha.cti", "description": "XPhone Connect"}`)
	password := m.str("password")
	if len(password) < 12 {
		t.Fatalf("monitoring account without a password: %s", m.raw)
	}
	e.must(409, "POST", accounts, a.admin, `{"username": "alpha.cti"}`)
	if l := e.must(200, "GET", accounts, a.admin, nil); strings.Contains(string(l.raw), password) || len(l.items()) != 1 {
		t.Errorf("account list: %s", l.raw)
	}
	e.must(204, "DELETE", accounts+"/"+m.str("id"), a.admin, nil)
	e.must(404, "DELETE", accounts+"/"+m.str("id"), a.admin, nil)

	dp := e.must(200, "GET", "/api/v1/customers/"+a.customer+"/dial-parameters", a.admin, nil)
	if dp.obj()["internal_number_length"] != float64(3) || dp.str("trunk_prefix") != "" || dp.str("voicemail_number") != "*86" {
		t.Errorf("dial parameters: %s", dp.raw)
	}
}
