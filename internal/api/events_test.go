package api_test

import (
	"strings"
	"testing"
)

func TestAuditEvents(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	e.must(200, "PATCH", "/api/v1/workplaces/"+a.wp1, a.admin, `{"city": "Köln"}`)

	r := e.must(200, "GET", "/api/v1/customers/"+a.customer+"/events?limit=1000", a.admin, nil)
	var found bool
	for _, ev := range r.items() {
		if ev["customer"] != a.customer || ev["kind"] != "audit" || ev["at"] == "" {
			t.Errorf("event: %v", ev)
		}
		if ev["action"] == "workplace.update" && ev["object"] == a.wp1 && ev["actor"] == a.adminTok && ev["actor_role"] == "admin" {
			found = true
		}
	}
	if !found {
		t.Errorf("no audit event for the admin's change: %s", r.raw)
	}
	if !strings.Contains(e.logs.String(), "action=workplace.update object="+a.wp1) {
		t.Errorf("the change is not in the log")
	}
	// Events never carry secrets or another tenant's objects.
	for _, s := range append(e.secrets, b.customer, b.wp1) {
		if strings.Contains(string(r.raw), s) {
			t.Errorf("events carry %q", s)
		}
	}
	// /events: all for the operator, the own customer's for an admin.
	all := e.must(200, "GET", "/api/v1/events?limit=1000", e.operator, nil).items()
	own := e.must(200, "GET", "/api/v1/events?limit=1000&kind=audit", a.admin, nil).items()
	if len(own) != len(r.items()) || len(all) <= len(own) {
		t.Errorf("operator sees %d events, admin %d of %d", len(all), len(own), len(r.items()))
	}
	if n := len(e.must(200, "GET", "/api/v1/events?kind=security", a.admin, nil).items()); n != 0 {
		t.Errorf("%d security events", n)
	}
	e.must(422, "GET", "/api/v1/events?kind=gossip", a.admin, nil)
	e.must(403, "GET", "/api/v1/events", a.user1, nil)
	e.must(403, "GET", "/api/v1/customers/"+a.customer+"/events", a.user1, nil)
	e.must(404, "GET", "/api/v1/customers/"+a.customer+"/events", b.admin, nil)

	// A refused change leaves no event.
	n := len(all)
	e.must(409, "POST", "/api/v1/customers/"+a.customer+"/numbers", a.admin, `{"numbers": ["`+b.numbers[0]+`"]}`)
	if got := len(e.must(200, "GET", "/api/v1/events?limit=1000", e.operator, nil).items()); got != n {
		t.Errorf("a refused change wrote %d events", got-n)
	}
}

func TestOrdersList(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	items := e.must(200, "GET", "/api/v1/customers/"+a.customer+"/orders", a.admin, nil).items()
	if len(items) != 2 {
		t.Fatalf("orders: %v, want one per workplace created", items)
	}
	for _, o := range items {
		if o["kind"] != "create_workplace" || o["state"] != "open" || o["customer"] != a.customer {
			t.Errorf("order %v, want an open create_workplace order of the customer", o)
		}
	}
}
