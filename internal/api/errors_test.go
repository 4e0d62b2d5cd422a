package api_test

import (
	"strings"
	"testing"
)

func TestBadInput(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	sites := "/api/v1/customers/" + a.customer + "/sites"
	before := e.snapshot()

	for _, c := range []struct {
		name   string
		body   string
		status int
		field  string
	}{
		{"broken JSON", `{"name": `, 400, ""},
		{"not an object", `[1, 2]`, 422, ""},
		{"unknown field", `{"name": "X", "colour": "red"}`, 422, "colour"},
		{"wrong type", `{"name": "X", "encryption": "yes"}`, 422, "encryption"},
		{"missing field", `{"address": "Somewhere"}`, 422, "name"},
		{"bad time zone", `{"name": "X", "time_zone": "Mars/Olympus"}`, 422, "time_zone"},
		{"bad language", `{"name": "X", "language": "tlh"}`, 422, "language"},
		{"bad time server", `{"name": "X", "ntp_servers": ["pool.ntp.org", "ntp server"]}`, 422, "ntp_servers"},
		{"too many time servers", `{"name": "X", "ntp_servers": ["a.example", "b.example", "c.example", "d.example", "e.example"]}`, 422, "ntp_servers"},
		{"resync too often", `{"name": "X", "resync_minutes": 1}`, 422, "resync_minutes"},
		{"too large", `{"name": "` + strings.Repeat("x", 70<<10) + `"}`, 413, ""},
	} {
		r := e.call("POST", sites, a.admin, c.body)
		if r.status != c.status || r.str("detail") == "" {
			t.Errorf("%s: %d %s", c.name, r.status, r.raw)
			continue
		}
		if c.field != "" {
			checkField(t, r, c.field)
		}
		if strings.Contains(string(r.raw), `"value"`) {
			t.Errorf("%s: the answer echoes input back: %s", c.name, r.raw)
		}
	}
	// Passwords in a refused body are never echoed back.
	r := e.call("POST", "/api/v1/customers/"+a.customer+"/devices", a.admin, `{"model": "acme-d100", "admin_password": "12345", "colour": 1}`)
	if r.status != 422 || strings.Contains(string(r.raw), "12345") {
		t.Errorf("refused device: %d %s", r.status, r.raw)
	}
	e.must(422, "GET", sites+"?limit=5000", a.admin, nil)
	e.must(404, "GET", "/api/v1/sites/site_nope", a.admin, nil)
	e.must(404, "PATCH", "/api/v1/sites/site_nope", a.admin, `{"name": "X"}`)
	e.must(404, "GET", "/api/v1/nothing-here", a.admin, nil)
	if after := e.snapshot(); after != before {
		t.Error("refused requests changed data")
	}
}

func TestSites(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	r := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/sites", a.admin,
		`{"name": "Branch", "address": "Marktplatz 1, Bonn", "time_zone": "Europe/Berlin", "language": "de", "encryption": false}`)
	if o := r.obj(); o["time_zone"] != "Europe/Berlin" || o["language"] != "de" || o["encryption"] != false || o["customer"] != a.customer {
		t.Errorf("site: %s", r.raw)
	}
	id := r.str("id")
	if got := e.must(200, "PATCH", "/api/v1/sites/"+id, a.admin, `{"encryption": true, "name": "Branch Bonn"}`).obj(); got["encryption"] != true || got["name"] != "Branch Bonn" {
		t.Errorf("patched site: %v", got)
	}
	if n := len(e.must(200, "GET", "/api/v1/customers/"+a.customer+"/sites", a.admin, nil).items()); n != 2 {
		t.Errorf("%d sites, want 2", n)
	}
	got := e.must(200, "PATCH", "/api/v1/sites/"+id, a.admin, `{"ntp_servers": ["NTP.Bonn.Example", "192.0.2.123"], "resync_minutes": 720}`).obj()
	if ntp, _ := got["ntp_servers"].([]any); len(ntp) != 2 || ntp[0] != "ntp.bonn.example" || got["resync_minutes"] != float64(720) {
		t.Errorf("site's time servers and resync: %v", got)
	}
	if got := e.must(200, "PATCH", "/api/v1/sites/"+id, a.admin, `{"ntp_servers": []}`).obj(); len(got["ntp_servers"].([]any)) != 0 || got["resync_minutes"] != float64(720) {
		t.Errorf("cleared time servers: %v", got)
	}
	e.must(403, "GET", "/api/v1/sites/"+id, a.user1, nil)
	e.must(409, "DELETE", "/api/v1/sites/"+a.site, a.admin, nil)
	e.must(204, "DELETE", "/api/v1/sites/"+id, a.admin, nil)
	e.must(404, "GET", "/api/v1/sites/"+id, a.admin, nil)
}

func TestInternalErrorIsGeneric(t *testing.T) {
	e := newEnv(t)
	e.store.Close()
	r := e.call("GET", "/api/v1/customers", e.operator, nil)
	if r.status != 500 || !strings.HasPrefix(r.str("detail"), "Internal error.") {
		t.Fatalf("closed store: %d %s", r.status, r.raw)
	}
	if strings.Contains(strings.ToLower(string(r.raw)), "sql") || strings.Contains(string(r.raw), "closed") {
		t.Errorf("internal detail reached the client: %s", r.raw)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "internal error") || !strings.Contains(logs, "closed") {
		t.Errorf("internal detail not logged: %s", logs)
	}
}

func TestUnknownQueryParameter(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	r := e.must(422, "GET", "/api/v1/customers/"+a.customer+"/numbers?fre=true", a.admin, nil)
	if !strings.Contains(r.str("detail"), "fre") {
		t.Errorf("detail does not name the parameter: %s", r.raw)
	}
}
