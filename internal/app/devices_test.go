package app_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestCreateDeviceRules adds devices one after the other to one tenant:
// MAC, MAC provisioning, hand-set passwords, free text, model and the desk
// phone limit per workplace, each refusal with its code and field.
func TestCreateDeviceRules(t *testing.T) {
	e, tn := acme(t)
	digits40 := regexp.MustCompile(`^[0-9]{40}$`)
	for _, c := range []struct {
		name      string
		workplace string
		in        app.DeviceInput
		code      string
		field     string
		check     func(v *app.DeviceView, d *switchboard.Device) string
	}{
		{"MAC with colons", "", app.DeviceInput{Model: "yealink-t54w", MAC: "00:15:65:AA:BB:CC"}, "", "",
			func(v *app.DeviceView, _ *switchboard.Device) string {
				return want(v.MAC, "001565aabbcc") + want(v.MACProvisioning, switchboard.MACOff)
			}},
		{"MAC with hyphens, provisioning once", "", app.DeviceInput{Model: "yealink-t54w", MAC: "00-15-65-aa-bb-cd", MACProvisioning: switchboard.MACOnce}, "", "",
			func(v *app.DeviceView, _ *switchboard.Device) string {
				return want(v.MAC, "001565aabbcd") + want(v.MACProvisioning, switchboard.MACOnce)
			}},
		{"MAC taken", "", app.DeviceInput{Model: "snom-d785", MAC: "001565AABBCC"}, switchboard.ECONFLICT, "mac", nil},
		{"MAC short", "", app.DeviceInput{Model: "yealink-t54w", MAC: "001565aabb"}, switchboard.EINVALID, "mac", nil},
		{"MAC not hex", "", app.DeviceInput{Model: "yealink-t54w", MAC: "001565aabbzz"}, switchboard.EINVALID, "mac", nil},
		{"MAC broadcast", "", app.DeviceInput{Model: "yealink-t54w", MAC: "ff:ff:ff:ff:ff:ff"}, switchboard.EINVALID, "mac", nil},
		{"provisioning once without MAC", "", app.DeviceInput{Model: "yealink-t54w", MACProvisioning: switchboard.MACOnce}, switchboard.EINVALID, "mac", nil},
		{"provisioning done by hand", "", app.DeviceInput{Model: "yealink-t54w", MAC: "001565aabbce", MACProvisioning: switchboard.MACDone}, switchboard.EINVALID, "mac_provisioning", nil},
		{"provisioning unknown", "", app.DeviceInput{Model: "yealink-t54w", MAC: "001565aabbce", MACProvisioning: "twice"}, switchboard.EINVALID, "mac_provisioning", nil},
		{"generated passwords", "", app.DeviceInput{Model: "yealink-t54w"}, "", "",
			func(v *app.DeviceView, d *switchboard.Device) string {
				if v.AdminPasswordManual || v.WebPasswordManual || !digits40.MatchString(d.AdminPassword) || !digits40.MatchString(d.WebPassword) {
					return fmt.Sprintf("passwords not generated: manual %v/%v", v.AdminPasswordManual, v.WebPasswordManual)
				}
				return want(v.WebUser, "user")
			}},
		{"admin password 4 digits", "", app.DeviceInput{Model: "yealink-t54w", AdminPassword: "4711", WebUser: "anna", WebPassword: "123456789"}, "", "",
			func(v *app.DeviceView, d *switchboard.Device) string {
				return want(d.AdminPassword, "4711") + want(d.WebPassword, "123456789") + want(v.WebUser, "anna") +
					want(fmt.Sprint(v.AdminPasswordManual, v.WebPasswordManual), "true true")
			}},
		{"admin password 3 digits", "", app.DeviceInput{Model: "yealink-t54w", AdminPassword: "471"}, switchboard.EINVALID, "admin_password", nil},
		{"admin password 10 digits", "", app.DeviceInput{Model: "yealink-t54w", AdminPassword: "1234567890"}, switchboard.EINVALID, "admin_password", nil},
		{"admin password letters", "", app.DeviceInput{Model: "yealink-t54w", AdminPassword: "47a1"}, switchboard.EINVALID, "admin_password", nil},
		{"web password letters", "", app.DeviceInput{Model: "yealink-t54w", WebPassword: "secret"}, switchboard.EINVALID, "web_password", nil},
		{"unknown model", "", app.DeviceInput{Model: "yealink-t99"}, switchboard.EINVALID, "model", nil},
		{"line break in description", "", app.DeviceInput{Model: "yealink-t54w", Description: "desk\nadmin_password=1"}, switchboard.EINVALID, "description", nil},
		{"long description", "", app.DeviceInput{Model: "yealink-t54w", Description: strings.Repeat("x", 201)}, switchboard.EINVALID, "description", nil},
		{"control character in web user", "", app.DeviceInput{Model: "yealink-t54w", WebUser: "a\tb"}, switchboard.EINVALID, "web_user", nil},
		{"base on a desk phone", "", app.DeviceInput{Model: "yealink-t54w", Base: tn.free.ID}, switchboard.EINVALID, "base", nil},
		{"second desk phone without multi-login", tn.wp1.ID, app.DeviceInput{Model: "yealink-t54w"}, switchboard.ECONFLICT, "", nil},
		{"soft client next to the desk phone", tn.wp1.ID, app.DeviceInput{Model: "softclient-desktop"}, "", "",
			func(v *app.DeviceView, _ *switchboard.Device) string {
				return want(v.Kind, switchboard.KindDesktopClient)
			}},
		{"second desk phone with multi-login", tn.wp2.ID, app.DeviceInput{Model: "poly-vvx450"}, "", "",
			func(v *app.DeviceView, _ *switchboard.Device) string { return want(v.WorkplaceID, tn.wp2.ID) }},
		{"third desk phone with multi-login", tn.wp2.ID, app.DeviceInput{Model: "poly-vvx450"}, switchboard.ECONFLICT, "", nil},
	} {
		v, err := e.svc.CreateDevice(e.ctx, tn.admin, tn.cust.ID, c.workplace, c.in)
		wantCode(t, c.name, err, c.code)
		// The unknown-model error serves both the API's and the CLI's user.
		if c.name == "unknown model" && (err == nil || !strings.Contains(err.Error(), "GET /api/v1/models") ||
			!strings.Contains(err.Error(), "switchboard model list")) {
			t.Errorf("unknown model: %v points to neither the API nor the CLI's model list", err)
		}
		if f := switchboard.ErrorField(err); f != c.field {
			t.Errorf("%s: error names field %q, want %q", c.name, f, c.field)
		}
		if err != nil || c.check == nil {
			continue
		}
		if msg := c.check(v, e.stored(v.ID)); msg != "" {
			t.Errorf("%s: %s", c.name, msg)
		}
	}
}

// want describes a mismatch, "" when got is want.
func want[T comparable](got, want T) string {
	if got != want {
		return fmt.Sprintf("got %v, want %v; ", got, want)
	}
	return ""
}

// TestDeviceSecrets checks what a new device is born with and who sees
// it: an access key of 48 hex digits in the provisioning URL, a SIP
// account and an initial login, shown to the administrator and to the
// user of the device's workplace.
func TestDeviceSecrets(t *testing.T) {
	e, tn := acme(t)
	d := e.stored(tn.desk1.ID)
	if !regexp.MustCompile(`^[0-9a-f]{48}$`).MatchString(d.AccessKey) || tn.desk1.ProvisioningURL != provURL+"/"+d.AccessKey+"/" ||
		tn.desk1.URLForm != switchboard.URLDirectory {
		t.Errorf("provisioning URL %q (%s) does not carry a 48-digit key in the directory form a Yealink needs", tn.desk1.ProvisioningURL, tn.desk1.URLForm)
	}
	// The URL takes the form each model's firmware needs.
	for model, form := range map[string]string{"snom-d785": ".cfg", "poly-vvx450": "/", "grandstream-grp2614": "/"} {
		v := e.device(tn.cust.ID, "", app.DeviceInput{Model: model})
		if want := provURL + "/" + key(v) + form; v.ProvisioningURL != want {
			t.Errorf("%s: provisioning URL %q, want %q", model, v.ProvisioningURL, want)
		}
	}
	if d.AccessKey == e.stored(tn.desk2.ID).AccessKey || d.SIP.Username == e.stored(tn.desk2.ID).SIP.Username {
		t.Error("two devices share an access key or SIP username")
	}
	sip, err := e.svc.SIPAccount(e.ctx, tn.user1, tn.desk1.ID)
	e.must(err)
	if sip.Username != d.SIP.Username || sip.Password != d.SIP.Password || len(sip.Password) != 24 ||
		sip.Domain != tn.cust.SIPDomain || sip.Registrar != "sip.example.test" || sip.Port != 5060 || sip.TLSPort != 5061 || sip.Transport != "udp" {
		t.Errorf("SIP account: %+v", sip)
	}
	il, err := e.svc.InitialLogin(e.ctx, tn.admin, tn.desk1.ID)
	e.must(err)
	if len(il.Username) != 10 || len(il.Password) != 10 || il.ServerURL != provURL+"/login/" || il.Used {
		t.Errorf("initial login: %+v", il)
	}
	encrypted := true
	_, err = e.svc.UpdateSite(e.ctx, tn.admin, tn.site.ID, app.SitePatch{Encryption: &encrypted})
	e.must(err)
	if sip, _ = e.svc.SIPAccount(e.ctx, tn.admin, tn.desk1.ID); sip.Transport != "tls" {
		t.Errorf("transport with encryption on: %s", sip.Transport)
	}
	if _, inv := e.sip.Take(); !slices.Contains(inv, "*") {
		t.Errorf("encryption changed but the registrar kept its accounts: %v", inv)
	}
}

// TestLinkUnlink hands a free device to workplaces and takes it back
// (hot-desking, seed 003): a workplace takes one desk phone, two with
// multi-login; unlinking clears the workplace's keys; the profile's line
// follows the workplace.
func TestLinkUnlink(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	line := func() switchboard.ProfileLine {
		p, err := e.svc.ProvisioningByKey(e.ctx, key(tn.free))
		e.must(err)
		return p.Profile(false).Lines[0]
	}
	if l := line(); l.DisplayName != "hot desk" {
		t.Errorf("free device's line: %+v", l)
	}
	for _, c := range []struct {
		name      string
		workplace string
		code      string
	}{
		{"workplace with its one desk phone", tn.wp1.ID, switchboard.ECONFLICT},
		{"other customer's workplace", other.wp2.ID, switchboard.EINVALID},
		{"unknown workplace", "wp_nonexistent", switchboard.EINVALID},
		{"multi-login workplace", tn.wp2.ID, ""},
		{"already linked", tn.wp2.ID, switchboard.ECONFLICT},
	} {
		_, err := e.svc.LinkDevice(e.ctx, tn.admin, tn.free.ID, app.LinkInput{Workplace: c.workplace})
		wantCode(t, c.name, err, c.code)
	}
	if l := line(); l.DisplayName != "Erika Mustermann" || l.Label != "202" {
		t.Errorf("linked device's line: %+v", l)
	}
	multi := false
	_, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp2.ID, app.WorkplacePatch{MultiLogin: &multi})
	wantCode(t, "multi-login off with two desk phones", err, switchboard.ECONFLICT)

	_, err = e.svc.SetKeys(e.ctx, tn.admin, tn.free.ID, []switchboard.FunctionKey{{Index: 2, Type: switchboard.KeySpeedDial, Value: "*97"}})
	e.must(err)
	e.sip.Take()
	v, err := e.svc.UnlinkDevice(e.ctx, tn.admin, tn.free.ID)
	e.must(err)
	if v.WorkplaceID != "" || len(v.Keys) != 0 {
		t.Errorf("unlinked device: workplace %q, keys %v", v.WorkplaceID, v.Keys)
	}
	if _, inv := e.sip.Take(); !slices.Equal(inv, []string{e.stored(tn.free.ID).SIP.AuthName}) {
		t.Errorf("registrar forgot %v, want the device's account", inv)
	}
	if l := line(); l.DisplayName != "hot desk" {
		t.Errorf("line after unlinking: %+v", l)
	}
	_, err = e.svc.UnlinkDevice(e.ctx, tn.admin, tn.free.ID)
	wantCode(t, "unlink a free device", err, switchboard.ECONFLICT)
	_, err = e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp2.ID, app.WorkplacePatch{MultiLogin: &multi})
	wantCode(t, "multi-login off with one desk phone", err, "")
	e.wantAudit("device.link "+tn.free.ID, "device.unlink "+tn.free.ID)
}

// TestDECTRules attaches handsets to bases: a handset needs a base of the
// customer of a model it fits, a base carries as many handsets as its
// model takes, the base's profile carries one line per handset, and a base
// with handsets cannot be deleted.
func TestDECTRules(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	base := e.device(tn.cust.ID, "", app.DeviceInput{Model: "yealink-w70b", Description: "DECT 1"})
	gigaset := e.device(tn.cust.ID, "", app.DeviceInput{Model: "gigaset-n670"})
	foreign := e.device(other.cust.ID, "", app.DeviceInput{Model: "yealink-w70b"})
	for _, c := range []struct {
		name, model, base, code string
	}{
		{"no base", "yealink-w73h", "", switchboard.EINVALID},
		{"desk phone as base", "yealink-w73h", tn.free.ID, switchboard.EINVALID},
		{"other vendor's base", "yealink-w73h", gigaset.ID, switchboard.EINVALID},
		{"other customer's base", "yealink-w73h", foreign.ID, switchboard.EINVALID},
		{"unknown base", "yealink-w73h", "dev_nonexistent", switchboard.EINVALID},
		{"fitting base", "gigaset-s700h", gigaset.ID, ""},
	} {
		_, err := e.svc.CreateDevice(e.ctx, tn.admin, tn.cust.ID, "", app.DeviceInput{Model: c.model, Base: c.base})
		wantCode(t, c.name, err, c.code)
		if c.code != "" && switchboard.ErrorField(err) != "base" {
			t.Errorf("%s: error names field %q, want base", c.name, switchboard.ErrorField(err))
		}
	}
	var handsets []*app.DeviceView
	for i := range 10 {
		handsets = append(handsets, e.device(tn.cust.ID, "", app.DeviceInput{Model: "yealink-w56h", Base: base.ID, Description: fmt.Sprintf("handset %d", i+1)}))
	}
	_, err := e.svc.CreateDevice(e.ctx, tn.admin, tn.cust.ID, "", app.DeviceInput{Model: "yealink-w56h", Base: base.ID})
	wantCode(t, "eleventh handset on a W70B", err, switchboard.ECONFLICT)
	toGigaset := gigaset.ID
	_, err = e.svc.UpdateDevice(e.ctx, tn.admin, handsets[0].ID, app.DevicePatch{Base: &toGigaset})
	wantCode(t, "move a Yealink handset to a Gigaset base", err, switchboard.EINVALID)

	p, err := e.svc.ProvisioningByKey(e.ctx, key(base))
	e.must(err)
	prof := p.Profile(false)
	if len(prof.Lines) != 10 || len(prof.Handsets) != 10 || prof.Handsets[9].Name != "handset 10" || !slices.Equal(prof.Handsets[9].Lines, []int{10}) {
		t.Errorf("base profile: %d lines, handsets %+v", len(prof.Lines), prof.Handsets)
	}
	hp, err := e.svc.ProvisioningByKey(e.ctx, key(handsets[0]))
	e.must(err)
	if hp.HasProfile() {
		t.Error("a handset has a profile of its own")
	}

	wantCode(t, "delete a base with handsets", e.svc.DeleteDevice(e.ctx, tn.admin, base.ID), switchboard.ECONFLICT)
	for _, h := range handsets {
		e.must(e.svc.DeleteDevice(e.ctx, tn.admin, h.ID))
	}
	wantCode(t, "delete the empty base", e.svc.DeleteDevice(e.ctx, tn.admin, base.ID), "")
}

// TestUpdateDevice changes a device's MAC, passwords and web user under
// the rules of creation.
func TestUpdateDevice(t *testing.T) {
	e, tn := acme(t)
	e.device(tn.cust.ID, "", app.DeviceInput{Model: "yealink-t46u", MAC: "001565000001"})
	s := func(v string) *string { return &v }
	once := switchboard.MACOnce
	for _, c := range []struct {
		name  string
		patch app.DevicePatch
		code  string
		check func(d *switchboard.Device) string
	}{
		{"taken MAC", app.DevicePatch{MAC: s("00:15:65:00:00:01")}, switchboard.ECONFLICT, nil},
		{"re-arm without MAC", app.DevicePatch{MACProvisioning: &once}, switchboard.EINVALID, nil},
		{"MAC and re-arm", app.DevicePatch{MAC: s("00:15:65:00:00:02"), MACProvisioning: &once}, "",
			func(d *switchboard.Device) string { return want(d.MAC, "001565000002") + want(d.MACProvisioning, once) }},
		{"same MAC again", app.DevicePatch{MAC: s("001565000002")}, "", nil},
		{"manual admin password", app.DevicePatch{AdminPassword: s("987654321")}, "",
			func(d *switchboard.Device) string { return want(d.AdminPassword, "987654321") }},
		{"bad admin password", app.DevicePatch{AdminPassword: s("98765432a")}, switchboard.EINVALID, nil},
		{"generated admin password again", app.DevicePatch{AdminPassword: s("")}, "",
			func(d *switchboard.Device) string {
				return want(len(d.AdminPassword), 40) + want(d.AdminPasswordManual, false)
			}},
		{"empty web user", app.DevicePatch{WebUser: s(" ")}, "", func(d *switchboard.Device) string { return want(d.WebUser, "user") }},
		{"description", app.DevicePatch{Description: s("  reception ")}, "", func(d *switchboard.Device) string { return want(d.Description, "reception") }},
		{"base on a desk phone", app.DevicePatch{Base: s(tn.free.ID)}, switchboard.EINVALID, nil},
	} {
		_, err := e.svc.UpdateDevice(e.ctx, tn.admin, tn.desk1.ID, c.patch)
		wantCode(t, c.name, err, c.code)
		if err == nil && c.check != nil {
			if msg := c.check(e.stored(tn.desk1.ID)); msg != "" {
				t.Errorf("%s: %s", c.name, msg)
			}
		}
	}
}

// TestDeleteDevice deletes a device: its access key and SIP account stop
// working at once and the deletion is in the audit trail.
func TestDeleteDevice(t *testing.T) {
	e, tn := acme(t)
	d := e.stored(tn.desk1.ID)
	e.must(e.svc.DeleteDevice(e.ctx, tn.admin, d.ID))
	if _, err := e.svc.ProvisioningByKey(e.ctx, d.AccessKey); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Errorf("access key of a deleted device: %v", err)
	}
	if _, inv := e.sip.Take(); !slices.Contains(inv, d.SIP.AuthName) {
		t.Errorf("registrar kept the deleted device's account: %v", inv)
	}
	e.wantAudit("device.delete " + d.ID)
	wantCode(t, "delete twice", e.svc.DeleteDevice(e.ctx, tn.admin, d.ID), switchboard.ENOTFOUND)
	// The workplace may take a desk phone again.
	e.device(tn.cust.ID, tn.wp1.ID, app.DeviceInput{Model: "snom-d785"})
}

// TestPasswordFitsTheFirmware checks the limits a firmware puts on device
// passwords: a GRP26xx refuses admin passwords under 6 characters, so a
// shorter one set by hand is refused with the reason, and a generated one
// reaches the phone cut to the 25 it takes.
func TestPasswordFitsTheFirmware(t *testing.T) {
	e, tn := acme(t)
	_, err := e.svc.CreateDevice(e.ctx, tn.admin, tn.cust.ID, "", app.DeviceInput{Model: "grandstream-grp2614", AdminPassword: "4711"})
	wantCode(t, "4 digits on a GRP2614", err, switchboard.EINVALID)
	if f := switchboard.ErrorField(err); f != "admin_password" || !strings.Contains(err.Error(), "at least 6") {
		t.Errorf("refusal names %q: %v", f, err)
	}
	d := e.device(tn.cust.ID, "", app.DeviceInput{Model: "grandstream-grp2614", AdminPassword: "471147"})
	p, err := e.svc.ProvisioningByKey(e.ctx, key(d))
	e.must(err)
	if got := p.Profile(false).AdminPassword; got != "471147" {
		t.Errorf("a 6-digit password set by hand reached the profile as %q", got)
	}
	g := e.device(tn.cust.ID, "", app.DeviceInput{Model: "grandstream-grp2614"})
	p, err = e.svc.ProvisioningByKey(e.ctx, key(g))
	e.must(err)
	if got, stored := p.Profile(false).AdminPassword, e.stored(g.ID).AdminPassword; len(got) != 25 || len(stored) != 40 || stored[:25] != got {
		t.Errorf("generated password: profile has %d digits, stored %d; want the first 25 of 40", len(got), len(stored))
	}
}
