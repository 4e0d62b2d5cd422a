package api_test

import (
	"context"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// allKeyTypes are the function key types of seed 004.
var allKeyTypes = []switchboard.KeyType{switchboard.KeyLine, switchboard.KeySpeedDial, switchboard.KeyBLF,
	switchboard.KeyVoicemail, switchboard.KeyDirectory, switchboard.KeyGroup, switchboard.KeyExtension}

// richModels adds to the test catalogue a phone with expansion modules and
// every key type, and DECT bases and handsets with capacities and vendors.
var richModels = append(catalogue{
	{ID: "acme-p300", Vendor: "Acme", Name: "P300", Kind: switchboard.KindDeskPhone, Lines: 4, LineKeys: 10, Modules: 2, ModuleKeys: 20, KeyTypes: allKeyTypes, CanSync: true, CanReboot: true, URLForm: switchboard.URLFile},
	{ID: "acme-base2", Vendor: "Acme", Name: "B2", Kind: switchboard.KindDECTBase, Lines: 2, Handsets: 2},
	{ID: "acme-hs2", Vendor: "Acme", Name: "H2", Kind: switchboard.KindDECTHandset, Lines: 1, Bases: []string{"acme-base2"}},
	{ID: "other-base", Vendor: "Other", Name: "OB", Kind: switchboard.KindDECTBase, Lines: 10, Handsets: 10},
}, testModels...)

// newRichEnv is newEnv with richModels as the catalogue.
func newRichEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, richModels)
}

// problemDetails returns the locations and messages of a problem answer.
func problemDetails(r resp) map[string]string {
	var out = map[string]string{}
	errs, _ := r.obj()["errors"].([]any)
	for _, x := range errs {
		if m, ok := x.(map[string]any); ok {
			loc, _ := m["location"].(string)
			msg, _ := m["message"].(string)
			out[loc] = msg
		}
	}
	return out
}

// TestFunctionKeyRules puts every key rule of issue 4 item 5 through
// PUT /devices/{id}/keys: a refusal names the key, changes nothing, and a
// valid set is stored as given.
func TestFunctionKeyRules(t *testing.T) {
	e := newRichEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	p300 := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/devices", a.admin, `{"model": "acme-p300"}`).str("id")
	keys := "/api/v1/devices/" + p300 + "/keys"
	valid := `[{"module": 0, "index": 1, "type": "line", "value": "1", "label": "Line 1"},
		{"module": 0, "index": 2, "type": "speed_dial", "value": "*21#", "label": "Divert"},
		{"module": 0, "index": 3, "type": "speed_dial", "value": "+4930123456", "label": "Office"},
		{"module": 0, "index": 4, "type": "blf", "value": "201", "label": "Anna"},
		{"module": 0, "index": 5, "type": "voicemail", "value": "", "label": "VM"},
		{"module": 0, "index": 6, "type": "directory", "value": "", "label": "Dir"},
		{"module": 0, "index": 7, "type": "group", "value": "300", "label": "Team"},
		{"module": 0, "index": 10, "type": "extension", "value": "202", "label": "Max"},
		{"module": 1, "index": 20, "type": "blf", "value": "203", "label": "Eva"},
		{"module": 2, "index": 1, "type": "speed_dial", "value": "#31#", "label": "Hide"}]`
	r := e.must(200, "PUT", keys, a.admin, valid)
	if ks, _ := r.obj()["keys"].([]any); len(ks) != 10 {
		t.Fatalf("stored keys: %s", r.raw)
	}
	before := string(e.must(200, "GET", "/api/v1/devices/"+p300, a.admin, nil).raw)
	d100 := "/api/v1/devices/" + a.dev1 + "/keys"

	for _, c := range []struct {
		name, path, body string
		// loc is the error's location, words must all be in its message.
		loc   string
		words []string
	}{
		{"module beyond the expansion modules", keys, `[{"module": 3, "index": 1, "type": "blf", "value": "201"}]`, "body[0].module", []string{"module 3", "modules 1 to 2"}},
		{"module on a phone without modules", d100, `[{"module": 1, "index": 1, "type": "blf", "value": "201"}]`, "body[0].module", []string{"no expansion module"}},
		{"negative module", keys, `[{"module": -1, "index": 1, "type": "blf", "value": "201"}]`, "body[0].module", []string{"module -1"}},
		{"index beyond the phone's keys", keys, `[{"module": 0, "index": 11, "type": "blf", "value": "201"}]`, "body[0].index", []string{"key 11 on the phone", "1 to 10"}},
		{"index beyond the module's keys", keys, `[{"module": 1, "index": 21, "type": "blf", "value": "201"}]`, "body[0].index", []string{"key 21 on expansion module 1", "1 to 20"}},
		{"index zero", keys, `[{"module": 0, "index": 0, "type": "blf", "value": "201"}]`, "body[0].index", []string{"key 0"}},
		{"key given twice", keys, `[{"module": 0, "index": 4, "type": "blf", "value": "201"}, {"module": 0, "index": 4, "type": "blf", "value": "202"}]`, "body[1].index", []string{"key 4 on the phone", "twice"}},
		{"type the vendor lacks", d100, `[{"module": 0, "index": 2, "type": "speed_dial", "value": "123"}]`, "body[0].type", []string{"key 2 on the phone", "speed_dial", "line, blf"}},
		{"unknown type", keys, `[{"module": 0, "index": 1, "type": "intercom", "value": "1"}]`, "body[0].type", []string{"intercom"}},
		{"speed dial without number", keys, `[{"module": 0, "index": 2, "type": "speed_dial", "value": ""}]`, "body[0].value", []string{"key 2 on the phone", "number or *# code"}},
		{"speed dial with letters", keys, `[{"module": 0, "index": 2, "type": "speed_dial", "value": "12a"}]`, "body[0].value", []string{"12a"}},
		{"blf with a name", keys, `[{"module": 0, "index": 4, "type": "blf", "value": "anna"}]`, "body[0].value", []string{"extension", "anna"}},
		{"blf without extension", keys, `[{"module": 2, "index": 3, "type": "blf", "value": ""}]`, "body[0].value", []string{"key 3 on expansion module 2"}},
		{"group without extension", keys, `[{"module": 0, "index": 7, "type": "group", "value": ""}]`, "body[0].value", []string{"group"}},
		{"line beyond the lines", keys, `[{"module": 0, "index": 1, "type": "line", "value": "5"}]`, "body[0].value", []string{"1 to 4"}},
		{"directory with a value", keys, `[{"module": 0, "index": 6, "type": "directory", "value": "123"}]`, "body[0].value", []string{"no value"}},
		{"voicemail with letters", keys, `[{"module": 0, "index": 5, "type": "voicemail", "value": "mbox"}]`, "body[0].value", []string{"mailbox"}},
		{"label too long", keys, `[{"module": 0, "index": 4, "type": "blf", "value": "201", "label": "` + strings.Repeat("x", 41) + `"}]`, "body[0].label", []string{"40 characters"}},
		{"second of three keys bad", keys, `[{"module": 0, "index": 1, "type": "line", "value": "1"}, {"module": 0, "index": 2, "type": "blf", "value": "x"}, {"module": 0, "index": 3, "type": "blf", "value": "204"}]`, "body[1].value", []string{"key 2 on the phone"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.must(422, "PUT", c.path, a.admin, c.body)
			msg, ok := problemDetails(r)[c.loc]
			if !ok {
				t.Fatalf("no error at %s: %s", c.loc, r.raw)
			}
			for _, w := range c.words {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
		})
	}
	if after := string(e.must(200, "GET", "/api/v1/devices/"+p300, a.admin, nil).raw); after != before {
		t.Errorf("refused key sets changed the device:\nbefore %s\nafter  %s", before, after)
	}
	e.must(403, "PUT", "/api/v1/devices/"+a.dev1+"/keys", a.user1, `[]`)
	// An empty list clears the keys.
	if ks, _ := e.must(200, "PUT", keys, a.admin, `[]`).obj()["keys"].([]any); len(ks) != 0 {
		t.Errorf("keys not cleared")
	}
}

// TestKeysAndSettingsSurviveNewKeyAndReset checks seed 004's promise: a new
// access key (and a reset or reconfigure) keeps the function keys and every
// other setting; only the provisioning URL changes.
func TestKeysAndSettingsSurviveNewKeyAndReset(t *testing.T) {
	e := newRichEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	dev := e.must(201, "POST", "/api/v1/customers/"+a.customer+"/devices", a.admin,
		`{"model": "acme-p300", "description": "reception", "mac": "00:15:65:12:34:56", "mac_provisioning": "once", "admin_password": "918273645", "web_user": "hans", "web_password": "564738291"}`).str("id")
	e.secrets = append(e.secrets, "918273645", "564738291")
	e.must(200, "PUT", "/api/v1/devices/"+dev+"/keys", a.admin,
		`[{"module": 0, "index": 1, "type": "blf", "value": "201", "label": "Anna"}, {"module": 1, "index": 2, "type": "speed_dial", "value": "*21#", "label": "Divert"}]`)
	stored := func() switchboard.Device {
		var d *switchboard.Device
		if err := e.store.View(context.Background(), func(tx switchboard.Tx) error {
			var err error
			d, err = tx.Device(dev)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return *d
	}
	before := stored()
	oldURL := e.must(200, "GET", "/api/v1/devices/"+dev, a.admin, nil).str("provisioning_url")
	e.must(200, "POST", "/api/v1/devices/"+dev+"/new-key", a.admin, nil)
	e.must(200, "POST", "/api/v1/devices/"+dev+"/reset", a.admin, nil)
	e.must(200, "POST", "/api/v1/devices/"+dev+"/reconfigure", a.admin, nil)
	after := stored()
	if after.AccessKey == before.AccessKey {
		t.Fatal("new-key kept the access key")
	}
	if e.must(200, "GET", "/api/v1/devices/"+dev, a.admin, nil).str("provisioning_url") == oldURL {
		t.Error("provisioning URL unchanged")
	}
	// Everything but the key, the pending action and the time stays.
	after.AccessKey, after.PendingAction, after.UpdatedAt = before.AccessKey, before.PendingAction, before.UpdatedAt
	if got, want := stringOf(after), stringOf(before); got != want {
		t.Errorf("settings changed by new-key/reset/reconfigure:\nbefore %s\nafter  %s", want, got)
	}
	if len(after.Keys) != 2 || after.Keys[1].Value != "*21#" || after.WebUser != "hans" || after.AdminPassword != "918273645" ||
		after.WebPassword != "564738291" || after.MAC != "001565123456" || after.MACProvisioning != switchboard.MACOnce {
		t.Errorf("device after new-key: %+v", after)
	}
}

// stringOf lists the settings of a device that must survive a new key.
func stringOf(d switchboard.Device) string {
	var b strings.Builder
	b.WriteString(d.ID + "|" + d.Model + "|" + d.Description + "|" + d.MAC + "|" + string(d.MACProvisioning) + "|" +
		d.AdminPassword + "|" + d.WebUser + "|" + d.WebPassword + "|" + d.SIP.Username + "|" + d.SIP.Password + "|" + d.InitialLogin.Password)
	for _, k := range d.Keys {
		b.WriteString("|" + string(k.Type) + ":" + k.Value + ":" + k.Label)
	}
	return b.String()
}

// TestDevicePasswords checks seed 004's password rule for the admin and the
// web password: 4 to 9 digits by hand, else 40 generated digits, and
// neither ever in an API answer.
func TestDevicePasswords(t *testing.T) {
	e := newRichEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	devs := "/api/v1/customers/" + a.customer + "/devices"
	for _, c := range []struct{ body, field string }{
		{`{"model": "acme-d100", "admin_password": "123"}`, "admin_password"},
		{`{"model": "acme-d100", "admin_password": "1234567890"}`, "admin_password"},
		{`{"model": "acme-d100", "admin_password": "12a4"}`, "admin_password"},
		{`{"model": "acme-d100", "web_password": "abcd"}`, "web_password"},
		{`{"model": "acme-d100", "web_password": "12 34"}`, "web_password"},
	} {
		checkField(t, e.must(422, "POST", devs, a.admin, c.body), c.field)
	}
	manual := e.must(201, "POST", devs, a.admin, `{"model": "acme-d100", "admin_password": "4711", "web_user": "erika", "web_password": "918273645"}`)
	generated := e.must(201, "POST", devs, a.admin, `{"model": "acme-d100"}`)
	e.secrets = append(e.secrets, "918273645")
	if strings.Contains(string(manual.raw), "918273645") || strings.Contains(string(manual.raw), `"4711"`) {
		t.Errorf("a password is in the answer: %s", manual.raw)
	}
	if o := manual.obj(); o["admin_password_manual"] != true || o["web_password_manual"] != true || o["web_user"] != "erika" {
		t.Errorf("manual passwords: %s", manual.raw)
	}
	if o := generated.obj(); o["admin_password_manual"] != false || o["web_password_manual"] != false || o["web_user"] != "user" {
		t.Errorf("generated passwords: %s", generated.raw)
	}
	var d *switchboard.Device
	err := e.store.View(context.Background(), func(tx switchboard.Tx) error {
		var err error
		d, err = tx.Device(generated.str("id"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e.secrets = append(e.secrets, d.AdminPassword, d.WebPassword)
	for _, pw := range []string{d.AdminPassword, d.WebPassword} {
		if len(pw) != 40 || strings.Trim(pw, "0123456789") != "" {
			t.Errorf("generated password %d characters, want 40 digits", len(pw))
		}
		for _, path := range []string{"/api/v1/devices/" + d.ID, devs} {
			if strings.Contains(string(e.must(200, "GET", path, a.admin, nil).raw), pw) {
				t.Errorf("GET %s shows a generated password", path)
			}
		}
	}
	// Back to generated by setting it empty; a bad one is refused.
	r := e.must(200, "PATCH", "/api/v1/devices/"+manual.str("id"), a.admin, `{"admin_password": ""}`)
	if r.obj()["admin_password_manual"] != false {
		t.Errorf("empty admin password did not return to a generated one: %s", r.raw)
	}
	checkField(t, e.must(422, "PATCH", "/api/v1/devices/"+manual.str("id"), a.admin, `{"web_password": "12345678901"}`), "web_password")

	// The web user name is any text, but no line break that could start a
	// new setting in a vendor file, and not endless.
	checkField(t, e.must(422, "POST", devs, a.admin, `{"model": "acme-d100", "web_user": "erika\nadmin_password=1"}`), "web_user")
	checkField(t, e.must(422, "PATCH", "/api/v1/devices/"+manual.str("id"), a.admin, `{"web_user": "`+strings.Repeat("w", 65)+`"}`), "web_user")
	checkField(t, e.must(422, "PATCH", "/api/v1/devices/"+manual.str("id"), a.admin, `{"description": "a\tb"}`), "description")
	if got := e.must(200, "PATCH", "/api/v1/devices/"+manual.str("id"), a.admin, `{"web_user": "Érika Müller"}`).str("web_user"); got != "Érika Müller" {
		t.Errorf("web user %q", got)
	}
}

// TestWorkplaceAdminPassword checks seed 000: the workplace's generated
// admin password is shown to administrators only, and only once a device
// has fetched a profile carrying it; a reset renews it and hides it again.
func TestWorkplaceAdminPassword(t *testing.T) {
	e := newRichEnv(t)
	a, b := e.tenants()
	path := "/api/v1/workplaces/" + a.wp1 + "/admin-password"
	pw := e.adminPassword(a.wp1)
	r := e.must(404, "GET", path, a.admin, nil)
	if d := r.str("detail"); !strings.Contains(d, "not been delivered yet") || strings.Contains(string(r.raw), pw) {
		t.Errorf("before delivery: %s", r.raw)
	}
	deliver := func() {
		t.Helper()
		err := e.store.Update(context.Background(), func(tx switchboard.Tx) error {
			w, err := tx.Workplace(a.wp1)
			if err != nil {
				return err
			}
			w.AdminPasswordDeliveredAt = e.now
			return tx.UpdateWorkplace(w)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	deliver()
	r = e.must(200, "GET", path, a.admin, nil)
	if r.str("password") != pw || len(pw) != 40 || r.str("delivered_at") == "" {
		t.Errorf("after delivery: %s", r.raw)
	}
	e.must(200, "GET", path, e.operator, nil)
	e.must(403, "GET", path, a.user1, nil)
	e.must(404, "GET", path, b.admin, nil)

	e.must(200, "POST", "/api/v1/devices/"+a.dev1+"/reset", a.admin, nil)
	e.must(404, "GET", path, a.admin, nil)
	renewed := e.adminPassword(a.wp1)
	deliver()
	if got := e.must(200, "GET", path, a.admin, nil).str("password"); got != renewed || got == pw {
		t.Errorf("after reset and delivery: %q (old %q, stored %q)", got, pw, renewed)
	}
}

// TestDECTRules checks issue 4 item 6: a handset hangs on a base station of
// its customer that it fits, within the base's capacity; a base with
// handsets cannot be deleted.
func TestDECTRules(t *testing.T) {
	e := newRichEnv(t)
	a, b := e.tenants()
	devs := "/api/v1/customers/" + a.customer + "/devices"
	base := e.must(201, "POST", devs, a.admin, `{"model": "acme-base2"}`).str("id")
	spare := e.must(201, "POST", devs, a.admin, `{"model": "acme-base2"}`).str("id")
	oldBase := e.must(201, "POST", devs, a.admin, `{"model": "acme-base"}`).str("id")
	other := e.must(201, "POST", devs, a.admin, `{"model": "other-base"}`).str("id")
	bBase := e.must(201, "POST", "/api/v1/customers/"+b.customer+"/devices", b.admin, `{"model": "acme-base2"}`).str("id")

	for _, c := range []struct {
		name, body string
		status     int
		words      []string
	}{
		{"no base", `{"model": "acme-hs2"}`, 422, []string{"base station"}},
		{"base of another vendor", `{"model": "acme-handset", "base": "` + other + `"}`, 422, []string{"cannot be attached", "Other OB"}},
		{"base model the handset does not name", `{"model": "acme-hs2", "base": "` + oldBase + `"}`, 422, []string{"acme-base2"}},
		{"base of another customer", `{"model": "acme-hs2", "base": "` + bBase + `"}`, 422, []string{"not a DECT base station of this customer"}},
		{"a desk phone as base", `{"model": "acme-hs2", "base": "` + a.dev1 + `"}`, 422, []string{"not a DECT base station"}},
		{"a base on a desk phone", `{"model": "acme-d100", "base": "` + base + `"}`, 422, []string{"only a DECT handset"}},
		{"unknown base", `{"model": "acme-hs2", "base": "dev_nothing"}`, 422, []string{"not a DECT base station"}},
	} {
		r := e.must(c.status, "POST", devs, a.admin, c.body)
		msg := problemDetails(r)["body.base"]
		for _, w := range c.words {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message %q lacks %q (%s)", c.name, msg, w, r.raw)
			}
		}
	}
	h1 := e.must(201, "POST", devs, a.admin, `{"model": "acme-hs2", "base": "`+base+`"}`).str("id")
	e.must(201, "POST", devs, a.admin, `{"model": "acme-hs2", "base": "`+base+`"}`)
	r := e.must(409, "POST", devs, a.admin, `{"model": "acme-hs2", "base": "`+base+`"}`)
	if msg := problemDetails(r)["body.base"]; !strings.Contains(msg, "already carries 2 handsets") {
		t.Errorf("full base: %s", r.raw)
	}
	// Moving a handset: to a full base refused, to one with room allowed,
	// and never away from every base.
	h3 := e.must(201, "POST", devs, a.admin, `{"model": "acme-hs2", "base": "`+spare+`"}`).str("id")
	e.must(409, "PATCH", "/api/v1/devices/"+h3, a.admin, `{"base": "`+base+`"}`)
	e.must(200, "PATCH", "/api/v1/devices/"+h1, a.admin, `{"description": "still on its base"}`)
	checkField(t, e.must(422, "PATCH", "/api/v1/devices/"+h1, a.admin, `{"base": ""}`), "base")
	if got := e.must(200, "PATCH", "/api/v1/devices/"+h1, a.admin, `{"base": "`+spare+`"}`).str("base"); got != spare {
		t.Errorf("moved handset on %q", got)
	}
	r = e.must(409, "DELETE", "/api/v1/devices/"+spare, a.admin, nil)
	if d := r.str("detail"); !strings.Contains(d, "move them to another base or delete them") {
		t.Errorf("delete base with handsets: %s", r.raw)
	}
	e.must(204, "DELETE", "/api/v1/devices/"+other, a.admin, nil)
}
