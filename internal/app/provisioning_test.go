package app_test

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestProvisioningByKey looks devices up by access key and checks what the
// provisioning server gets: the MAC it compares with the request's, the
// customer's allow-list, the profile with the workplace's line, the site's
// language and the URL form of the model, and the records it depends on.
func TestProvisioningByKey(t *testing.T) {
	e, tn := acme(t)
	unknown := strings.Repeat("ab", 24)
	_, err := e.svc.ProvisioningByKey(e.ctx, unknown)
	wantCode(t, "unknown key", err, switchboard.ENOTFOUND)
	if strings.Contains(err.Error(), unknown) {
		t.Error("the refusal repeats the key")
	}

	poly := e.device(tn.cust.ID, tn.wp2.ID, app.DeviceInput{Model: "poly-vvx350", MAC: "00:04:F2:AA:BB:CC"})
	for _, c := range []struct {
		name    string
		d       *app.DeviceView
		mac     string
		url     string
		display string
		depends []app.Dependency
	}{
		{"Yealink of wp1", tn.desk1, "", provURL + "/" + key(tn.desk1) + "/", "Erika Mustermann", []app.Dependency{
			{Topic: switchboard.TopicDevice, ID: tn.desk1.ID}, {Topic: switchboard.TopicCustomer, ID: tn.cust.ID},
			{Topic: switchboard.TopicWorkplace, ID: tn.wp1.ID}, {Topic: switchboard.TopicSite, ID: tn.site.ID}}},
		{"Poly of wp2", poly, "0004f2aabbcc", provURL + "/" + key(poly) + "/", "Erika Mustermann", nil},
		{"free device", tn.free, "", provURL + "/" + key(tn.free) + "/", "hot desk", []app.Dependency{
			{Topic: switchboard.TopicDevice, ID: tn.free.ID}, {Topic: switchboard.TopicCustomer, ID: tn.cust.ID}}},
	} {
		p, err := e.svc.ProvisioningByKey(e.ctx, key(c.d))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		prof := p.Profile(false)
		sip := e.stored(c.d.ID).SIP
		if p.DeviceID != c.d.ID || p.CustomerID != tn.cust.ID || p.MAC != c.mac || prof.ProvisioningURL != c.url {
			t.Errorf("%s: device %s, customer %s, MAC %q, URL %q", c.name, p.DeviceID, p.CustomerID, p.MAC, prof.ProvisioningURL)
		}
		if l := prof.Lines[0]; l.Username != sip.Username || l.Password != sip.Password || l.DisplayName != c.display {
			t.Errorf("%s: line %+v", c.name, l)
		}
		if prof.Server.Domain != tn.cust.SIPDomain || prof.Server.Transport != switchboard.TransportUDP {
			t.Errorf("%s: server %+v", c.name, prof.Server)
		}
		if enc := p.Profile(true); enc.Server.Transport != switchboard.TransportTLS || p.Profile(false).Server.Transport != switchboard.TransportUDP {
			t.Errorf("%s: encryption decision is not applied to a copy only", c.name)
		}
		if c.depends != nil && !slices.Equal(p.Depends, c.depends) {
			t.Errorf("%s: depends on %v, want %v", c.name, p.Depends, c.depends)
		}
	}
	p, err := e.svc.ProvisioningByKey(e.ctx, key(tn.desk1))
	e.must(err)
	if prof := p.Profile(false); prof.Language != "de" || prof.TimeZone != "Europe/Berlin" || prof.Lines[0].Label != "201" {
		t.Errorf("profile of wp1's phone: language %q, time zone %q, label %q", prof.Language, prof.TimeZone, prof.Lines[0].Label)
	}
}

// TestNewKey renews a device's access key: the old key fails at once, the
// new one works, the profile cache hears of it and nothing else changes.
func TestNewKey(t *testing.T) {
	e, tn := acme(t)
	old := e.stored(tn.desk1.ID)
	e.changes.take()
	v, err := e.svc.NewKey(e.ctx, tn.admin, tn.desk1.ID)
	e.must(err)
	if _, err := e.svc.ProvisioningByKey(e.ctx, old.AccessKey); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Errorf("old key after new key: %v", err)
	}
	p, err := e.svc.ProvisioningByKey(e.ctx, key(v))
	e.must(err)
	if p.DeviceID != tn.desk1.ID || key(v) == old.AccessKey {
		t.Errorf("new key finds %s", p.DeviceID)
	}
	now := e.stored(tn.desk1.ID)
	if now.SIP != old.SIP || now.InitialLogin != old.InitialLogin || now.WorkplaceID != old.WorkplaceID {
		t.Error("new key changed more than the key")
	}
	if ch := e.changes.take(); !slices.Contains(ch, switchboard.TopicDevice+" "+tn.desk1.ID) {
		t.Errorf("change notices: %v", ch)
	}
	e.wantAudit("device.new_key " + tn.desk1.ID)
}

// TestAllowList turns a customer's IP allow-list on: the provisioning
// server gets it with the device and admits only the listed networks.
func TestAllowList(t *testing.T) {
	e, tn := acme(t)
	bad := &switchboard.AllowList{Enabled: true, CIDRs: []string{"10.0.0.0/33"}}
	_, err := e.svc.UpdateCustomer(e.ctx, tn.admin, tn.cust.ID, app.CustomerPatch{AllowList: bad})
	wantCode(t, "malformed network", err, switchboard.EINVALID)
	list := &switchboard.AllowList{Enabled: true, CIDRs: []string{"10.0.0.0/8", "2001:db8::/32"}}
	_, err = e.svc.UpdateCustomer(e.ctx, tn.admin, tn.cust.ID, app.CustomerPatch{AllowList: list})
	e.must(err)
	p, err := e.svc.ProvisioningByKey(e.ctx, key(tn.desk1))
	e.must(err)
	for addr, ok := range map[string]bool{"10.1.2.3": true, "2001:db8::1": true, "203.0.113.9": false, "11.0.0.1": false} {
		if got := p.AllowList.Allows(netip.MustParseAddr(addr)); got != ok {
			t.Errorf("allow-list admits %s: %v, want %v", addr, got, ok)
		}
	}
	if ch := e.changes.take(); !slices.Contains(ch, switchboard.TopicCustomer+" "+tn.cust.ID) {
		t.Errorf("the profile cache did not hear of the customer change: %v", ch)
	}
}

// TestDeviceActions asks devices of several models to act: a registered
// device is told at once (with a reboot where the action and model call
// for one), an offline one, or one the NOTIFY does not reach, keeps the
// action pending; actions a model cannot carry out are refused.
func TestDeviceActions(t *testing.T) {
	e, tn := acme(t)
	base := e.device(tn.cust.ID, "", app.DeviceInput{Model: "gigaset-n670"})
	for _, c := range []struct {
		name   string
		model  string
		online bool
		fail   error
		action switchboard.Action
		code   string
		state  string
		notify string
	}{
		{"reset of a registered Yealink", "yealink-t46u", true, nil, switchboard.ActionReset, "", app.ActionSent, "reboot=true"},
		{"sync of a registered Yealink", "yealink-t46u", true, nil, switchboard.ActionSync, "", app.ActionSent, "reboot=false"},
		{"reboot of an offline Yealink", "yealink-t46u", false, nil, switchboard.ActionReboot, "", app.ActionPending, ""},
		{"reconfigure when the NOTIFY fails", "yealink-t46u", true, errInjected, switchboard.ActionReconfigure, "", app.ActionPending, ""},
		{"reset of a Grandstream", "grandstream-grp2612", true, nil, switchboard.ActionReset, "", app.ActionSent, "reboot=false"},
		{"reboot of a Grandstream", "grandstream-grp2612", true, nil, switchboard.ActionReboot, switchboard.ECONFLICT, "", ""},
		{"sync of a handset", "gigaset-s700h", true, nil, switchboard.ActionSync, switchboard.ECONFLICT, "", ""},
		{"unknown action", "yealink-t46u", true, nil, "explode", switchboard.EINVALID, "", ""},
	} {
		in := app.DeviceInput{Model: c.model}
		if m, _ := e.svc.Model(c.model); m.Kind == switchboard.KindDECTHandset {
			in.Base = base.ID
		}
		d := e.device(tn.cust.ID, "", in)
		if c.online {
			e.sip.SetOnline(d.ID, switchboard.DeviceStatus{Contact: "sip:u@10.0.0.9:5060", Transport: "udp"})
		}
		e.sip.SetFail(c.fail)
		e.sip.Take()
		res, err := e.svc.DeviceAction(e.ctx, tn.admin, d.ID, c.action)
		wantCode(t, c.name, err, c.code)
		notified, _ := e.sip.Take()
		pending := e.stored(d.ID).PendingAction
		if err != nil {
			if len(notified) > 0 || pending != switchboard.ActionNone {
				t.Errorf("%s: refused action notified %v, pending %q", c.name, notified, pending)
			}
			continue
		}
		if res.State != c.state || res.Action != c.action || pending != c.action {
			t.Errorf("%s: result %+v, pending %q", c.name, res, pending)
		}
		// The answer says what will happen, not only the state.
		wantDetail := "queued; delivered at the device's next registration or profile fetch"
		if c.state == app.ActionSent {
			wantDetail = "sent to 1 registered contact(s); done when the device fetches its profile"
		}
		if !strings.HasPrefix(res.Detail, wantDetail) {
			t.Errorf("%s: detail %q, want it to start with %q", c.name, res.Detail, wantDetail)
		}
		var wantNotified []string
		if c.notify != "" {
			wantNotified = []string{d.ID + " " + c.notify}
		}
		if !slices.Equal(notified, wantNotified) || (c.state == app.ActionSent) != (len(res.Bindings) == 1) {
			t.Errorf("%s: NOTIFYs %v, bindings %v, want %v", c.name, notified, res.Bindings, wantNotified)
		}
		e.wantAudit("device." + string(c.action) + " " + d.ID)
	}
}

// TestPendingActionWeights asks an offline device for actions one after
// the other: a stronger pending action is never replaced by a weaker one.
func TestPendingActionWeights(t *testing.T) {
	e, tn := acme(t)
	for _, step := range []struct{ ask, pending switchboard.Action }{
		{switchboard.ActionSync, switchboard.ActionSync},
		{switchboard.ActionReboot, switchboard.ActionReboot},
		{switchboard.ActionSync, switchboard.ActionReboot},
		{switchboard.ActionReconfigure, switchboard.ActionReconfigure},
		{switchboard.ActionReset, switchboard.ActionReconfigure},
	} {
		_, err := e.svc.DeviceAction(e.ctx, tn.admin, tn.desk1.ID, step.ask)
		e.must(err)
		if got := e.stored(tn.desk1.ID).PendingAction; got != step.pending {
			t.Errorf("after %s: pending %s, want %s", step.ask, got, step.pending)
		}
	}
}

// TestPendingActionDelivery covers what happens to a pending action later:
// DeliverPending sends it when the device comes online; a fetch of the
// profile built after the action carries it out (the action clears and is
// reported), a fetch of an older profile does not.
func TestPendingActionDelivery(t *testing.T) {
	e, tn := acme(t)
	out, err := e.svc.DeliverPending(e.ctx, tn.desk1.ID)
	if err != nil || out != nil {
		t.Errorf("nothing pending: %v, %v", out, err)
	}
	stale, err := e.svc.ProvisioningByKey(e.ctx, key(tn.desk1))
	e.must(err)
	_, err = e.svc.DeviceAction(e.ctx, tn.admin, tn.desk1.ID, switchboard.ActionReboot)
	e.must(err)
	v, err := e.svc.Device(e.ctx, tn.admin, tn.desk1.ID)
	e.must(err)
	requested := v.LastAction.RequestedAt
	if la := v.LastAction; la.Action != switchboard.ActionReboot || la.State != switchboard.ActionStatePending || requested.IsZero() ||
		!la.DeliveredAt.IsZero() {
		t.Errorf("last action after the request: %+v", la)
	}
	_, err = e.svc.DeliverPending(e.ctx, tn.desk1.ID)
	wantCode(t, "deliver to an offline device", err, switchboard.ENOTFOUND)
	e.sip.SetOnline(tn.desk1.ID, switchboard.DeviceStatus{})
	out, err = e.svc.DeliverPending(e.ctx, tn.desk1.ID)
	e.must(err)
	if notified, _ := e.sip.Take(); len(out) != 1 || !slices.Equal(notified, []string{tn.desk1.ID + " reboot=true"}) {
		t.Errorf("delivered: %v, NOTIFYs %v", out, notified)
	}

	fetch := func(p *app.DeviceProvisioning) {
		e.must(e.svc.RecordFetches(e.ctx, []app.Fetch{{DeviceID: p.DeviceID, Version: p.Version, PendingAction: p.PendingAction,
			Access: switchboard.Access{At: e.clock(), IP: "10.0.0.9", UserAgent: "Yealink SIP-T54W", File: "y000000000000.cfg"}}}))
	}
	// The profile before the action carries nothing out.
	stale.PendingAction = switchboard.ActionReboot
	fetch(stale)
	if got := e.stored(tn.desk1.ID).PendingAction; got != switchboard.ActionReboot || len(e.done.take()) != 0 {
		t.Errorf("a stale fetch cleared the action (%q)", got)
	}
	fresh, err := e.svc.ProvisioningByKey(e.ctx, key(tn.desk1))
	e.must(err)
	fetch(fresh)
	d := e.stored(tn.desk1.ID)
	if d.PendingAction != switchboard.ActionNone || d.LastAccess.IP != "10.0.0.9" || d.LastAccess.File != "y000000000000.cfg" {
		t.Errorf("after the fetch: pending %q, last access %+v", d.PendingAction, d.LastAccess)
	}
	if done := e.done.take(); !slices.Equal(done, []string{tn.desk1.ID + " reboot"}) {
		t.Errorf("actions reported done: %v", done)
	}
	e.wantAudit("device.reboot.done " + tn.desk1.ID)
	if la := d.LastAction; la.State != switchboard.ActionStateDone || !la.RequestedAt.Equal(requested) ||
		!la.DeliveredAt.After(requested) || !strings.HasPrefix(la.DeliveredBy, "profile fetched at ") {
		t.Errorf("last action after the fetch: %+v", la)
	}
	// The done event says how and when the action reached the device.
	evs, _, err := e.svc.Events(e.ctx, switchboard.System, switchboard.EventAudit, switchboard.Page{Limit: switchboard.MaxPageSize})
	e.must(err)
	wantDetail := "profile fetched at " + e.clock().UTC().Format(time.RFC3339) + " from 10.0.0.9"
	for _, ev := range evs {
		if ev.Action == "device.reboot.done" && ev.Detail != wantDetail {
			t.Errorf("done event detail %q, want %q", ev.Detail, wantDetail)
		}
	}
	out, err = e.svc.DeliverPending(e.ctx, tn.desk1.ID)
	if err != nil || out != nil {
		t.Errorf("delivered again after it was carried out: %v, %v", out, err)
	}
}

// TestWorkplaceAdminPassword follows the generated admin password: hidden
// until a fetch delivered it, renewed and hidden again by a reset, and
// never the workplace's when the device has its own.
func TestWorkplaceAdminPassword(t *testing.T) {
	e, tn := acme(t)
	deliver := func(d *app.DeviceView) *app.DeviceProvisioning {
		p, err := e.svc.ProvisioningByKey(e.ctx, key(d))
		e.must(err)
		f := app.Fetch{DeviceID: d.ID, Version: p.Version, PendingAction: p.PendingAction, Access: switchboard.Access{At: e.clock(), IP: "10.0.0.1"}}
		if p.DeliversWorkplacePassword {
			f.WorkplaceID, f.WorkplaceVersion = p.WorkplaceID, p.WorkplaceVersion
		}
		e.must(e.svc.RecordFetches(e.ctx, []app.Fetch{f}))
		return p
	}
	_, err := e.svc.WorkplaceAdminPassword(e.ctx, tn.admin, tn.wp1.ID)
	wantCode(t, "before any fetch", err, switchboard.ENOTFOUND)
	p := deliver(tn.desk1)
	v, err := e.svc.WorkplaceAdminPassword(e.ctx, tn.admin, tn.wp1.ID)
	e.must(err)
	if len(v.Password) != 40 || len(v.Devices) != 1 || v.Devices[0].DeviceID != tn.desk1.ID || v.Devices[0].Password != p.Profile(false).AdminPassword ||
		!strings.HasPrefix(v.Password, v.Devices[0].Password) {
		t.Errorf("shown password %+v is not the one the profile carried (%d digits)", v, len(p.Profile(false).AdminPassword))
	}
	_, err = e.svc.WorkplaceAdminPassword(e.ctx, tn.user1, tn.wp1.ID)
	wantCode(t, "the workplace's user", err, switchboard.EFORBIDDEN)

	_, err = e.svc.DeviceAction(e.ctx, tn.admin, tn.desk1.ID, switchboard.ActionReset)
	e.must(err)
	_, err = e.svc.WorkplaceAdminPassword(e.ctx, tn.admin, tn.wp1.ID)
	wantCode(t, "after a reset", err, switchboard.ENOTFOUND)
	p = deliver(tn.desk1)
	v2, err := e.svc.WorkplaceAdminPassword(e.ctx, tn.admin, tn.wp1.ID)
	e.must(err)
	if v2.Password == v.Password || v2.Devices[0].Password != p.Profile(false).AdminPassword || !v2.DeliveredAt.After(v.DeliveredAt) {
		t.Errorf("after reset and fetch: a new password is not shown")
	}

	own := e.device(tn.cust.ID, tn.wp2.ID, app.DeviceInput{Model: "yealink-t54w", AdminPassword: "4711"})
	if p := deliver(own); p.DeliversWorkplacePassword || p.Profile(false).AdminPassword != "4711" {
		t.Errorf("a device with its own admin password delivers the workplace's")
	}
	_, err = e.svc.WorkplaceAdminPassword(e.ctx, tn.admin, tn.wp2.ID)
	wantCode(t, "device with its own password", err, switchboard.ENOTFOUND)
}

// TestRecordRefusals files refused fetches as security events of the
// device's customer, or of none for an unknown key, with the file name
// made printable.
func TestRecordRefusals(t *testing.T) {
	e, tn := acme(t)
	at := start.Add(time.Hour)
	e.must(e.svc.RecordRefusals(e.ctx, []app.Refusal{
		{At: at, IP: "203.0.113.9", Reason: "address not allowed", CustomerID: tn.cust.ID, DeviceID: tn.desk1.ID, File: "x.cfg"},
		{At: at, IP: "198.51.100.7", Reason: "unknown key", File: "a\x00b" + strings.Repeat("z", 100)},
	}))
	own, _, err := e.svc.CustomerEvents(e.ctx, tn.admin, tn.cust.ID, switchboard.EventSecurity, switchboard.Page{})
	e.must(err)
	if len(own) != 1 || own[0].Object != tn.desk1.ID || own[0].IP != "203.0.113.9" || own[0].Detail != "address not allowed; file x.cfg" {
		t.Errorf("customer's security events: %+v", own)
	}
	all, _, err := e.svc.Events(e.ctx, switchboard.System, switchboard.EventSecurity, switchboard.Page{})
	e.must(err)
	if len(all) != 2 {
		t.Fatalf("operator sees %d security events, want 2", len(all))
	}
	for _, ev := range all {
		if ev.CustomerID == "" && (!strings.HasPrefix(ev.Detail, "unknown key; file a?b") || !strings.HasSuffix(ev.Detail, "…")) {
			t.Errorf("unknown key's event detail: %q", ev.Detail)
		}
	}
}

// TestStatus reports a device's registration from the registrar, offline
// for anything but online.
func TestStatus(t *testing.T) {
	e, tn := acme(t)
	st, err := e.svc.Status(e.ctx, tn.user1, tn.desk1.ID)
	e.must(err)
	if st.State != switchboard.StateOffline {
		t.Errorf("unregistered device is %s", st.State)
	}
	e.sip.SetOnline(tn.desk1.ID, switchboard.DeviceStatus{IP: "10.0.0.9", UserAgent: "Yealink"})
	st, err = e.svc.Status(e.ctx, tn.admin, tn.desk1.ID)
	e.must(err)
	if st.State != switchboard.StateOnline || st.IP != "10.0.0.9" {
		t.Errorf("registered device: %+v", st)
	}
}

// TestEncryptionDecision checks the fetch-time decision of seed 000 as the
// provisioning server asks it: inside the access networks plain SIP,
// outside or with the site's encryption on TLS.
func TestEncryptionDecision(t *testing.T) {
	e, tn := acme(t)
	access := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	inside, outside := netip.MustParseAddr("10.1.1.1"), netip.MustParseAddr("203.0.113.9")
	p, err := e.svc.ProvisioningByKey(e.ctx, key(tn.desk1))
	e.must(err)
	if p.SiteEncryption || p.MustEncrypt(inside, access) || !p.MustEncrypt(outside, access) || !p.MustEncrypt(netip.Addr{}, access) {
		t.Error("without site encryption: plain SIP inside only")
	}
	on := true
	_, err = e.svc.UpdateSite(e.ctx, tn.admin, tn.site.ID, app.SitePatch{Encryption: &on})
	e.must(err)
	if p, err = e.svc.ProvisioningByKey(e.ctx, key(tn.desk1)); err != nil || !p.SiteEncryption || !p.MustEncrypt(inside, access) {
		t.Errorf("with site encryption the device may still use plain SIP inside (%v)", err)
	}
}

// TestModels reads the catalogue through the use cases.
func TestModels(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ms := e.svc.Models()
	for _, m := range ms {
		if m.KeyTypes == nil {
			t.Errorf("model %s lists key types as null", m.ID)
		}
	}
	m, err := e.svc.Model(ms[0].ID)
	if err != nil || m.ID != ms[0].ID {
		t.Errorf("Model(%s): %v", ms[0].ID, err)
	}
	_, err = e.svc.Model("acme-phone-9000")
	wantCode(t, "unknown model", err, switchboard.ENOTFOUND)
}
