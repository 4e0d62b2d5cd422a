package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestNewSIPCredentials replaces a registered and an offline device's SIP
// account: the old one is refused by the account source at once, the
// registered phone is told with its previous account, the offline one
// keeps a pending resync, and only the customer's administrators may ask.
func TestNewSIPCredentials(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	accounts := app.NewSIPAccounts(e.db, "sip.example.test")
	old := e.stored(tn.desk1.ID).SIP
	e.sip.SetOnline(tn.desk1.ID, switchboard.DeviceStatus{Contact: "sip:u@192.0.2.7:5060", Transport: "UDP"})
	e.sip.Take()

	for _, c := range []struct {
		name string
		p    switchboard.Principal
		id   string
		code string
	}{
		{"the workplace's user", tn.user1, tn.desk1.ID, switchboard.EFORBIDDEN},
		{"another customer's administrator", other.admin, tn.desk1.ID, switchboard.ENOTFOUND},
		{"unknown device", tn.admin, "dev_unknown", switchboard.ENOTFOUND},
	} {
		_, err := e.svc.NewSIPCredentials(e.ctx, c.p, c.id)
		wantCode(t, c.name, err, c.code)
	}
	if got := e.stored(tn.desk1.ID).SIP; got != old {
		t.Fatalf("a refused request changed the SIP account")
	}

	res, err := e.svc.NewSIPCredentials(e.ctx, tn.admin, tn.desk1.ID)
	e.must(err)
	d := e.stored(tn.desk1.ID)
	if d.SIP.Username == old.Username || d.SIP.Password == old.Password || d.SIP.AuthName != d.SIP.Username {
		t.Errorf("new SIP account %+v, old %+v: want a new user name (also the auth name) and password", d.SIP, old)
	}
	if d.PreviousSIP != old || d.SIPRotatedAt.IsZero() || res.Device.SIPRotatedAt.IsZero() {
		t.Errorf("previous account %+v, rotated at %v: want the old account and a time", d.PreviousSIP, d.SIPRotatedAt)
	}
	if res.Resync.State != app.ActionSent || len(res.Resync.Bindings) != 1 {
		t.Errorf("resync of a registered device: %+v", res.Resync)
	}
	notified, invalidated := e.sip.Take()
	if want := tn.desk1.ID + " revoke=" + old.AuthName + " reboot=false"; !slices.Equal(notified, []string{want}) {
		t.Errorf("registrar asked for %v, want %q", notified, want)
	}
	if !slices.Contains(invalidated, old.AuthName) {
		t.Errorf("registrar forgot %v, want the old account %q among them", invalidated, old.AuthName)
	}
	_, err = accounts.Account(e.ctx, old.AuthName)
	wantCode(t, "old account", err, switchboard.ENOTFOUND)
	if a, err := accounts.Account(e.ctx, d.SIP.AuthName); err != nil || a.DeviceID != d.ID {
		t.Errorf("new account: %+v, %v", a, err)
	}
	p, err := e.svc.ProvisioningByKey(e.ctx, key(tn.desk1))
	e.must(err)
	if l := p.Profile(false).Lines[0]; l.Username != d.SIP.Username || l.Password != d.SIP.Password {
		t.Errorf("profile line %+v does not carry the new account", l)
	}

	res, err = e.svc.NewSIPCredentials(e.ctx, tn.admin, tn.desk2.ID)
	e.must(err)
	if res.Resync.State != app.ActionPending || e.stored(tn.desk2.ID).PendingAction != switchboard.ActionSync {
		t.Errorf("offline device: resync %+v, pending %q; want pending sync", res.Resync, e.stored(tn.desk2.ID).PendingAction)
	}
	e.wantAudit("device.new_sip_credentials "+tn.desk1.ID, "device.new_sip_credentials "+tn.desk2.ID)
}

// TestRotateDevice replaces access key and SIP account in one action: the
// old provisioning URL and the old account stop working together.
func TestRotateDevice(t *testing.T) {
	e, tn := acme(t)
	old := e.stored(tn.desk1.ID)
	res, err := e.svc.RotateDevice(e.ctx, tn.admin, tn.desk1.ID)
	e.must(err)
	if res.Device.AccessKey == old.AccessKey || res.Device.ProvisioningURL == tn.desk1.ProvisioningURL {
		t.Errorf("rotation kept the access key")
	}
	_, err = e.svc.ProvisioningByKey(e.ctx, old.AccessKey)
	wantCode(t, "old key", err, switchboard.ENOTFOUND)
	if d := e.stored(tn.desk1.ID); d.SIP.Username == old.SIP.Username || d.PreviousSIP != old.SIP || !slices.Equal(d.Keys, old.Keys) {
		t.Errorf("rotated device %+v", d)
	}
	_, err = e.svc.RotateDevice(e.ctx, tn.user1, tn.desk1.ID)
	wantCode(t, "the user", err, switchboard.EFORBIDDEN)
	e.wantAudit("device.rotate " + tn.desk1.ID)
}

// TestBlockLine blocks and unblocks the lines of a device and of a
// workplace, in order: each step's outcome and the device's line as its
// status shows it afterwards.
func TestBlockLine(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	blockDevice := blocker(e, e.svc.BlockDevice, e.svc.UnblockDevice, tn.desk1.ID)
	blockWorkplace := blocker(e, e.svc.BlockWorkplace, e.svc.UnblockWorkplace, tn.wp1.ID)
	for _, c := range []struct {
		name    string
		do      func(switchboard.Principal, bool) error
		p       switchboard.Principal
		block   bool
		code    string
		blocked bool
	}{
		{"user blocks the device", blockDevice, tn.user1, true, switchboard.EFORBIDDEN, false},
		{"other customer blocks the device", blockDevice, other.admin, true, switchboard.ENOTFOUND, false},
		{"other customer blocks the workplace", blockWorkplace, other.admin, true, switchboard.ENOTFOUND, false},
		{"unblock an open device", blockDevice, tn.admin, false, "", false},
		{"block the device", blockDevice, tn.admin, true, "", true},
		{"block it again", blockDevice, tn.admin, true, "", true},
		{"unblock the device", blockDevice, tn.admin, false, "", false},
		{"user blocks the workplace", blockWorkplace, tn.user1, true, switchboard.EFORBIDDEN, false},
		{"block the workplace", blockWorkplace, tn.admin, true, "", true},
		{"unblock the device of a blocked workplace", blockDevice, tn.admin, false, switchboard.ECONFLICT, true},
		{"block the workplace again", blockWorkplace, tn.admin, true, "", true},
		{"unblock the workplace", blockWorkplace, tn.admin, false, "", false},
		{"unblock it again", blockWorkplace, tn.admin, false, "", false},
	} {
		wantCode(t, c.name, c.do(c.p, c.block), c.code)
		st, err := e.svc.Status(e.ctx, tn.admin, tn.desk1.ID)
		e.must(err)
		if st.LineBlocked != c.blocked {
			t.Errorf("%s: line_blocked = %v, want %v", c.name, st.LineBlocked, c.blocked)
		}
	}
	first := e.stored(tn.desk2.ID)
	_, err := e.svc.BlockDevice(e.ctx, tn.admin, tn.desk2.ID)
	e.must(err)
	at := e.stored(tn.desk2.ID).BlockedAt
	e.advance(time.Minute)
	v, err := e.svc.BlockDevice(e.ctx, tn.admin, tn.desk2.ID)
	e.must(err)
	if at.IsZero() || !v.BlockedAt.Equal(at) || first.UpdatedAt.Equal(at) {
		t.Errorf("blocking twice: blocked at %v then %v; want the first block kept", at, v.BlockedAt)
	}
	e.wantAudit("device.block "+tn.desk1.ID, "device.unblock "+tn.desk1.ID, "workplace.block "+tn.wp1.ID, "workplace.unblock "+tn.wp1.ID)
}

// blocker returns a step of TestBlockLine: block or unblock the object id
// as a principal.
func blocker[T any](e *env, block, unblock func(context.Context, switchboard.Principal, string) (T, error), id string) func(switchboard.Principal, bool) error {
	return func(p switchboard.Principal, b bool) error {
		f := unblock
		if b {
			f = block
		}
		_, err := f(e.ctx, p, id)
		return err
	}
}

// TestChargeLimits sets the TopStop of a customer, a workplace and a
// number, checks who may and what is valid, and computes the limit of a
// call from the workplace's number.
func TestChargeLimits(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	limit := func(v int64) *int64 { return &v }
	for _, c := range []struct {
		name string
		do   func() error
		code string
	}{
		{"customer by its administrator", func() error {
			_, err := e.svc.UpdateCustomer(e.ctx, tn.admin, tn.cust.ID, app.CustomerPatch{ChargeLimit: limit(100_000)})
			return err
		}, ""},
		{"negative customer limit", func() error {
			_, err := e.svc.UpdateCustomer(e.ctx, tn.admin, tn.cust.ID, app.CustomerPatch{ChargeLimit: limit(-1)})
			return err
		}, switchboard.EINVALID},
		{"workplace by its user", func() error {
			_, err := e.svc.UpdateWorkplace(e.ctx, tn.user1, tn.wp1.ID, app.WorkplacePatch{ChargeLimit: limit(1)})
			return err
		}, switchboard.EFORBIDDEN},
		{"workplace by the administrator", func() error {
			_, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp1.ID, app.WorkplacePatch{ChargeLimit: limit(20_000)})
			return err
		}, ""},
		{"workplace limit too high", func() error {
			_, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp1.ID, app.WorkplacePatch{ChargeLimit: limit(switchboard.MaxChargeLimit + 1)})
			return err
		}, switchboard.EINVALID},
		{"number by the administrator", func() error {
			_, err := e.svc.UpdateNumber(e.ctx, tn.admin, tn.cust.ID, tn.numbers[0], app.NumberPatch{ChargeLimit: limit(5_000)})
			return err
		}, ""},
		{"number by the user", func() error {
			_, err := e.svc.UpdateNumber(e.ctx, tn.user1, tn.cust.ID, tn.numbers[0], app.NumberPatch{ChargeLimit: limit(1)})
			return err
		}, switchboard.EFORBIDDEN},
		{"another customer's number", func() error {
			_, err := e.svc.UpdateNumber(e.ctx, tn.admin, tn.cust.ID, other.numbers[0], app.NumberPatch{ChargeLimit: limit(1)})
			return err
		}, switchboard.ENOTFOUND},
		{"number through another customer", func() error {
			_, err := e.svc.UpdateNumber(e.ctx, other.admin, tn.cust.ID, tn.numbers[0], app.NumberPatch{ChargeLimit: limit(1)})
			return err
		}, switchboard.ENOTFOUND},
		{"negative number limit", func() error {
			_, err := e.svc.UpdateNumber(e.ctx, tn.admin, tn.cust.ID, tn.numbers[0], app.NumberPatch{ChargeLimit: limit(-5)})
			return err
		}, switchboard.EINVALID},
		{"not a number", func() error {
			_, err := e.svc.UpdateNumber(e.ctx, tn.admin, tn.cust.ID, "12ab", app.NumberPatch{ChargeLimit: limit(1)})
			return err
		}, switchboard.EINVALID},
	} {
		wantCode(t, c.name, c.do(), c.code)
	}
	cust, err := e.svc.Customer(e.ctx, tn.admin, tn.cust.ID)
	e.must(err)
	wp, err := e.svc.Workplace(e.ctx, tn.admin, tn.wp1.ID)
	e.must(err)
	ns, _, err := e.svc.Numbers(e.ctx, tn.admin, tn.cust.ID, false, switchboard.Page{})
	e.must(err)
	i := slices.IndexFunc(ns, func(n *switchboard.Number) bool { return n.E164 == tn.numbers[0] })
	l := switchboard.ChargeLimits{Customer: cust.ChargeLimit, Workplace: wp.ChargeLimit, Number: ns[i].ChargeLimit}
	if l != (switchboard.ChargeLimits{Customer: 100_000, Workplace: 20_000, Number: 5_000}) || l.Effective() != 5_000 {
		t.Errorf("stored limits %+v, effective %d; want 100000/20000/5000 and 5000", l, l.Effective())
	}
}

// TestFraudWatch feeds sightings in order and counts the suspicions each
// raises: two MACs or two networks within the window raise one, the same
// phone never does, and a device raises at most one per quiet time.
func TestFraudWatch(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	s := func(dev, via, mac, ip string, after time.Duration) switchboard.Sighting {
		return switchboard.Sighting{DeviceID: dev, Via: via, MAC: mac, IP: ip, At: t0.Add(after)}
	}
	const sip, prov = switchboard.ViaSIP, switchboard.ViaProvisioning
	for _, c := range []struct {
		name string
		seen []switchboard.Sighting
		want int
	}{
		{"one phone, many uses", []switchboard.Sighting{
			s("d1", sip, "aa", "192.0.2.1", 0), s("d1", sip, "aa", "192.0.2.9", time.Minute), s("d1", prov, "aa", "192.0.2.1", 2*time.Minute)}, 0},
		{"two MACs on one account", []switchboard.Sighting{
			s("d1", sip, "aa", "192.0.2.1", 0), s("d1", sip, "bb", "192.0.2.2", time.Minute)}, 1},
		{"a key fetched from two networks", []switchboard.Sighting{
			s("d1", prov, "", "192.0.2.1", 0), s("d1", prov, "", "203.0.113.5", 3*time.Minute)}, 1},
		{"two networks, too far apart", []switchboard.Sighting{
			s("d1", prov, "", "192.0.2.1", 0), s("d1", prov, "", "203.0.113.5", switchboard.FraudWindow+time.Minute)}, 0},
		{"key on one network, SIP on another", []switchboard.Sighting{
			s("d1", prov, "", "192.0.2.1", 0), s("d1", sip, "", "203.0.113.5", time.Minute)}, 0},
		{"two devices, each on its own", []switchboard.Sighting{
			s("d1", sip, "aa", "192.0.2.1", 0), s("d2", sip, "bb", "203.0.113.5", time.Minute)}, 0},
		{"flapping within the quiet time", []switchboard.Sighting{
			s("d1", sip, "aa", "192.0.2.1", 0), s("d1", sip, "bb", "203.0.113.5", time.Minute),
			s("d1", sip, "aa", "192.0.2.1", 2*time.Minute), s("d1", sip, "bb", "203.0.113.5", 30*time.Minute)}, 1},
		{"again after the quiet time", []switchboard.Sighting{
			s("d1", sip, "aa", "192.0.2.1", 0), s("d1", sip, "bb", "203.0.113.5", time.Minute),
			s("d1", sip, "aa", "192.0.2.1", switchboard.FraudQuiet+2*time.Minute),
			s("d1", sip, "bb", "203.0.113.5", switchboard.FraudQuiet+3*time.Minute)}, 2},
		{"sightings out of order", []switchboard.Sighting{
			s("d1", prov, "", "192.0.2.1", 2*time.Minute), s("d1", prov, "", "203.0.113.5", 0)}, 1},
	} {
		w := app.NewFraudWatch()
		for _, x := range c.seen {
			w.Observe(x)
		}
		if got := len(w.Suspicions()); got != c.want {
			t.Errorf("%s: %d suspicions, want %d", c.name, got, c.want)
		}
	}
}

// TestFraudSignalFromFetches records two fetches of one key from two
// networks, as the provisioning server's bookkeeping does, and sees the
// signal become a security event and one mail to the customer's admin
// address that offers the rotation.
func TestFraudSignalFromFetches(t *testing.T) {
	e, tn := acme(t)
	w := app.NewFraudWatch()
	cat, err := catalogue()
	e.must(err)
	svc := app.New(app.Options{Store: e.db, Catalogue: cat, Now: e.clock, ProvisioningURL: provURL, Bus: envBus{e}, Fraud: w})
	at := e.clock()
	e.must(svc.RecordFetches(e.ctx, []app.Fetch{
		{DeviceID: tn.desk1.ID, Access: switchboard.Access{At: at, IP: "192.0.2.7", UserAgent: "Yealink SIP-T54W 96.86.0.100 80:5e:c0:11:22:33"}, MAC: "805ec0112233"},
		{DeviceID: tn.desk2.ID, Access: switchboard.Access{At: at, IP: "192.0.2.8"}},
	}))
	e.must(svc.RecordFetches(e.ctx, []app.Fetch{
		{DeviceID: tn.desk1.ID, Access: switchboard.Access{At: at.Add(time.Minute), IP: "203.0.113.50"}},
		{DeviceID: tn.desk2.ID, Access: switchboard.Access{At: at.Add(time.Minute), IP: "192.0.2.8"}},
	}))
	if n := len(w.Suspicions()); n != 1 {
		t.Fatalf("%d suspicions, want 1 (desk 1 only)", n)
	}
	e.must(svc.RaiseFraudSignal(e.ctx, <-w.Suspicions()))
	evs, _, err := e.svc.Events(e.ctx, switchboard.System, switchboard.EventSecurity, switchboard.Page{})
	e.must(err)
	i := slices.IndexFunc(evs, func(ev *switchboard.Event) bool { return ev.Action == "device.fraud_suspected" })
	if i < 0 || evs[i].Object != tn.desk1.ID || evs[i].CustomerID != tn.cust.ID || !strings.Contains(evs[i].Detail, "203.0.113.50") {
		t.Fatalf("security events %+v: want device.fraud_suspected for desk 1 naming the second address", evs)
	}
	var alerts []*switchboard.Message
	for _, m := range e.messages(tn.cust.ID) {
		if m.Kind == switchboard.MessageFraudAlert {
			alerts = append(alerts, m)
		}
	}
	if len(alerts) != 1 {
		t.Fatalf("%d fraud alerts in the outbox, want 1", len(alerts))
	}
	m := alerts[0]
	if m.To != tn.cust.AdminEmail || m.Language != "de" || !strings.Contains(m.Text, "switchboard device rotate "+tn.desk1.ID) ||
		!strings.Contains(m.Text, "/api/v1/devices/"+tn.desk1.ID+"/rotate") {
		t.Errorf("fraud alert to %s in %s:\n%s", m.To, m.Language, m.Text)
	}
}

// TestFraudSignalOfARoamingClient raises two suspicions for a mobile
// client: two networks alone are its daily life and record nothing; two
// MACs are a security event and a mail.
func TestFraudSignalOfARoamingClient(t *testing.T) {
	e, tn := acme(t)
	mobile := e.device(tn.cust.ID, tn.wp2.ID, app.DeviceInput{Model: "softclient-mobile"})
	at := e.clock()
	sighting := func(mac, ip string) switchboard.Sighting {
		return switchboard.Sighting{DeviceID: mobile.ID, Via: switchboard.ViaSIP, MAC: mac, IP: ip, At: at}
	}
	alerts := func() int {
		n := 0
		for _, m := range e.messages(tn.cust.ID) {
			if m.Kind == switchboard.MessageFraudAlert {
				n++
			}
		}
		return n
	}
	e.must(e.svc.RaiseFraudSignal(e.ctx, app.Suspicion{Earlier: sighting("", "192.0.2.7"), Later: sighting("", "203.0.113.9")}))
	if n := alerts(); n != 0 {
		t.Fatalf("a mobile client on two networks raised %d alerts, want none", n)
	}
	e.must(e.svc.RaiseFraudSignal(e.ctx, app.Suspicion{Earlier: sighting("aa0000000001", "192.0.2.7"), Later: sighting("aa0000000002", "192.0.2.7")}))
	if n := alerts(); n != 1 {
		t.Fatalf("a mobile client with two MACs raised %d alerts, want 1", n)
	}
}
