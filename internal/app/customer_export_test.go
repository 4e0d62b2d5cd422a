package app_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// passphrase seals the exports of these tests.
const passphrase = "correct horse battery staple"

// rendered renders every profile file of every device that fetches one,
// by device id and file name.
func (e *env) rendered(ds []*switchboard.Device) map[string][]byte {
	e.t.Helper()
	out := map[string][]byte{}
	for _, d := range ds {
		prov, err := e.svc.ProvisioningByKey(e.ctx, d.AccessKey)
		e.must(err)
		if !prov.HasProfile() {
			continue
		}
		for _, encrypt := range []bool{false, true} {
			files, err := vendors.Render(prov.Profile(encrypt), prov.Model)
			e.must(err)
			for _, f := range files {
				out[d.ID+"/"+f.Name+"/"+map[bool]string{false: "plain", true: "tls"}[encrypt]] = f.Body
			}
		}
	}
	return out
}

// TestExportImport exports a customer with desk phones, a free phone, a
// DECT base with a handset, keys, a contact and a number, imports it into
// an empty Switchboard, and renders every device's profile on both: the
// same bytes, file by file. The import is all or nothing, refused twice
// into the same installation, and the secrets open only with the
// passphrase.
func TestExportImport(t *testing.T) {
	e, tn := acme(t)
	base := e.device(tn.cust.ID, "", app.DeviceInput{Model: "yealink-w70b", Description: "DECT 1"})
	e.device(tn.cust.ID, tn.wp1.ID, app.DeviceInput{Model: "yealink-w56h", Base: base.ID})
	_, err := e.svc.SetKeys(e.ctx, tn.admin, tn.desk1.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202", Label: "Anna"}})
	e.must(err)
	_, err = e.svc.CreateContact(e.ctx, tn.admin, tn.cust.ID, app.ContactInput{Name: "Taxi", Numbers: []string{"+4930123456"}})
	e.must(err)
	e.fetchProfile(tn.desk1)
	yes := true
	_, err = e.svc.UpdateCallSettings(e.ctx, tn.admin, tn.wp1.ID, app.CallSettingsPatch{DoNotDisturb: &yes}, switchboard.SettingsByAPI)
	e.must(err)
	trunk, err := e.svc.CreateTrunk(e.ctx, switchboard.System, tn.cust.ID, app.TrunkInput{Name: "carrier", Proxy: "192.0.2.10", Username: "acme", Password: "trunk-secret-1"})
	e.must(err)
	_, err = e.svc.CreateMonitoringAccount(e.ctx, tn.admin, tn.cust.ID, app.MonitoringAccountInput{Username: "acme.cti"})
	e.must(err)

	ex, err := e.svc.ExportCustomer(e.ctx, switchboard.System, tn.cust.ID, passphrase)
	e.must(err)
	file, err := json.Marshal(ex)
	e.must(err)
	for _, d := range ex.Devices {
		if s := e.stored(d.ID); strings.Contains(string(file), s.SIP.Password) || strings.Contains(string(file), s.AccessKey) {
			t.Fatalf("the export shows device %s's secrets in clear", d.ID)
		}
	}
	want := e.rendered(storedDevices(e, tn.cust.ID))
	if len(want) < 6 {
		t.Fatalf("only %d files rendered", len(want))
	}

	fresh := newEnv(t)
	var in app.Export
	e.must(json.Unmarshal(file, &in))
	_, err = fresh.svc.ImportCustomer(fresh.ctx, switchboard.System, "wrong passphrase!", &in)
	wantCode(t, "a wrong passphrase", err, switchboard.EINVALID)
	e.must(json.Unmarshal(file, &in))
	res, err := fresh.svc.ImportCustomer(fresh.ctx, switchboard.System, passphrase, &in)
	fresh.must(err)
	if res.Devices != len(ex.Devices) || res.Workplaces != 2 || res.Contacts != 1 {
		t.Errorf("import created %+v", res)
	}
	got := fresh.rendered(storedDevices(fresh, tn.cust.ID))
	for name, body := range want {
		if !bytes.Equal(got[name], body) {
			t.Errorf("%s differs after the import:\n%s\nwant:\n%s", name, got[name], body)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d files after the import, want %d", len(got), len(want))
	}
	if cs, err := fresh.svc.CallSettings(fresh.ctx, switchboard.System, tn.wp1.ID); err != nil || !cs.DoNotDisturb {
		t.Errorf("call settings after the import: %+v, %v", cs, err)
	}
	if tr, err := fresh.svc.TrunkSecret(fresh.ctx, trunk.ID); err != nil || tr.Password != "trunk-secret-1" {
		t.Errorf("trunk after the import: %+v, %v", tr, err)
	}
	if ms, _, err := fresh.svc.MonitoringAccounts(fresh.ctx, switchboard.System, tn.cust.ID, switchboard.Page{}); err != nil || len(ms) != 1 || ms[0].PasswordHash == "" {
		t.Errorf("monitoring accounts after the import: %v, %v", ms, err)
	}

	before := e.snapshot()
	e.must(json.Unmarshal(file, &in))
	_, err = e.svc.ImportCustomer(e.ctx, switchboard.System, passphrase, &in)
	wantCode(t, "the same customer again", err, switchboard.ECONFLICT)
	if e.snapshot() != before {
		t.Error("a refused import changed the store")
	}
	_, err = e.svc.ImportCustomer(e.ctx, tn.admin, passphrase, &in)
	wantCode(t, "an administrator imports", err, switchboard.EFORBIDDEN)
}

// storedDevices reads a customer's devices with their secrets.
func storedDevices(e *env, customerID string) []*switchboard.Device {
	e.t.Helper()
	var ds []*switchboard.Device
	e.must(e.db.View(e.ctx, func(tx switchboard.Tx) error {
		var err error
		ds, _, err = tx.Devices(switchboard.DeviceFilter{CustomerID: customerID}, switchboard.Page{Limit: switchboard.MaxPageSize})
		return err
	}))
	return ds
}

// TestExportWithoutSecrets: a customer's administrator exports without a
// passphrase and gets no secrets; asking for them is the operator's; such
// an export cannot be imported.
func TestExportWithoutSecrets(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	ex, err := e.svc.ExportCustomer(e.ctx, tn.admin, tn.cust.ID, "")
	e.must(err)
	if ex.Secrets != nil || len(ex.Devices) != 3 || len(ex.Workplaces) != 2 || len(ex.Sites) != 1 {
		t.Errorf("administrator's export: %d devices, %d workplaces, %d sites, secrets %v", len(ex.Devices), len(ex.Workplaces), len(ex.Sites), ex.Secrets != nil)
	}
	_, err = e.svc.ExportCustomer(e.ctx, tn.admin, tn.cust.ID, passphrase)
	wantCode(t, "an administrator asks for secrets", err, switchboard.EFORBIDDEN)
	_, err = e.svc.ExportCustomer(e.ctx, other.admin, tn.cust.ID, "")
	wantCode(t, "another customer's administrator", err, switchboard.ENOTFOUND)
	_, err = e.svc.ExportCustomer(e.ctx, switchboard.System, tn.cust.ID, "short")
	wantCode(t, "a short passphrase", err, switchboard.EINVALID)
	_, err = newEnv(t).svc.ImportCustomer(e.ctx, switchboard.System, passphrase, ex)
	wantCode(t, "an export without secrets", err, switchboard.EINVALID)
}
