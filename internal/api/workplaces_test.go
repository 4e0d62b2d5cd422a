package api_test

import (
	"encoding/json"
	"testing"
	"time"
)

// merge returns base with the given fields replaced (nil deletes).
func merge(base map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

func TestWorkplaceCreateRules(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	path := "/api/v1/customers/" + a.customer + "/workplaces"
	ok := workplaceBody(a.site, "new.user", "300", a.numbers[2])

	for _, c := range []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"short username", merge(ok, "username", "abcd"), 422, "username"},
		{"upper-case username", merge(ok, "username", "NewUser"), 422, "username"},
		{"umlaut username", merge(ok, "username", "müller"), 422, "username"},
		{"username with dot at end", merge(ok, "username", "new.user."), 422, "username"},
		{"username with double dot", merge(ok, "username", "new..user"), 422, "username"},
		{"taken username", merge(ok, "username", a.username1), 409, "username"},
		{"username of other customer", merge(ok, "username", b.username1), 409, "username"},
		{"e-mail confirmation differs", merge(ok, "email_confirm", "other@example.com"), 422, "email_confirm"},
		{"bad e-mail", merge(ok, "email", "nope", "email_confirm", "nope"), 422, "email"},
		{"neither mobile nor no_mobile", merge(ok, "no_mobile", nil), 422, "mobile"},
		{"mobile and no_mobile", merge(ok, "mobile", "+491711234567"), 422, "mobile"},
		{"mobile not E.164", merge(ok, "no_mobile", nil, "mobile", "0171 1234567"), 422, "mobile"},
		{"extension 77", merge(ok, "extension", "771"), 422, "extension"},
		{"extension 78", merge(ok, "extension", "7800"), 422, "extension"},
		{"extension 118xx", merge(ok, "extension", "11833"), 422, "extension"},
		{"extension 110", merge(ok, "extension", "110"), 422, "extension"},
		{"extension 112", merge(ok, "extension", "1123"), 422, "extension"},
		{"extension letters", merge(ok, "extension", "12a"), 422, "extension"},
		{"extension taken", merge(ok, "extension", "201"), 409, "extension"},
		{"number assigned", merge(ok, "numbers", []string{a.numbers[2], a.numbers[0]}), 409, "numbers"},
		{"number of other customer", merge(ok, "numbers", []string{b.numbers[2]}), 409, "numbers"},
		{"unknown number", merge(ok, "numbers", []string{"+4999999999"}), 409, "numbers"},
		{"number malformed", merge(ok, "numbers", []string{"123"}), 422, "numbers"},
		{"number twice", merge(ok, "numbers", []string{a.numbers[2], a.numbers[2]}), 422, "numbers"},
		{"bad package", merge(ok, "package", "gold"), 422, "package"},
		{"site of other customer", merge(ok, "site", b.site), 422, "site"},
		{"missing site", merge(ok, "site", nil), 422, "site"},
		{"missing username", merge(ok, "username", nil), 422, "username"},
	} {
		r := e.call("POST", path, a.admin, c.body)
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, r.status, c.status, r.raw)
			continue
		}
		checkField(t, r, c.field)
	}
	// Nothing of the refused attempts was written: the number is still free
	// and only the two fixtures exist.
	if n := len(e.must(200, "GET", path, a.admin, nil).items()); n != 2 {
		t.Fatalf("%d workplaces after refused creations, want 2", n)
	}
	free := e.must(200, "GET", "/api/v1/customers/"+a.customer+"/numbers?free=true", a.admin, nil).items()
	if len(free) != 2 {
		t.Errorf("free numbers after refused creations: %v", free)
	}

	// The valid body orders a workplace with canonical numbers; it is
	// active once the order worker has carried the order out.
	r := e.must(201, "POST", path, a.admin, merge(ok, "numbers", []string{"0049 30 11112"}))
	w := r.obj()
	if w["state"] != "ordered" || w["package"] != "basic" || w["package_booked_at"] != "2026-03-01T10:00:00Z" {
		t.Errorf("created: %s", r.raw)
	}
	if nums, _ := json.Marshal(w["numbers"]); string(nums) != `["`+a.numbers[2]+`"]` {
		t.Errorf("numbers %s", nums)
	}
	for _, secret := range []string{"hot_desk_pin", "device_admin_password", "portal_password_hash", "email_confirm"} {
		if _, ok := w[secret]; ok {
			t.Errorf("answer carries %s", secret)
		}
	}
	e.must(200, "GET", "/api/v1/workplaces/"+r.str("id"), a.admin, nil)
}

func TestWorkplaceUpdateAndDelete(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	wp := "/api/v1/workplaces/" + a.wp1

	// Numbers are replaced as a whole; a taken one refuses the change.
	r := e.must(200, "PATCH", wp, a.admin, `{"numbers": ["`+a.numbers[2]+`", "`+a.numbers[3]+`"]}`)
	if nums, _ := json.Marshal(r.obj()["numbers"]); string(nums) != `["`+a.numbers[2]+`","`+a.numbers[3]+`"]` {
		t.Errorf("numbers after patch: %s", nums)
	}
	e.must(409, "PATCH", wp, a.admin, `{"numbers": ["`+a.numbers[1]+`"]}`)
	if n := len(e.must(200, "GET", "/api/v1/customers/"+a.customer+"/numbers?free=true", a.admin, nil).items()); n != 1 {
		t.Errorf("%d free numbers, want 1 (the first, released)", n)
	}

	// Same rules as creation.
	checkField(t, e.must(422, "PATCH", wp, a.admin, `{"email": "x@example.com"}`), "email_confirm")
	checkField(t, e.must(409, "PATCH", wp, a.admin, `{"extension": "202"}`), "extension")
	checkField(t, e.must(422, "PATCH", wp, a.admin, `{"extension": "112"}`), "extension")
	checkField(t, e.must(409, "PATCH", wp, a.admin, `{"username": "`+a.username2+`"}`), "username")
	e.must(200, "PATCH", wp, a.admin, `{"email": "x@example.com", "email_confirm": "x@example.com", "extension": "205"}`)

	// Package: upgrade any time, downgrade only after 30 days.
	e.must(200, "PATCH", wp, a.admin, `{"package": "premium"}`)
	e.now = e.now.Add(10 * 24 * time.Hour)
	r = e.must(409, "PATCH", wp, a.admin, `{"package": "basic"}`)
	checkField(t, r, "package")
	e.now = e.now.Add(21 * 24 * time.Hour)
	if got := e.must(200, "PATCH", wp, a.admin, `{"package": "none"}`).str("package"); got != "none" {
		t.Errorf("package after downgrade %q", got)
	}

	// Delete: numbers and extension are released, devices unlinked.
	e.must(204, "DELETE", wp, a.admin, nil)
	if got := e.must(200, "GET", wp, a.admin, nil).str("state"); got != "deleted" {
		t.Errorf("state %q after delete", got)
	}
	e.must(409, "DELETE", wp, a.admin, nil)
	e.must(409, "PATCH", wp, a.admin, `{"city": "Bonn"}`)
	d := e.must(200, "GET", "/api/v1/devices/"+a.dev1, a.admin, nil).obj()
	if d["workplace"] != nil {
		t.Errorf("device still linked after delete: %v", d)
	}
	e.must(201, "POST", "/api/v1/customers/"+a.customer+"/workplaces", a.admin,
		workplaceBody(a.site, a.username1, "205", a.numbers[2], a.numbers[3]))
	// The deleted workplace's user token no longer works.
	e.must(401, "GET", wp, a.user1, nil)
	e.must(404, "GET", "/api/v1/workplaces/wp_unknown", a.admin, nil)
}

func TestMultiLoginDeskLimit(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	devs := "/api/v1/workplaces/" + a.wp1 + "/devices"
	e.must(409, "POST", devs, a.admin, `{"model": "acme-d100"}`)
	e.must(201, "POST", devs, a.admin, `{"model": "acme-soft"}`)
	e.must(200, "PATCH", "/api/v1/workplaces/"+a.wp1, a.admin, `{"multi_login": true}`)
	e.must(201, "POST", devs, a.admin, `{"model": "acme-d100"}`)
	e.must(409, "POST", devs, a.admin, `{"model": "acme-d100"}`)
	checkField(t, e.must(409, "PATCH", "/api/v1/workplaces/"+a.wp1, a.admin, `{"multi_login": false}`), "multi_login")
	if n := len(e.must(200, "GET", devs, a.admin, nil).items()); n != 3 {
		t.Errorf("%d devices, want 3", n)
	}
	// Deleting the workplace deletes its soft client and frees its phones.
	e.must(204, "DELETE", "/api/v1/workplaces/"+a.wp1, a.admin, nil)
	all := e.must(200, "GET", "/api/v1/customers/"+a.customer+"/devices", a.admin, nil).items()
	if len(all) != 4 {
		t.Errorf("%d devices of the customer after delete, want 4 (three desk phones and the hot desk)", len(all))
	}
	for _, d := range all {
		if d["kind"] == "desktop_client" {
			t.Errorf("soft client survived its workplace: %v", d)
		}
	}
}

// TestConcurrentCreation sends the same workplace twice at once: one is
// created, the other refused with a conflict, never an internal error.
func TestConcurrentCreation(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	body := workplaceBody(a.site, "twin.user", "260", a.numbers[2])
	statuses := make(chan int, 2)
	for range 2 {
		go func() {
			statuses <- e.call("POST", "/api/v1/customers/"+a.customer+"/workplaces", a.admin, body).status
		}()
	}
	got := map[int]int{<-statuses: 1}
	got[<-statuses]++
	if got[201] != 1 || got[409] != 1 {
		t.Errorf("statuses %v, want one 201 and one 409", got)
	}
}
