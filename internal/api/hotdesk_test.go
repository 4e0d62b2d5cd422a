package api_test

import (
	"context"
	"slices"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// The hot-desk operations' sample bodies for the isolation walk; {free}
// is the target tenant's free device.
func init() {
	sampleBodies["POST /api/v1/workplaces/{id}/hot-desk/login"] = `{"device": "{free}"}`
	sampleBodies["PUT /api/v1/sites/{id}/hot-desk"] = `{"auto_logout": "03:00"}`
}

// ids lists the ids of a list answer.
func ids(r resp) []string {
	var out []string
	for _, it := range r.items() {
		id, _ := it["id"].(string)
		out = append(out, id)
	}
	return out
}

// sameIDs fails unless got lists exactly want, in any order: the test
// clock stands still, so ids made in one millisecond sort at random.
func sameIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestHotDeskThroughTheAPI walks linking's free lists and a user's
// hot-desk log-in and log-out over HTTP, with the status of each refusal.
func TestHotDeskThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	e.processOrders(2)
	var pin string
	err := e.store.View(context.Background(), func(tx switchboard.Tx) error {
		w, err := tx.Workplace(a.wp1)
		if err == nil {
			pin = w.HotDeskPIN
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	freeWorkplaces := "/api/v1/customers/" + a.customer + "/workplaces?free=true"
	sameIDs(t, "free devices for the user", ids(e.must(200, "GET", "/api/v1/devices?free=true", a.user1, nil)), a.free)
	e.must(403, "GET", "/api/v1/devices", a.user1, nil)
	sameIDs(t, "free workplaces while both have their desk phone", ids(e.must(200, "GET", freeWorkplaces, a.admin, nil)))
	e.must(403, "POST", "/api/v1/devices/"+a.dev1+"/unlink", a.user1, nil)
	e.must(200, "POST", "/api/v1/devices/"+a.dev1+"/unlink", a.admin, nil)
	sameIDs(t, "free workplaces after the unlink", ids(e.must(200, "GET", freeWorkplaces, a.admin, nil)), a.wp1)
	sameIDs(t, "free devices after the unlink", ids(e.must(200, "GET", "/api/v1/devices?free=true", a.admin, nil)), a.dev1, a.free)

	login := "/api/v1/workplaces/" + a.wp1 + "/hot-desk/login"
	for _, c := range []struct {
		name   string
		body   map[string]any
		status int
	}{
		{"without a PIN", map[string]any{"device": a.free}, 422},
		{"with a wrong PIN", map[string]any{"device": a.free, "pin": "not-it"}, 403},
		{"on a linked device", map[string]any{"device": a.dev2, "pin": pin}, 409},
		{"on an unknown device", map[string]any{"device": "dev_unknown", "pin": pin}, 404},
	} {
		if r := e.call("POST", login, a.user1, c.body); r.status != c.status {
			t.Errorf("log-in %s: %d, want %d: %s", c.name, r.status, c.status, r.raw)
		}
	}
	r := e.must(200, "POST", login, a.user1, map[string]any{"device": a.free, "pin": pin})
	if r.str("device") != a.free {
		t.Errorf("log-in answer: %s", r.raw)
	}
	dev := e.must(200, "GET", "/api/v1/devices/"+a.free, a.user1, nil).obj()
	if hd, _ := dev["hot_desk"].(map[string]any); hd["workplace"] != a.wp1 || hd["since"] == nil {
		t.Errorf("device view hot_desk = %v", dev["hot_desk"])
	}
	wp := e.must(200, "GET", "/api/v1/workplaces/"+a.wp1, a.user1, nil).obj()
	if hd, _ := wp["hot_desk"].([]any); len(hd) != 1 {
		t.Errorf("workplace view hot_desk = %v", wp["hot_desk"])
	}
	sameIDs(t, "free devices while logged in", ids(e.must(200, "GET", "/api/v1/devices?free=true", a.admin, nil)), a.dev1)

	e.must(200, "POST", "/api/v1/workplaces/"+a.wp1+"/hot-desk/logout", a.user1, nil)
	e.must(409, "POST", "/api/v1/workplaces/"+a.wp1+"/hot-desk/logout", a.user1, nil)
	if dev := e.must(200, "GET", "/api/v1/devices/"+a.free, a.admin, nil).obj(); dev["hot_desk"] != nil {
		t.Errorf("hot_desk after log-out = %v", dev["hot_desk"])
	}

	settings := "/api/v1/sites/" + a.site + "/hot-desk"
	e.must(403, "PUT", settings, a.user1, map[string]any{"auto_logout": "03:00"})
	e.must(422, "PUT", settings, a.admin, map[string]any{"auto_logout": "25:00"})
	e.must(200, "PUT", settings, a.admin, map[string]any{"auto_logout": "03:00"})
	if got := e.must(200, "GET", settings, a.admin, nil).str("auto_logout"); got != "03:00" {
		t.Errorf("auto_logout = %q", got)
	}
}

// TestUserTokenOutsideTheAllowList turns the customer's IP allow-list on
// without the test client's address (192.0.2.1): the user's token is
// refused, the administrator's is not.
func TestUserTokenOutsideTheAllowList(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	e.must(200, "GET", "/api/v1/workplaces/"+a.wp1, a.user1, nil)
	e.must(200, "PATCH", "/api/v1/customers/"+a.customer, e.operator,
		map[string]any{"ip_allow_list": map[string]any{"enabled": true, "cidrs": []string{"198.51.100.0/24"}}})
	e.must(403, "GET", "/api/v1/workplaces/"+a.wp1, a.user1, nil)
	e.must(200, "GET", "/api/v1/workplaces/"+a.wp1, a.admin, nil)
	e.must(200, "PATCH", "/api/v1/customers/"+a.customer, e.operator,
		map[string]any{"ip_allow_list": map[string]any{"enabled": true, "cidrs": []string{"192.0.2.0/24"}}})
	e.must(200, "GET", "/api/v1/workplaces/"+a.wp1, a.user1, nil)
}

// TestFreeListsStayWithinTheTenant asks for the other tenant's free
// devices and workplaces by query, which the isolation walk over path ids
// does not reach: not found, and nothing of the other tenant shows.
func TestFreeListsStayWithinTheTenant(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	e.must(404, "GET", "/api/v1/devices?free=true&customer="+a.customer, b.admin, nil)
	e.must(404, "GET", "/api/v1/devices?free=true&customer="+a.customer, b.user1, nil)
	e.must(404, "GET", "/api/v1/customers/"+a.customer+"/workplaces?free=true", b.admin, nil)
	sameIDs(t, "B's free devices", ids(e.must(200, "GET", "/api/v1/devices?free=true", b.admin, nil)), b.free)
	sameIDs(t, "the operator's free devices of A", ids(e.must(200, "GET", "/api/v1/devices?free=true&customer="+a.customer, e.operator, nil)), a.free)
	sameIDs(t, "the operator's free devices", ids(e.must(200, "GET", "/api/v1/devices?free=true", e.operator, nil)), a.free, b.free)
	e.must(404, "POST", "/api/v1/workplaces/"+a.wp1+"/hot-desk/login", b.admin, map[string]any{"device": b.free})
	e.must(404, "POST", "/api/v1/workplaces/"+b.wp1+"/hot-desk/login", b.admin, map[string]any{"device": a.free})
}
