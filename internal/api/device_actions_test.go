package api_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

func TestNewKey(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	old := e.must(200, "GET", "/api/v1/devices/"+a.dev1, a.admin, nil).str("provisioning_url")
	r := e.must(200, "POST", "/api/v1/devices/"+a.dev1+"/new-key", a.admin, nil)
	if nu := r.str("provisioning_url"); nu == old || !provURLPattern.MatchString(nu) {
		t.Errorf("new key: %q after %q", nu, old)
	}
	e.collectDeviceSecrets(a.dev1)
	e.must(403, "POST", "/api/v1/devices/"+a.dev1+"/new-key", a.user1, nil)
}

func TestLinkUnlink(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	link := "/api/v1/devices/" + a.free + "/link"

	// The workplace already has its desk phone.
	e.must(409, "POST", link, a.admin, `{"workplace": "`+a.wp1+`"}`)
	checkField(t, e.must(422, "POST", link, a.admin, `{"workplace": "`+b.wp1+`"}`), "workplace")
	e.must(409, "POST", "/api/v1/devices/"+a.dev1+"/link", a.admin, `{"workplace": "`+a.wp2+`"}`)

	e.must(200, "PUT", "/api/v1/devices/"+a.dev1+"/keys", a.admin, `[{"module": 0, "index": 1, "type": "blf", "value": "202", "label": "Max"}]`)
	e.must(403, "POST", "/api/v1/devices/"+a.dev1+"/unlink", a.user1, nil)
	r := e.must(200, "POST", "/api/v1/devices/"+a.dev1+"/unlink", a.admin, nil)
	if o := r.obj(); o["workplace"] != nil || len(o["keys"].([]any)) != 0 {
		t.Errorf("unlinked: %s", r.raw)
	}
	e.must(409, "POST", "/api/v1/devices/"+a.dev1+"/unlink", a.admin, nil)
	if got := e.must(200, "POST", link, a.admin, `{"workplace": "`+a.wp1+`"}`).str("workplace"); got != a.wp1 {
		t.Errorf("linked to %q", got)
	}
	// The user now sees the linked device, not the unlinked one.
	e.must(200, "GET", "/api/v1/devices/"+a.free, a.user1, nil)
	e.must(404, "GET", "/api/v1/devices/"+a.dev1, a.user1, nil)
}

func TestFunctionKeys(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	keys := "/api/v1/devices/" + a.dev1 + "/keys"
	r := e.must(200, "PUT", keys, a.admin, `[{"module": 0, "index": 1, "type": "blf", "value": "202", "label": "Max"}, {"module": 0, "index": 6, "type": "line", "value": "", "label": "Line"}]`)
	if ks := r.obj()["keys"].([]any); len(ks) != 2 || ks[0].(map[string]any)["label"] != "Max" {
		t.Errorf("keys: %s", r.raw)
	}
	for _, c := range []struct{ body, loc string }{
		{`[{"module": 1, "index": 1, "type": "blf", "value": "1", "label": "x"}]`, "body[0].module"},
		{`[{"module": 0, "index": 7, "type": "blf", "value": "1", "label": "x"}]`, "body[0].index"},
		{`[{"module": 0, "index": 0, "type": "blf", "value": "1", "label": "x"}]`, "body[0].index"},
		{`[{"module": 0, "index": 1, "type": "speed_dial", "value": "1", "label": "x"}]`, "body[0].type"},
		{`[{"module": 0, "index": 1, "type": "blf", "value": "1", "label": "x"}, {"module": 0, "index": 1, "type": "line", "value": "", "label": "y"}]`, "body[1].index"},
	} {
		r := e.must(422, "PUT", keys, a.admin, c.body)
		found := false
		for _, x := range r.obj()["errors"].([]any) {
			found = found || x.(map[string]any)["location"] == c.loc
		}
		if !found {
			t.Errorf("%s: error does not point at %s: %s", c.body, c.loc, r.raw)
		}
	}
	// Refused lists leave the keys as they were.
	if ks := e.must(200, "GET", "/api/v1/devices/"+a.dev1, a.user1, nil).obj()["keys"].([]any); len(ks) != 2 {
		t.Errorf("keys after refused changes: %v", ks)
	}
	e.must(200, "PUT", keys, a.admin, `[]`)
	e.must(403, "PUT", keys, a.user1, `[]`)
}

func TestStatusAndActions(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	dev := "/api/v1/devices/" + a.dev1

	st := e.must(200, "GET", dev+"/status", a.user1, nil).obj()
	if st["state"] != "offline" || st["ip"] != "" || st["double_registration"] != false {
		t.Errorf("status of a new device: %v", st)
	}
	e.sip.SetOnline(a.dev1, switchboard.DeviceStatus{State: "online", IP: "192.0.2.7", LastIP: "192.0.2.7", UserAgent: "Acme D100 1.2", Encrypted: true})
	st = e.must(200, "GET", dev+"/status", a.admin, nil).obj()
	if st["state"] != "online" || st["ip"] != "192.0.2.7" || st["user_agent"] != "Acme D100 1.2" || st["encrypted"] != true {
		t.Errorf("status online: %v", st)
	}

	// Online: the NOTIFY goes out at once, with reboot only where asked.
	if r := e.must(200, "POST", dev+"/sync", a.admin, nil).obj(); r["state"] != "sent" || r["action"] != "sync" {
		t.Errorf("sync: %v", r)
	}
	if r := e.must(200, "POST", dev+"/reboot", a.admin, nil).obj(); r["state"] != "sent" {
		t.Errorf("reboot: %v", r)
	}
	if got := strings.Join(e.sip.Notified(), ","); got != a.dev1+" reboot=false,"+a.dev1+" reboot=true" {
		t.Errorf("notified: %s", got)
	}

	// Offline: reset waits, renews the workplace's admin password, and a
	// later sync does not replace the stronger pending action.
	before := e.adminPassword(a.wp2)
	if r := e.must(200, "POST", "/api/v1/devices/"+a.dev2+"/reset", a.admin, nil).obj(); r["state"] != "pending" ||
		!strings.HasPrefix(fmt.Sprint(r["detail"]), "queued; delivered at the device's next registration or profile fetch") {
		t.Errorf("reset offline: %v", r)
	}
	// The device shows the action it waits for and since when.
	if la, _ := e.must(200, "GET", "/api/v1/devices/"+a.dev2, a.admin, nil).obj()["last_action"].(map[string]any); la["action"] != "reset" ||
		la["state"] != "pending" || la["requested_at"] == nil || la["delivered_at"] != nil {
		t.Errorf("last_action of an offline device after a reset: %v", la)
	}
	if after := e.adminPassword(a.wp2); after == before || len(after) != 40 {
		t.Errorf("workplace admin password not renewed")
	}
	e.must(200, "POST", "/api/v1/devices/"+a.dev2+"/sync", a.admin, nil)
	if got := e.must(200, "GET", "/api/v1/devices/"+a.dev2, a.admin, nil).str("pending_action"); got != "reset" {
		t.Errorf("pending action %q, want reset", got)
	}
	e.must(200, "POST", "/api/v1/devices/"+a.dev2+"/reconfigure", a.admin, nil)
	if got := e.must(200, "GET", "/api/v1/devices/"+a.dev2, a.admin, nil).str("pending_action"); got != "reconfigure" {
		t.Errorf("pending action %q, want reconfigure", got)
	}

	// What the model cannot do is refused; users cannot act.
	base := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/devices", a.admin, `{"model": "acme-base"}`).str("id")
	e.must(409, "POST", "/api/v1/devices/"+base+"/sync", a.admin, nil)
	e.must(409, "POST", "/api/v1/devices/"+base+"/reboot", a.admin, nil)
	e.must(403, "POST", dev+"/reboot", a.user1, nil)

	// A failing NOTIFY leaves the action pending and is logged.
	e.sip.SetFail(errors.New("network unreachable"))
	if r := e.must(200, "POST", dev+"/reboot", a.admin, nil).obj(); r["state"] != "pending" {
		t.Errorf("reboot with failing notify: %v", r)
	}
	if !strings.Contains(e.logs.String(), "network unreachable") {
		t.Error("failed notify not logged")
	}
}

// adminPassword reads a workplace's device admin password from the store.
func (e *env) adminPassword(id string) string {
	e.t.Helper()
	var pw string
	err := e.store.View(context.Background(), func(tx switchboard.Tx) error {
		w, err := tx.Workplace(id)
		if err == nil {
			pw = w.DeviceAdminPassword
		}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.secrets = append(e.secrets, pw)
	return pw
}

// TestRegistrarForgetsChangedAccounts checks that the registrar's cache is
// told about accounts that change, so a deleted device stops registering at
// once.
func TestRegistrarForgetsChangedAccounts(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	auth := func(id string) string {
		return e.must(200, "GET", "/api/v1/devices/"+id+"/sip-account", a.admin, nil).str("auth_name")
	}
	dev1, dev2, free := auth(a.dev1), auth(a.dev2), auth(a.free)
	e.sip.Take()

	for _, c := range []struct {
		method, path, body string
		want               string
	}{
		{"DELETE", "/api/v1/devices/" + a.free, "", free},
		{"POST", "/api/v1/devices/" + a.dev2 + "/unlink", "", dev2},
		{"DELETE", "/api/v1/workplaces/" + a.wp1, "", dev1},
		{"PATCH", "/api/v1/sites/" + a.site, `{"encryption": false}`, "*"},
		{"PATCH", "/api/v1/customers/" + a.customer, `{"sip_domain": "alpha.example"}`, "*"},
		{"PATCH", "/api/v1/sites/" + a.site, `{"name": "Same encryption"}`, ""},
	} {
		var body any
		if c.body != "" {
			body = c.body
		}
		r := e.call(c.method, c.path, e.operator, body)
		if r.status >= 300 {
			t.Fatalf("%s %s: %d %s", c.method, c.path, r.status, r.raw)
		}
		if _, inv := e.sip.Take(); strings.Join(inv, ",") != c.want {
			t.Errorf("%s %s invalidated %q, want %q", c.method, c.path, inv, c.want)
		}
	}
	// Refused changes invalidate nothing.
	e.must(404, "DELETE", "/api/v1/devices/"+a.free, e.operator, nil)
	if _, got := e.sip.Take(); len(got) != 0 {
		t.Errorf("a refused delete invalidated %v", got)
	}
}
