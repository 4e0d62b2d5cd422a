package portal_test

import (
	"net/http"
	"net/url"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// keysOf returns the device's stored keys on one module.
func (e *env) keysOf(id string, module int) []switchboard.FunctionKey {
	e.t.Helper()
	var out []switchboard.FunctionKey
	for _, k := range e.stored(id).Keys {
		if k.Module == module {
			out = append(out, k)
		}
	}
	return out
}

// TestKeyEditor: the device page has one tab per expansion module of the
// model, each a link that shows its module without JavaScript; a save
// replaces one module's keys and keeps the others'; a refused value
// shows the domain rule's message next to that key's field with the keys
// as typed; a remove button leaves its key out; a user sees the keys but
// no editor, and may not save.
func TestKeyEditor(t *testing.T) {
	e := newEnv(t, portal.Options{})
	dev := e.acme.desk1.ID
	admin := e.loggedIn(e.acme.admin)
	p := admin.get("/devices/" + dev + "?module=2")
	wantIn(t, "editor", p, http.StatusOK, "Function keys", `href="/devices/`+dev+`?module=3#keys"`, "Expansion module 3",
		`id="keys-2" role="tabpanel" aria-labelledby="tab-2">`, `id="keys-0" role="tabpanel" aria-labelledby="tab-0" hidden>`,
		`name="type_60"`, `<option value="blf">Busy lamp (BLF)</option>`)
	wantOut(t, "editor", p, "Expansion module 4", `name="type_61"`)

	save := func(module string, form url.Values) page {
		form.Set("module", module)
		return admin.post("/devices/"+dev+"/keys", form)
	}
	p = save("1", url.Values{"type_1": {"speed_dial"}, "value_1": {"+4930123"}, "label_1": {"Reception"}})
	wantIn(t, "saved module 1", p, http.StatusOK, "The changes are saved.", `id="keys-1" role="tabpanel" aria-labelledby="tab-1">`,
		`value="Reception"`)
	p = save("0", url.Values{"type_2": {"blf"}, "value_2": {"20x"}, "label_2": {"Anna"}})
	wantIn(t, "refused", p, http.StatusUnprocessableEntity, "a blf key takes an extension of 1 to 15 digits",
		`id="value_0_2" name="value_2" value="20x" placeholder="Value" aria-label="Value of key 2" aria-invalid="true"`, `value="Anna"`)
	if ks := e.keysOf(dev, 0); len(ks) != 0 {
		t.Errorf("a refused save wrote keys: %+v", ks)
	}
	save("0", url.Values{"type_2": {"blf"}, "value_2": {"202"}, "type_3": {"voicemail"}})
	if ks, mod1 := e.keysOf(dev, 0), e.keysOf(dev, 1); len(ks) != 2 || ks[0].Value != "202" || len(mod1) != 1 || mod1[0].Label != "Reception" {
		t.Errorf("keys after saving the phone's: phone %+v, module 1 %+v", ks, mod1)
	}
	save("0", url.Values{"type_2": {"blf"}, "value_2": {"202"}, "type_3": {"voicemail"}, "remove": {"2"}})
	if ks := e.keysOf(dev, 0); len(ks) != 1 || ks[0].Type != switchboard.KeyVoicemail {
		t.Errorf("keys after removing key 2: %+v", ks)
	}
	wantIn(t, "bad module", save("4", url.Values{}), http.StatusUnprocessableEntity)

	user := e.loggedIn(e.acme.wp1.Username)
	p = user.get("/devices/" + dev)
	wantIn(t, "user's device page", p, http.StatusOK, "Function keys", "<td>Voicemail</td>")
	wantOut(t, "user's device page", p, "/keys", `name="type_`)
	wantIn(t, "user saves keys", user.post("/devices/"+dev+"/keys", url.Values{"module": {"0"}, "type_1": {"line"}}), http.StatusForbidden)
}

// TestLinkUnlink: unlinking and linking go through a confirmation that
// says what the phone's user notices, from the device page and from the
// workplace page; the workplace's desk-phone limit is refused with its
// rule's message; a free device shows who is logged in by hot-desking,
// since when and the site's automatic log-out, which the site's
// hot-desk page sets.
func TestLinkUnlink(t *testing.T) {
	e := newEnv(t, portal.Options{})
	dev, wp1, wp2 := e.acme.desk1.ID, e.acme.wp1, e.acme.wp2
	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "linked device", admin.get("/devices/"+dev), http.StatusOK, "Linked to", wp1.Username, `href="/devices/`+dev+`/unlink"`)
	wantIn(t, "unlink confirmation", admin.get("/devices/"+dev+"/unlink"), http.StatusOK,
		"loses the workplace&#39;s line and its function keys", wp1.Username)
	wantIn(t, "unlinked", admin.post("/devices/"+dev+"/unlink", nil), http.StatusOK, "The device is unlinked")
	if d := e.stored(dev); d.WorkplaceID != "" {
		t.Fatalf("unlinked device still on %s", d.WorkplaceID)
	}

	wantIn(t, "workplace page", admin.get("/workplaces/"+wp1.ID), http.StatusOK, "Link a free device", `<option value="`+dev+`">`)
	p := admin.get("/workplaces/" + wp1.ID + "/link?device=" + dev)
	wantIn(t, "link confirmation", p, http.StatusOK, "calls to the workplace ring on it", `name="workplace" value="`+wp1.ID+`"`)
	wantIn(t, "too many desk phones", admin.post("/devices/"+dev+"/link", url.Values{"workplace": {wp2.ID}}), http.StatusConflict,
		"already has 1 desk phone(s) linked")
	wantIn(t, "linked", admin.post("/devices/"+dev+"/link", url.Values{"workplace": {wp1.ID}}), http.StatusOK, "The device is linked")
	if d := e.stored(dev); d.WorkplaceID != wp1.ID {
		t.Fatalf("device linked to %q, want %s", d.WorkplaceID, wp1.ID)
	}

	_, err := e.svc.UnlinkDevice(e.ctx, switchboard.System, dev)
	e.must(err)
	_, err = e.svc.UnlinkDevice(e.ctx, switchboard.System, e.acme.desk2.ID)
	e.must(err)
	_, err = e.svc.HotDeskLogin(e.ctx, switchboard.System, wp2.ID, app.HotDeskInput{Device: dev})
	e.must(err)
	wantIn(t, "refused time", admin.post("/sites/"+wp2.SiteID+"/hot-desk", url.Values{"auto_logout": {"25:00"}}),
		http.StatusUnprocessableEntity, `is not a time of day such as 03:00`, `aria-invalid="true"`)
	wantIn(t, "site hot-desk", admin.post("/sites/"+wp2.SiteID+"/hot-desk", url.Values{"auto_logout": {"03:00"}}),
		http.StatusOK, "The changes are saved.", `value="03:00"`)
	wantIn(t, "hot-desk on the device", admin.get("/devices/"+dev), http.StatusOK, "Logged in", wp2.Username,
		"Automatic log-out (site time)</dt><dd>03:00")
	wantIn(t, "hot-desk on the workplace", admin.get("/workplaces/"+wp2.ID), http.StatusOK, `href="/devices/`+dev+`"`, "03:00")
	user := e.loggedIn(wp2.Username)
	p = user.get("/devices/" + dev)
	wantIn(t, "user's hot-desk device", p, http.StatusOK, "Logged in", wp2.Username)
	wantOut(t, "user's hot-desk device", p, "Automatic log-out", "/unlink", "/link")
}

// TestDECTPages: a base's page lists its handsets with their state and
// adds one on a workplace's line; a handset that does not fit the base is
// refused next to the form with the rule's message; a handset's page
// links its base (for those who may see the base); removing one says
// what its user notices first.
func TestDECTPages(t *testing.T) {
	e := newEnv(t, portal.Options{})
	base, err := e.svc.CreateDevice(e.ctx, switchboard.System, e.acme.cust.ID, "", app.DeviceInput{Model: "yealink-w70b", Description: "Lager"})
	e.must(err)
	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "base page", admin.get("/devices/"+base.ID), http.StatusOK, "0 of 10 handsets", base.HandsetPIN,
		`<option value="yealink-w73h">`, "Add handset")
	wantIn(t, "wrong handset", admin.post("/devices/"+base.ID+"/handsets", url.Values{"model": {"gigaset-s700h"}, "description": {"Flur"}}),
		http.StatusUnprocessableEntity, "cannot be attached to base", `value="Flur"`)
	p := admin.post("/devices/"+base.ID+"/handsets", url.Values{"model": {"yealink-w73h"}, "description": {"Flur"}, "workplace": {e.acme.wp1.ID}})
	wantIn(t, "handset added", p, http.StatusOK, "The handset is added", "1 of 10 handsets", "Flur", "waiting for the base to fetch its profile")
	hs, err := e.svc.Handsets(e.ctx, switchboard.System, base.ID)
	e.must(err)
	if len(hs) != 1 || hs[0].WorkplaceID != e.acme.wp1.ID {
		t.Fatalf("handsets of the base: %+v", hs)
	}
	h := hs[0].ID
	wantIn(t, "handset page", admin.get("/devices/"+h), http.StatusOK, `id="dect-base">Base station: <a href="/devices/`+base.ID+`">Lager</a>`)
	user := e.loggedIn(e.acme.wp1.Username)
	p = user.get("/devices/" + h)
	wantIn(t, "user's handset", p, http.StatusOK, "Flur")
	wantOut(t, "user's handset", p, base.ID, "/remove")
	wantIn(t, "user removes", user.post("/devices/"+base.ID+"/handsets/"+h+"/remove", nil), http.StatusNotFound)
	wantIn(t, "not its handset", admin.get("/devices/"+base.ID+"/handsets/"+e.acme.desk1.ID+"/remove"), http.StatusNotFound)
	wantIn(t, "remove confirmation", admin.get("/devices/"+base.ID+"/handsets/"+h+"/remove"), http.StatusOK, "loses its line at once")
	wantIn(t, "removed", admin.post("/devices/"+base.ID+"/handsets/"+h+"/remove", nil), http.StatusOK, "The handset is removed", "0 of 10 handsets")
}

// TestZeroTouchAndManual: the device page shows the MAC provisioning
// state, the redirect service's state with its message and whether the
// initial login was used, and the model's set-up steps and factory reset
// in the page's language.
func TestZeroTouchAndManual(t *testing.T) {
	e := newEnv(t, portal.Options{})
	d, err := e.svc.CreateDevice(e.ctx, switchboard.System, e.acme.cust.ID, "", app.DeviceInput{Model: "yealink-t54w",
		MAC: "80:5e:c0:11:22:33", MACProvisioning: switchboard.MACOnce})
	e.must(err)
	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "zero-touch", admin.get("/devices/"+d.ID), http.StatusOK, "Zero-touch", "not available",
		"No redirect service account for Yealink RPS", "not used yet", "Settings &gt; Auto Provision", "Hold the OK key for 5 seconds")
	admin.get("/account")
	admin.post("/language", url.Values{"language": {"de"}})
	wantIn(t, "German manual", admin.get("/devices/"+d.ID), http.StatusOK, "Werkseinstellungen wiederherstellen",
		"Gehen Sie zu Settings &gt; Auto Provision.", "Halten Sie die OK-Taste 5 Sekunden gedrückt")
}

// TestDevicePagesMixedIsolation: an administrator's own device with
// another customer's workplace, handset or base answers 404 too, and
// changes nothing.
func TestDevicePagesMixedIsolation(t *testing.T) {
	e := newEnv(t, portal.Options{})
	base := func(c *switchboard.Customer) *app.DeviceView {
		b, err := e.svc.CreateDevice(e.ctx, switchboard.System, c.ID, "", app.DeviceInput{Model: "yealink-w70b"})
		e.must(err)
		return b
	}
	own, foreign := base(e.acme.cust), base(e.other.cust)
	fh, err := e.svc.CreateDevice(e.ctx, switchboard.System, e.other.cust.ID, "", app.DeviceInput{Model: "yealink-w73h", Base: foreign.ID})
	e.must(err)
	_, err = e.svc.UnlinkDevice(e.ctx, switchboard.System, e.acme.desk1.ID)
	e.must(err)
	admin := e.loggedIn(e.acme.admin)
	dev, wp := e.acme.desk1.ID, e.other.wp1.ID
	for _, r := range []struct {
		what, path string
		form       url.Values
	}{
		{"link to another customer's workplace", "/devices/" + dev + "/link?workplace=" + wp, nil},
		{"link to another customer's workplace", "/devices/" + dev + "/link", url.Values{"workplace": {wp}}},
		{"handset on another customer's base", "/devices/" + foreign.ID + "/handsets", url.Values{"model": {"yealink-w73h"}}},
		{"another customer's handset", "/devices/" + own.ID + "/handsets/" + fh.ID + "/remove", nil},
		{"another customer's handset", "/devices/" + own.ID + "/handsets/" + fh.ID + "/remove", url.Values{}},
	} {
		var p page
		if r.form == nil {
			p = admin.get(r.path)
		} else {
			admin.get("/account")
			p = admin.post(r.path, r.form)
		}
		wantIn(t, r.what, p, http.StatusNotFound)
	}
	if d := e.stored(dev); d.WorkplaceID != "" {
		t.Errorf("device linked to another customer's workplace %s", d.WorkplaceID)
	}
	if hs, err := e.svc.Handsets(e.ctx, switchboard.System, foreign.ID); err != nil || len(hs) != 1 {
		t.Errorf("another customer's base has handsets %v (%v), want its one", hs, err)
	}
}
