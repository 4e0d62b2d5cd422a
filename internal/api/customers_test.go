package api_test

import (
	"strings"
	"testing"
)

func TestCustomers(t *testing.T) {
	e := newEnv(t)
	// SIP domain derived from the name, umlauts spelled out; a second
	// customer of the same name is a conflict naming the first unless it
	// is intended, and then gets a distinct domain.
	c1 := e.must(201, "POST", "/api/v1/customers", e.operator, `{"name": "Müller & Söhne GmbH", "admin_email": "it@mueller.example"}`)
	if got := c1.str("sip_domain"); got != "mueller-soehne-gmbh.sip.example.test" {
		t.Errorf("derived sip_domain %q", got)
	}
	dup := e.must(409, "POST", "/api/v1/customers", e.operator, `{"name": "Müller & Söhne GmbH", "admin_email": "it@mueller.example"}`)
	checkField(t, dup, "name")
	if !strings.Contains(dup.str("detail"), c1.str("id")) {
		t.Errorf("conflict %q does not name the existing customer %s", dup.str("detail"), c1.str("id"))
	}
	c2 := e.must(201, "POST", "/api/v1/customers", e.operator, `{"name": "Müller & Söhne GmbH", "admin_email": "it@mueller.example", "allow_duplicate_name": true}`)
	if got := c2.str("sip_domain"); got == c1.str("sip_domain") || !strings.HasSuffix(got, ".sip.example.test") {
		t.Errorf("second derived sip_domain %q", got)
	}
	// A given SIP domain is kept; one in use is a conflict.
	e.must(201, "POST", "/api/v1/customers", e.operator, `{"name": "Given", "admin_email": "a@given.example", "sip_domain": "given.example"}`)
	r := e.must(409, "POST", "/api/v1/customers", e.operator, `{"name": "Other", "admin_email": "a@other.example", "sip_domain": "given.example"}`)
	checkField(t, r, "sip_domain")

	for _, c := range []struct{ body, field string }{
		{`{"name": "", "admin_email": "a@b.example"}`, "name"},
		{`{"name": "X", "admin_email": "not-an-address"}`, "admin_email"},
		{`{"name": "X", "admin_email": "a@b.example", "sip_domain": "Bad_Domain"}`, "sip_domain"},
		{`{"name": "X", "admin_email": "a@b.example", "ip_allow_list": {"enabled": true, "cidrs": []}}`, "ip_allow_list"},
		{`{"name": "X", "admin_email": "a@b.example", "ip_allow_list": {"enabled": true, "cidrs": ["10.0.0.0/33"]}}`, "ip_allow_list"},
	} {
		checkField(t, e.must(422, "POST", "/api/v1/customers", e.operator, c.body), c.field)
	}

	a := e.makeTenant("alpha", "+4930111")
	// Only the operator creates and deletes customers.
	e.must(403, "POST", "/api/v1/customers", a.admin, `{"name": "X", "admin_email": "a@b.example"}`)
	e.must(403, "POST", "/api/v1/customers", a.user1, `{"name": "X", "admin_email": "a@b.example"}`)
	e.must(403, "DELETE", "/api/v1/customers/"+a.customer, a.admin, nil)

	// The admin sees and lists only its own customer.
	e.must(200, "GET", "/api/v1/customers/"+a.customer, a.admin, nil)
	if items := e.must(200, "GET", "/api/v1/customers", a.admin, nil).items(); len(items) != 1 || items[0]["id"] != a.customer {
		t.Errorf("admin's customer list: %v", items)
	}
	if items := e.must(200, "GET", "/api/v1/customers", e.operator, nil).items(); len(items) != 4 {
		t.Errorf("operator sees %d customers, want 4", len(items))
	}
	e.must(403, "GET", "/api/v1/customers", a.user1, nil)

	// Admins change the admin e-mail and the allow-list, not the name.
	r = e.must(200, "PATCH", "/api/v1/customers/"+a.customer, a.admin, `{"admin_email": "new@alpha.example", "ip_allow_list": {"enabled": true, "cidrs": ["192.0.2.0/24"]}}`)
	if r.str("admin_email") != "new@alpha.example" || r.obj()["ip_allow_list"].(map[string]any)["enabled"] != true {
		t.Errorf("patch: %s", r.raw)
	}
	e.must(403, "PATCH", "/api/v1/customers/"+a.customer, a.admin, `{"name": "Renamed"}`)
	if got := e.must(200, "PATCH", "/api/v1/customers/"+a.customer, e.operator, `{"name": "Renamed"}`).str("name"); got != "Renamed" {
		t.Errorf("operator rename: %q", got)
	}

	// A customer with data cannot be deleted; an empty one can, and its
	// tokens stop working.
	e.must(409, "DELETE", "/api/v1/customers/"+a.customer, e.operator, nil)
	empty := e.must(201, "POST", "/api/v1/customers", e.operator, `{"name": "Empty", "admin_email": "a@empty.example"}`).str("id")
	tok := e.must(201, "POST", "/api/v1/tokens", e.operator, `{"role": "admin", "customer": "`+empty+`"}`).str("token")
	e.secrets = append(e.secrets, tok)
	e.must(200, "GET", "/api/v1/customers/"+empty, tok, nil)
	e.must(204, "DELETE", "/api/v1/customers/"+empty, e.operator, nil)
	e.must(404, "GET", "/api/v1/customers/"+empty, e.operator, nil)
	e.must(401, "GET", "/api/v1/customers/"+empty, tok, nil)
	e.must(404, "DELETE", "/api/v1/customers/"+empty, e.operator, nil)
}

// checkField fails unless the problem answer names field in its errors.
func checkField(t *testing.T, r resp, field string) {
	t.Helper()
	o := r.obj()
	if o["detail"] == "" || o["status"] != float64(r.status) || o["title"] == "" {
		t.Errorf("problem without status, title or detail: %s", r.raw)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("problem content type %q", ct)
	}
	errs, _ := o["errors"].([]any)
	for _, x := range errs {
		if m, _ := x.(map[string]any); m["location"] == "body."+field && m["message"] != "" {
			return
		}
	}
	t.Errorf("problem does not name field %s: %s", field, r.raw)
}
