package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// sampleBodies are request bodies that would succeed if authorization were
// missing, keyed by "METHOD path" as in the OpenAPI document. {site} is
// replaced with the target tenant's site, {customer} and {workplace} likewise. An operation with a request body
// and no entry here fails the isolation test: add one.
var sampleBodies = map[string]string{
	"POST /api/v1/customers":                     `{"name": "Intruder AG", "admin_email": "x@intruder.example"}`,
	"PATCH /api/v1/customers/{id}":               `{"admin_email": "x@intruder.example"}`,
	"POST /api/v1/customers/{id}/sites":          `{"name": "Intruder site"}`,
	"PATCH /api/v1/sites/{id}":                   `{"name": "Hijacked"}`,
	"POST /api/v1/customers/{id}/numbers":        `{"numbers": ["+4989999000"]}`,
	"POST /api/v1/customers/{id}/workplaces":     `{"site": "{site}", "first_name": "I", "last_name": "N", "email": "i@n.example", "email_confirm": "i@n.example", "no_mobile": true, "username": "intruder", "extension": "299"}`,
	"PATCH /api/v1/workplaces/{id}":              `{"first_name": "Hijacked"}`,
	"POST /api/v1/workplaces/{id}/devices":       `{"model": "acme-soft"}`,
	"POST /api/v1/customers/{id}/devices":        `{"model": "acme-d100"}`,
	"POST /api/v1/customers/{id}/devices/import": "model,mac,description,workplace\nacme-d100,001565aabb01,Intruder,\n",
	"PATCH /api/v1/devices/{id}":                 `{"description": "Hijacked"}`,
	"PUT /api/v1/devices/{id}/keys":              `[{"module": 0, "index": 1, "type": "blf", "value": "201", "label": "Anna"}]`,
	"POST /api/v1/devices/{id}/link":             `{"workplace": "{workplace}"}`,
	"POST /api/v1/tokens":                        `{"role": "admin", "customer": "{customer}"}`,
	"POST /api/v1/password-reset":                `{"username": "nobody.here"}`,

	// Redirect service accounts.
	"POST /api/v1/redirect-accounts":                           `{"service": "snom", "name": "Intruder", "credentials": {"user": "i", "password": "p"}}`,
	"PATCH /api/v1/redirect-accounts/{id}":                     `{"name": "Hijacked"}`,
	"POST /api/v1/customers/{id}/redirect-accounts":            `{"service": "snom", "name": "Intruder", "credentials": {"user": "i", "password": "p"}}`,
	"PATCH /api/v1/customers/{id}/redirect-accounts/{account}": `{"name": "Hijacked"}`,
	"PATCH /api/v1/customers/{id}/numbers/{number}":            `{"charge_limit": 100}`,

	// The company phonebook.
	"POST /api/v1/customers/{id}/contacts":            `{"name": "Intruder", "numbers": ["+4989999001"]}`,
	"POST /api/v1/customers/{id}/contacts/import":     "name,numbers\nIntruder,+4989999002\n",
	"PATCH /api/v1/customers/{id}/contacts/{contact}": `{"name": "Hijacked"}`,

	// Settings history.
	"POST /api/v1/devices/{id}/rollback":                    `{"version": 1}`,
	"POST /api/v1/sites/{id}/rollback":                      `{"at": "2030-01-01T00:00:00Z"}`,
	"POST /api/v1/customers/{id}/devices/import/fusionpbx":  "device_mac_address,device_vendor,device_model\n001565aabb21,yealink,T54W\n",
	"POST /api/v1/customers/{id}/devices/import/wazo-provd": `{"devices": [{"mac": "00:15:65:aa:bb:22", "vendor": "Yealink", "model": "T54W"}]}`,
	"POST /api/v1/import": `{"format": "switchboard.customer-export", "version": 1, "exported_at": "2026-01-01T00:00:00Z",
		"customer": {"id": "cus_06eahnsd00gz7z7e1qh2v9eh8r", "name": "Intruder AG", "admin_email": "x@intruder.example", "sip_domain": "intruder.sip.invalid",
			"ip_allow_list": {"enabled": false, "cidrs": []}, "charge_limit": 0, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
		"sites": [], "numbers": [], "workplaces": [], "devices": [], "contacts": [], "redirect_accounts": [],
		"call_settings": [], "trunks": [], "monitoring_accounts": []}`,

	// Calls.
	"PATCH /api/v1/workplaces/{id}/call-settings":     `{"do_not_disturb": true}`,
	"POST /api/v1/customers/{id}/trunks":              `{"name": "intruder", "proxy": "192.0.2.66"}`,
	"PATCH /api/v1/trunks/{id}":                       `{"proxy": "192.0.2.66"}`,
	"POST /api/v1/customers/{id}/monitoring-accounts": `{"username": "intruder.cti"}`,
	// Firmware, pins and rollouts.
	"POST /api/v1/firmware":                    "intruder firmware",
	"PUT /api/v1/customers/{id}/firmware-pins": `{"model": "acme-d100", "firmware": "{firmware}"}`,
	"POST /api/v1/customers/{id}/rollouts":     `{"model": "acme-d100", "firmware": "{firmware}", "ring_timeout": 60}`,
	"POST /api/v1/sites/{id}/sync":             `{"spread": 0}`,
	"POST /api/v1/sites/{id}/reboot":           `{"spread": 0}`,
}

// streamed are operations whose answer is a stream that does not end by
// itself; TestEventStream checks what they show to whom.
var streamed = map[string]bool{"GET /api/v1/events/stream": true}

// operation is one entry of the OpenAPI document.
type operation struct {
	method, path string
	hasBody      bool
}

// operations reads every operation from the served OpenAPI document.
func (e *env) operations() []operation {
	e.t.Helper()
	doc := e.must(200, "GET", "/api/openapi.json", "", nil)
	var spec struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(doc.raw, &spec); err != nil {
		e.t.Fatal(err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.1") {
		e.t.Fatalf("openapi version %q, want 3.1", spec.OpenAPI)
	}
	var ops []operation
	for path, methods := range spec.Paths {
		for m, raw := range methods {
			var op struct {
				RequestBody json.RawMessage `json:"requestBody"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				continue // not an operation (e.g. "parameters")
			}
			ops = append(ops, operation{method: strings.ToUpper(m), path: path, hasBody: op.RequestBody != nil})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].path+ops[i].method < ops[j].path+ops[j].method })
	if len(ops) < 30 {
		e.t.Fatalf("only %d operations in the document", len(ops))
	}
	return ops
}

// fill puts the target's ids into a path. It reports whether the path
// names a tenant's object, and fails on a parameter it does not know.
func fill(t *testing.T, path string, ids map[string]string) (string, bool) {
	t.Helper()
	segs := strings.Split(path, "/")
	tenantObject := false
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		key := strings.Trim(s, "{}")
		if key == "id" {
			key = segs[i-1]
		}
		v, ok := ids[key]
		if !ok {
			t.Fatalf("%s: no fixture for parameter %s; teach the isolation test about it", path, s)
		}
		segs[i] = v
		tenantObject = tenantObject || key != "models" && key != "firmware"
	}
	return strings.Join(segs, "/"), tenantObject
}

// snapshot dumps every record of every customer, secrets included, so any
// change by a refused call shows.
func (e *env) snapshot() string {
	e.t.Helper()
	var b strings.Builder
	all := switchboard.Page{Limit: switchboard.MaxPageSize}
	add := func(rows string, err error) error {
		b.WriteString(rows)
		return err
	}
	err := e.store.View(context.Background(), func(tx switchboard.Tx) error {
		cs, _, err := tx.Customers(all)
		if err != nil {
			return err
		}
		for _, c := range cs {
			fmt.Fprintf(&b, "%+v\n", *c)
			err := errors.Join(
				add(lines(tx.Sites(c.ID, all))),
				add(lines(tx.Numbers(switchboard.NumberFilter{CustomerID: c.ID}, all))),
				add(lines(tx.Workplaces(c.ID, all))),
				add(lines(tx.Devices(switchboard.DeviceFilter{CustomerID: c.ID}, all))),
				add(lines(tx.Orders(c.ID, all))),
				add(lines(tx.RedirectAccounts(c.ID, all))),
				add(lines(tx.Contacts(c.ID, all))),
				add(lines(tx.Trunks(c.ID, all))),
				add(lines(tx.MonitoringAccounts(c.ID, all))),
				add(callSettingsLines(tx, c.ID)),
				add(lines(tx.Messages(switchboard.MessageFilter{CustomerID: c.ID}, all))),
				add(lines(tx.Rollouts(c.ID, all))),
				add(pinLines(tx, c.ID)),
			)
			if err != nil {
				return err
			}
		}
		return errors.Join(add(lines(tx.Tokens("", all))), add(lines(tx.RedirectAccounts("", all))))
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return b.String()
}

// callSettingsLines prints the call settings of the customer's
// workplaces that have any.
func callSettingsLines(tx switchboard.Tx, customerID string) (string, error) {
	ws, _, err := tx.Workplaces(customerID, switchboard.Page{Limit: switchboard.MaxPageSize})
	var b strings.Builder
	for _, w := range ws {
		if cs, err := tx.CallSettings(w.ID); err == nil {
			fmt.Fprintf(&b, "%+v\n", *cs)
		}
	}
	return b.String(), err
}

// lines prints one page of rows, one row a line.
func lines[T any](rows []*T, _ string, err error) (string, error) {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%+v\n", *r)
	}
	return b.String(), err
}

// TestTenantIsolation calls every operation of the OpenAPI document as
// customer B's administrator with customer A's ids, and as A's user with
// the ids of A's other workplace and devices. None may answer with those
// objects or change anything.
func TestTenantIsolation(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	ops := e.operations()
	rda := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/redirect-accounts", a.admin,
		map[string]any{"service": "yealink", "name": "Alpha RPS", "credentials": map[string]string{"access_key_id": "alpha", "access_key_secret": "alpha-secret"}}).str("id")
	con := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/contacts", a.admin,
		map[string]any{"name": "Alpha supplier", "numbers": []string{"+4930111999"}}).str("id")
	trk := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/trunks", a.admin,
		map[string]any{"name": "alpha carrier", "proxy": "sip.alpha-carrier.example", "password": "alpha-trunk-secret"}).str("id")
	mon := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/monitoring-accounts", a.admin,
		map[string]any{"username": "alpha.cti"}).str("id")
	msg := e.failedMessage(a.customer)
	fw, rol := e.firmwareFixtures(a)

	callers := []struct {
		name, token string
		ids         map[string]string
		// private are strings of the target that must not appear in a
		// successful answer.
		private []string
		// objectStatus lists the answers allowed for a target object.
		objectStatus []int
	}{
		{
			name: "B admin", token: b.admin,
			ids: map[string]string{
				"customers": a.customer, "sites": a.site, "workplaces": a.wp1, "devices": a.dev1,
				"tokens": a.user1Tok, "number": a.numbers[2], "models": "acme-d100",
				"site": a.site, "customer": a.customer, "orders": a.order,
				"redirect-accounts": rda, "account": rda, "contact": con, "trunks": trk, "mid": mon, "messages": msg, "version": "1",
				"firmware": fw, "model": "acme-d100", "rollouts": rol,
			},
			private:      []string{rol, trk, mon, "alpha-trunk-secret", con, rda, a.order, a.customer, a.site, a.wp1, a.wp2, a.dev1, a.dev2, a.free, a.adminTok, a.user1Tok, a.numbers[0], a.numbers[2], a.username1, "admin@alpha.example"},
			objectStatus: []int{404},
		},
		{
			name: "A user", token: a.user1,
			ids: map[string]string{
				"customers": a.customer, "sites": a.site, "workplaces": a.wp2, "devices": a.dev2,
				"tokens": a.adminTok, "number": a.numbers[2], "models": "acme-d100",
				"site": a.site, "customer": a.customer, "orders": a.order,
				"redirect-accounts": rda, "account": rda, "contact": con, "trunks": trk, "mid": mon, "messages": msg, "version": "1",
				"firmware": fw, "model": "acme-d100", "rollouts": rol,
			},
			private:      []string{rol, trk, mon, "alpha-trunk-secret", con, rda, a.order, a.wp2, a.dev2, a.free, a.adminTok, a.numbers[1], a.numbers[2], a.username2, "admin@alpha.example"},
			objectStatus: []int{403, 404},
		},
	}
	for _, c := range callers {
		for _, op := range ops {
			key := op.method + " " + op.path
			if streamed[key] {
				continue
			}
			path, object := fill(t, op.path, c.ids)
			var body any
			if op.hasBody {
				sample, ok := sampleBodies[key]
				if !ok {
					t.Fatalf("%s: no sample body; add one to sampleBodies", key)
				}
				body = strings.NewReplacer("{site}", c.ids["site"], "{customer}", c.ids["customer"], "{workplace}", c.ids["workplaces"], "{free}", a.free, "{firmware}", fw).Replace(sample)
			}
			before := e.snapshot()
			r := e.call(op.method, path, c.token, body)
			if after := e.snapshot(); after != before {
				t.Errorf("%s: %s %s (%d) changed data:\nbefore:\n%s\nafter:\n%s", c.name, op.method, path, r.status, before, after)
			}
			ok := false
			switch {
			case r.status >= 200 && r.status < 300:
				ok = !object || op.path == "/api/v1/models/{id}"
				for _, p := range c.private {
					if strings.Contains(string(r.raw), p) {
						ok = false
						t.Errorf("%s: %s %s answered %d with %q: %s", c.name, op.method, path, r.status, p, r.raw)
					}
				}
			case object:
				for _, s := range c.objectStatus {
					ok = ok || r.status == s
				}
			default:
				ok = r.status == 403 || r.status == 404
			}
			if !ok {
				t.Errorf("%s: %s %s answered %d: %s", c.name, op.method, path, r.status, r.raw)
			}
		}
	}
}

// TestUserCannotChangeOwnWorkplace checks that a user, who may read the own
// workplace, cannot change its numbers, package, extension or devices, nor
// create tokens.
func TestUserCannotChangeOwnWorkplace(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	before := e.snapshot()
	for _, c := range []struct{ method, path, body string }{
		{"PATCH", "/api/v1/workplaces/" + a.wp1, `{"numbers": ["` + a.numbers[2] + `"]}`},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, `{"package": "premium"}`},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, `{"extension": "250"}`},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, `{"username": "alpha.new"}`},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, `{"multi_login": true}`},
		{"DELETE", "/api/v1/workplaces/" + a.wp1, ``},
		{"POST", "/api/v1/workplaces/" + a.wp1 + "/devices", `{"model": "acme-soft"}`},
		{"PATCH", "/api/v1/devices/" + a.dev1, `{"description": "mine"}`},
		{"DELETE", "/api/v1/devices/" + a.dev1, ``},
		{"POST", "/api/v1/tokens", `{"role": "user", "customer": "` + a.customer + `", "workplace": "` + a.wp1 + `"}`},
		{"GET", "/api/v1/tokens", ``},
		{"DELETE", "/api/v1/tokens/" + a.user1Tok, ``},
	} {
		var body any
		if c.body != "" {
			body = c.body
		}
		if r := e.call(c.method, c.path, a.user1, body); r.status != 403 {
			t.Errorf("user %s %s %s: status %d, want 403: %s", c.method, c.path, c.body, r.status, r.raw)
		}
	}
	if after := e.snapshot(); after != before {
		t.Errorf("refused calls changed data")
	}
	// What the user may do: read the own workplace and device, change
	// personal data.
	e.must(200, "GET", "/api/v1/workplaces/"+a.wp1, a.user1, nil)
	e.must(200, "GET", "/api/v1/workplaces/"+a.wp1+"/devices", a.user1, nil)
	e.must(200, "GET", "/api/v1/devices/"+a.dev1+"/sip-account", a.user1, nil)
	e.must(200, "GET", "/api/v1/devices/"+a.dev1+"/initial-login", a.user1, nil)
	r := e.must(200, "PATCH", "/api/v1/workplaces/"+a.wp1, a.user1, `{"city": "Hamburg", "mobile": "+49 171 1234567"}`)
	if r.str("city") != "Hamburg" || r.str("mobile") != "+491711234567" || r.obj()["no_mobile"] != false {
		t.Errorf("personal data not changed: %s", r.raw)
	}
}
