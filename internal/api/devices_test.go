package api_test

import (
	"regexp"
	"strings"
	"testing"
)

var provURLPattern = regexp.MustCompile(`^https://prov\.example\.test:8448/[0-9a-f]{48}\.cfg$`)

func TestDevices(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	devs := "/api/v1/workplaces/" + a.wp2 + "/devices"

	r := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/devices", a.admin,
		`{"model": "acme-d100", "description": "Reception", "mac": "00:1A:2B-3c:4d:5E", "mac_provisioning": "once", "admin_password": "12345", "web_user": "boss", "web_password": "987654"}`)
	d := r.obj()
	if d["kind"] != "desk_phone" || d["mac"] != "001a2b3c4d5e" || d["mac_provisioning"] != "once" ||
		d["admin_password_manual"] != true || d["web_password_manual"] != true || d["web_user"] != "boss" ||
		d["description"] != "Reception" || d["workplace"] != nil || d["customer"] != a.customer {
		t.Errorf("created device: %s", r.raw)
	}
	if !provURLPattern.MatchString(r.str("provisioning_url")) || r.str("url_form") != "file" || d["handset_pin"] != nil {
		t.Errorf("provisioning_url %q (%s), handset PIN %v", r.str("provisioning_url"), r.str("url_form"), d["handset_pin"])
	}
	// A DECT base takes a directory URL and shows the PIN its handsets
	// register with.
	dect := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/devices", a.admin, `{"model": "acme-base"}`)
	if u := dect.str("provisioning_url"); !strings.HasSuffix(u, "/") || dect.str("url_form") != "directory" || len(dect.str("handset_pin")) != 4 {
		t.Errorf("DECT base: %s", dect.raw)
	}
	e.must(204, "DELETE", "/api/v1/devices/"+dect.str("id"), a.admin, nil)
	for _, s := range []string{"12345", "987654", "access_key", "admin_password\":", "web_password\":", "sip"} {
		if strings.Contains(string(r.raw), s) {
			t.Errorf("device answer carries %q: %s", s, r.raw)
		}
	}
	id := r.str("id")
	e.collectDeviceSecrets(id)

	// Every device gets its own key, SIP account and initial login.
	other := e.must(200, "GET", "/api/v1/devices/"+a.free, a.admin, nil)
	if other.str("provisioning_url") == r.str("provisioning_url") {
		t.Error("two devices share a provisioning URL")
	}
	sip := e.must(200, "GET", "/api/v1/devices/"+id+"/sip-account", a.admin, nil).obj()
	if sip["domain"] != "alpha-gmbh.sip.example.test" || sip["registrar"] != "sip.example.test" || sip["proxy"] != "sip.example.test" ||
		sip["port"] != float64(5060) || sip["tls_port"] != float64(5061) || sip["transport"] != "udp" ||
		len(sip["password"].(string)) < 20 || sip["username"] == "" || sip["auth_name"] == "" {
		t.Errorf("sip account: %v", sip)
	}
	// Linked to a workplace at a site with encryption: TLS.
	if tr := e.must(200, "GET", "/api/v1/devices/"+a.dev1+"/sip-account", a.admin, nil).str("transport"); tr != "tls" {
		t.Errorf("transport at an encrypted site %q", tr)
	}
	il := e.must(200, "GET", "/api/v1/devices/"+id+"/initial-login", a.admin, nil).obj()
	if il["server_url"] != "https://prov.example.test:8448/login/" || il["used"] != false || il["username"] == "" || il["password"] == "" {
		t.Errorf("initial login: %v", il)
	}

	for _, c := range []struct {
		body   string
		status int
		field  string
	}{
		{`{"model": "nokia-3310"}`, 422, "model"},
		{`{"model": "acme-d100", "mac": "001a2b3c4d"}`, 422, "mac"},
		{`{"model": "acme-d100", "mac": "001a2b3c4d5g"}`, 422, "mac"},
		{`{"model": "acme-d100", "mac": "00-1a-2b-3c-4d-5e"}`, 409, "mac"},
		{`{"model": "acme-d100", "mac_provisioning": "once"}`, 422, "mac"},
		{`{"model": "acme-d100", "mac_provisioning": "done", "mac": "001a2b3c4d5f"}`, 422, "mac_provisioning"},
		{`{"model": "acme-d100", "mac_provisioning": "sometimes"}`, 422, "mac_provisioning"},
		{`{"model": "acme-d100", "admin_password": "123"}`, 422, "admin_password"},
		{`{"model": "acme-d100", "admin_password": "1234567890"}`, 422, "admin_password"},
		{`{"model": "acme-d100", "admin_password": "12ab"}`, 422, "admin_password"},
		{`{"model": "acme-d100", "web_password": "secret"}`, 422, "web_password"},
		{`{"model": "acme-d100", "base": "` + a.dev1 + `"}`, 422, "base"},
		{`{"model": "acme-handset", "base": "` + a.dev1 + `"}`, 422, "base"},
	} {
		checkField(t, e.must(c.status, "POST", "/api/v1/customers/"+a.customer+"/devices", a.admin, c.body), c.field)
	}
	// A MAC registered by another customer is also taken.
	e.must(409, "POST", "/api/v1/customers/"+b.customer+"/devices", b.admin, `{"model": "acme-d100", "mac": "001a2b3c4d5e"}`)

	// DECT: a handset joins a base of the same customer; the base cannot be
	// deleted while it has handsets; another customer's base is refused.
	base := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/devices", a.admin, `{"model": "acme-base"}`).str("id")
	e.must(422, "POST", "/api/v1/customers/"+b.customer+"/devices", b.admin, `{"model": "acme-handset", "base": "`+base+`"}`)
	hs := e.must(201, "POST", devs, a.admin, `{"model": "acme-handset", "base": "`+base+`"}`)
	if hs.str("base") != base || hs.str("workplace") != a.wp2 || hs.str("kind") != "dect_handset" {
		t.Errorf("handset: %s", hs.raw)
	}
	e.must(409, "DELETE", "/api/v1/devices/"+base, a.admin, nil)
	e.must(204, "DELETE", "/api/v1/devices/"+hs.str("id"), a.admin, nil)
	e.must(204, "DELETE", "/api/v1/devices/"+base, a.admin, nil)
	e.must(404, "GET", "/api/v1/devices/"+base, a.admin, nil)

	// Update: description, MAC, re-arm, hand password back to generated.
	r = e.must(200, "PATCH", "/api/v1/devices/"+a.dev2, a.admin, `{"description": "Desk 2b", "mac": "AABBCCDDEEFF", "mac_provisioning": "once", "admin_password": "4321"}`)
	if o := r.obj(); o["description"] != "Desk 2b" || o["mac"] != "aabbccddeeff" || o["mac_provisioning"] != "once" || o["admin_password_manual"] != true {
		t.Errorf("patched: %s", r.raw)
	}
	if o := e.must(200, "PATCH", "/api/v1/devices/"+a.dev2, a.admin, `{"admin_password": ""}`).obj(); o["admin_password_manual"] != false {
		t.Errorf("admin password not generated again: %v", o)
	}
	checkField(t, e.must(409, "PATCH", "/api/v1/devices/"+a.dev1, a.admin, `{"mac": "aa:bb:cc:dd:ee:ff"}`), "mac")
	checkField(t, e.must(422, "PATCH", "/api/v1/devices/"+a.dev1, a.admin, `{"mac_provisioning": "once"}`), "mac")
	if pu := e.must(200, "GET", "/api/v1/devices/"+a.dev2, a.admin, nil).str("provisioning_url"); !provURLPattern.MatchString(pu) {
		t.Errorf("provisioning_url after patch %q", pu)
	}

	// Lists.
	if n := len(e.must(200, "GET", devs, a.admin, nil).items()); n != 1 {
		t.Errorf("%d devices of workplace 2, want 1", n)
	}
	if n := len(e.must(200, "GET", "/api/v1/customers/"+a.customer+"/devices", a.admin, nil).items()); n != 4 {
		t.Errorf("%d devices of the customer, want 4", n)
	}
	// Devices under a deleted workplace cannot be added.
	e.must(204, "DELETE", "/api/v1/workplaces/"+a.wp2, a.admin, nil)
	e.must(409, "POST", devs, a.admin, `{"model": "acme-soft"}`)
	e.must(404, "POST", "/api/v1/workplaces/wp_nope/devices", a.admin, `{"model": "acme-soft"}`)
	e.must(404, "GET", "/api/v1/devices/dev_nope/sip-account", a.admin, nil)
}

func TestModels(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	ms := e.must(200, "GET", "/api/v1/models", a.user1, nil).items()
	if len(ms) != len(testModels) || ms[0]["id"] != "acme-d100" || ms[0]["kind"] != "desk_phone" {
		t.Errorf("models: %v", ms)
	}
	if got := e.must(200, "GET", "/api/v1/models/acme-base", a.admin, nil).str("kind"); got != "dect_base" {
		t.Errorf("model kind %q", got)
	}
	e.must(404, "GET", "/api/v1/models/nope", a.admin, nil)
	e.must(401, "GET", "/api/v1/models", "", nil)
}
