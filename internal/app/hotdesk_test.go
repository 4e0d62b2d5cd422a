package app_test

import (
	"slices"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// hotDesk is a tenant with its workplaces active, a second free desk
// phone and the principal of wp2's user (wp2 has multi-login and one
// linked desk phone, so it may log in on one more).
type hotDesk struct {
	tenant
	free2 *app.DeviceView
	user2 switchboard.Principal
}

func newHotDesk(t *testing.T) (*env, hotDesk) {
	e, tn := acme(t)
	e.processOrders()
	h := hotDesk{tenant: tn}
	h.free2 = e.device(tn.cust.ID, "", app.DeviceInput{Model: "yealink-t54w", Description: "hot desk 2"})
	h.user2 = switchboard.Principal{TokenID: "tok-user-two", Role: switchboard.RoleUser, CustomerID: tn.cust.ID, WorkplaceID: tn.wp2.ID}
	return e, h
}

// securityEvents counts the security events with the action about the
// object.
func (e *env) securityEvents(action, object string) int {
	e.t.Helper()
	evs, _, err := e.svc.Events(e.ctx, switchboard.System, switchboard.EventSecurity, switchboard.Page{Limit: switchboard.MaxPageSize})
	e.must(err)
	n := 0
	for _, ev := range evs {
		if ev.Action == action && ev.Object == object {
			n++
		}
	}
	return n
}

// pin is the workplace's hot-desk PIN as stored.
func (e *env) pin(workplaceID string) string {
	e.t.Helper()
	return e.storedWorkplace(workplaceID).HotDeskPIN
}

func TestHotDeskLoginRules(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// who picks the caller, workplace and device; pin the PIN ("ok"
		// for the right one).
		who  func(e *env, h hotDesk) (switchboard.Principal, string, string)
		pin  string
		want string
	}{
		{"user with the PIN", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			return h.user2, h.wp2.ID, h.free.ID
		}, "ok", ""},
		{"user without a PIN", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			return h.user2, h.wp2.ID, h.free.ID
		}, "", switchboard.EINVALID},
		{"user with a wrong PIN", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			return h.user2, h.wp2.ID, h.free.ID
		}, "000000x", switchboard.EFORBIDDEN},
		{"administrator without a PIN", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			return h.admin, h.wp2.ID, h.free.ID
		}, "", ""},
		{"administrator with a wrong PIN", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			return h.admin, h.wp2.ID, h.free.ID
		}, "000000x", switchboard.EFORBIDDEN},
		{"user of another workplace", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			return h.user1, h.wp2.ID, h.free.ID
		}, "ok", switchboard.ENOTFOUND},
		{"administrator of another customer", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			other := e.bare("other", 2)
			return other.admin, h.wp2.ID, h.free.ID
		}, "", switchboard.ENOTFOUND},
		{"device of another customer", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			other := e.bare("other", 2)
			d := e.device(other.cust.ID, "", app.DeviceInput{Model: "yealink-t54w"})
			return h.admin, h.wp2.ID, d.ID
		}, "", switchboard.ENOTFOUND},
		{"unknown device", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			return h.admin, h.wp2.ID, "dev_unknown"
		}, "", switchboard.ENOTFOUND},
		{"linked device", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			return h.admin, h.wp2.ID, h.desk1.ID
		}, "", switchboard.ECONFLICT},
		{"not a desk phone", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			d := e.device(h.cust.ID, "", app.DeviceInput{Model: "softclient-desktop"})
			return h.admin, h.wp2.ID, d.ID
		}, "", switchboard.ECONFLICT},
		{"no room without multi-login", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			return h.admin, h.wp1.ID, h.free.ID
		}, "", switchboard.ECONFLICT},
		{"workplace not active", func(e *env, h hotDesk) (switchboard.Principal, string, string) {
			w := e.workplace(h.tenant, "acme.three", "203", nil)
			return h.admin, w.ID, h.free.ID
		}, "", switchboard.ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, h := newHotDesk(t)
			p, wp, dev := tc.who(e, h)
			pin := tc.pin
			if pin == "ok" {
				pin = e.pin(wp)
			}
			before := e.snapshot()
			res, err := e.svc.HotDeskLogin(e.ctx, p, wp, app.HotDeskInput{Device: dev, PIN: pin})
			wantCode(t, "log-in", err, tc.want)
			if tc.want != "" {
				// A wrong PIN is recorded as a security event; nothing
				// else may change.
				if after := e.snapshot(); after != before && tc.want != switchboard.EFORBIDDEN {
					t.Errorf("a refused log-in changed data")
				}
				if d := e.stored(h.free.ID); d.HotDesk != nil {
					t.Errorf("a refused log-in logged in: %+v", d.HotDesk)
				}
				return
			}
			d := e.stored(dev)
			if d.HotDesk == nil || d.HotDesk.Workplace != wp || res.Device != dev {
				t.Errorf("device login = %+v, answer %+v; want workplace %s on %s", d.HotDesk, res, wp, dev)
			}
		})
	}
}

// line is the first line of the device's profile as a fetch gets it.
func (e *env) line(d *app.DeviceView) switchboard.ProfileLine {
	e.t.Helper()
	prov, err := e.svc.ProvisioningByKey(e.ctx, key(d))
	e.must(err)
	return prov.Profile(false).Lines[0]
}

func TestHotDeskLoginMovesAndLogsOut(t *testing.T) {
	e, h := newHotDesk(t)
	e.sip.SetOnline(h.free.ID, switchboard.DeviceStatus{})
	if l := e.line(h.free); l.Label != "hot desk" {
		t.Fatalf("free device's line label = %q, want its description", l.Label)
	}
	res, err := e.svc.HotDeskLogin(e.ctx, h.admin, h.wp2.ID, app.HotDeskInput{Device: h.free.ID})
	e.must(err)
	if len(res.Resyncs) != 1 || res.Resyncs[0].State != app.ActionSent {
		t.Errorf("log-in resyncs = %+v, want the online device told at once", res.Resyncs)
	}
	if l := e.line(h.free); l.Label != "202" || l.DisplayName != "Erika Mustermann" || l.Username != h.free.SIP.Username {
		t.Errorf("logged-in line = %+v, want wp2's extension and name on the device's own account", l)
	}
	if v, err := e.svc.Device(e.ctx, h.user2, h.free.ID); err != nil || v.HotDesk == nil {
		t.Errorf("wp2's user reads the device it is logged in on: %+v, %v", v, err)
	}

	// Logging in elsewhere logs out the previous device.
	res, err = e.svc.HotDeskLogin(e.ctx, h.user2, h.wp2.ID, app.HotDeskInput{Device: h.free2.ID, PIN: e.pin(h.wp2.ID)})
	e.must(err)
	var resynced []string
	for _, r := range res.Resyncs {
		resynced = append(resynced, r.Device)
	}
	if !slices.Equal(resynced, []string{h.free.ID, h.free2.ID}) {
		t.Errorf("resynced %v, want the old and the new device", resynced)
	}
	if d := e.stored(h.free.ID); d.HotDesk != nil || d.PendingAction != switchboard.ActionSync {
		t.Errorf("previous device: login %+v, pending %q; want logged out with a sync pending", d.HotDesk, d.PendingAction)
	}
	if l := e.line(h.free); l.Label != "hot desk" {
		t.Errorf("logged-out line label = %q, want the free profile again", l.Label)
	}
	w, err := e.svc.Workplace(e.ctx, h.user2, h.wp2.ID)
	e.must(err)
	if len(w.HotDesk) != 1 || w.HotDesk[0].Device != h.free2.ID {
		t.Errorf("workplace view hot_desk = %+v, want free2", w.HotDesk)
	}

	// The user logs out; a second log-out has nothing to end.
	_, err = e.svc.HotDeskLogout(e.ctx, h.user2, h.wp2.ID)
	e.must(err)
	if d := e.stored(h.free2.ID); d.HotDesk != nil {
		t.Errorf("log-out left %+v", d.HotDesk)
	}
	_, err = e.svc.HotDeskLogout(e.ctx, h.user2, h.wp2.ID)
	wantCode(t, "second log-out", err, switchboard.ECONFLICT)
	_, err = e.svc.HotDeskLogout(e.ctx, h.user1, h.wp2.ID)
	wantCode(t, "log-out of another user's workplace", err, switchboard.ENOTFOUND)
	e.wantAudit("hotdesk.login "+h.free.ID, "hotdesk.login "+h.free2.ID, "hotdesk.logout "+h.wp2.ID)
}

func TestHotDeskTakeOverAndLink(t *testing.T) {
	e, h := newHotDesk(t)
	_, err := e.svc.UnlinkDevice(e.ctx, h.admin, h.desk1.ID)
	e.must(err)
	_, err = e.svc.HotDeskLogin(e.ctx, h.admin, h.wp2.ID, app.HotDeskInput{Device: h.free.ID})
	e.must(err)
	// wp1 (its desk phone unlinked) takes the device over; wp2 is out.
	_, err = e.svc.HotDeskLogin(e.ctx, h.admin, h.wp1.ID, app.HotDeskInput{Device: h.free.ID})
	e.must(err)
	if d := e.stored(h.free.ID); d.HotDesk == nil || d.HotDesk.Workplace != h.wp1.ID {
		t.Fatalf("device login after take-over = %+v, want wp1", d.HotDesk)
	}
	w, err := e.svc.Workplace(e.ctx, h.admin, h.wp2.ID)
	if e.must(err); len(w.HotDesk) != 0 {
		t.Errorf("wp2 still logged in: %+v", w.HotDesk)
	}
	// wp1 has no room for a linked desk phone while it is logged in.
	_, err = e.svc.LinkDevice(e.ctx, h.admin, h.desk1.ID, app.LinkInput{Workplace: h.wp1.ID})
	wantCode(t, "link while logged in without multi-login", err, switchboard.ECONFLICT)
	// Linking the logged-in device itself ends its login.
	_, err = e.svc.LinkDevice(e.ctx, h.admin, h.free.ID, app.LinkInput{Workplace: h.wp1.ID})
	e.must(err)
	if d := e.stored(h.free.ID); d.HotDesk != nil || d.WorkplaceID != h.wp1.ID {
		t.Errorf("linked device: login %+v, workplace %q", d.HotDesk, d.WorkplaceID)
	}
}

// TestRegistrarAccountFollowsTheLogin checks the account the registrar
// sees for a free phone: its own SIP account throughout, under the rules
// of the logged-in workplace's site (here encryption) while logged in.
func TestRegistrarAccountFollowsTheLogin(t *testing.T) {
	e, h := newHotDesk(t)
	on := true
	_, err := e.svc.UpdateSite(e.ctx, h.admin, h.site.ID, app.SitePatch{Encryption: &on})
	e.must(err)
	accounts := app.NewSIPAccounts(e.db, "sip.example.test")
	auth := e.stored(h.free.ID).SIP.AuthName
	encrypted := func() bool {
		a, err := accounts.Account(e.ctx, auth)
		e.must(err)
		if a.DeviceID != h.free.ID {
			t.Fatalf("account of %s belongs to %s", auth, a.DeviceID)
		}
		return a.Encryption
	}
	if encrypted() {
		t.Error("a free phone has no site, so no encryption rule")
	}
	_, err = e.svc.HotDeskLogin(e.ctx, h.admin, h.wp2.ID, app.HotDeskInput{Device: h.free.ID})
	e.must(err)
	if !encrypted() {
		t.Error("logged in, the phone follows the encrypting site of the workplace")
	}
	if _, invalidated := e.sip.Take(); !slices.Contains(invalidated, auth) {
		t.Errorf("the registrar was not told to forget %s: %v", auth, invalidated)
	}
	_, err = e.svc.HotDeskLogout(e.ctx, h.admin, h.wp2.ID)
	e.must(err)
	if encrypted() {
		t.Error("logged out, the phone is free again")
	}
}

func TestDeletedWorkplaceIsLoggedOut(t *testing.T) {
	e, h := newHotDesk(t)
	_, err := e.svc.HotDeskLogin(e.ctx, h.admin, h.wp2.ID, app.HotDeskInput{Device: h.free.ID})
	e.must(err)
	e.must(e.svc.DeleteWorkplace(e.ctx, h.admin, h.wp2.ID))
	if d := e.stored(h.free.ID); d.HotDesk != nil || d.PendingAction != switchboard.ActionSync {
		t.Errorf("device of the deleted workplace: login %+v, pending %q", d.HotDesk, d.PendingAction)
	}
	if l := e.line(h.free); l.Label != "hot desk" {
		t.Errorf("line label = %q, want the free profile", l.Label)
	}
}

func TestLinkAndUnlinkResync(t *testing.T) {
	e, h := newHotDesk(t)
	e.sip.SetOnline(h.free.ID, switchboard.DeviceStatus{})
	e.sip.Take()
	v, err := e.svc.LinkDevice(e.ctx, h.admin, h.free.ID, app.LinkInput{Workplace: h.wp2.ID})
	e.must(err)
	notified, _ := e.sip.Take()
	if v.PendingAction != switchboard.ActionSync || len(notified) != 1 {
		t.Errorf("link: pending %q, NOTIFYs %v; want a sync sent", v.PendingAction, notified)
	}
	if l := e.line(h.free); l.Label != "202" {
		t.Errorf("linked line label = %q, want wp2's extension", l.Label)
	}
	_, err = e.svc.UnlinkDevice(e.ctx, h.user2, h.free.ID)
	wantCode(t, "unlink by the workplace's user", err, switchboard.EFORBIDDEN)
	_, err = e.svc.UnlinkDevice(e.ctx, h.admin, h.free.ID)
	e.must(err)
	if notified, _ := e.sip.Take(); len(notified) != 1 {
		t.Errorf("unlink NOTIFYs = %v, want one sync", notified)
	}
	if l := e.line(h.free); l.Label != "hot desk" {
		t.Errorf("unlinked line label = %q, want the hot-desk profile", l.Label)
	}
}

func TestHotDeskPINAttemptsAreLimited(t *testing.T) {
	e, h := newHotDesk(t)
	in := app.HotDeskInput{Device: h.free.ID, PIN: "wrong"}
	for i := range 5 {
		_, err := e.svc.HotDeskLogin(e.ctx, h.user2, h.wp2.ID, in)
		wantCode(t, "wrong PIN", err, switchboard.EFORBIDDEN)
		if i == 0 {
			e.advance(time.Minute)
		}
	}
	in.PIN = e.pin(h.wp2.ID)
	_, err := e.svc.HotDeskLogin(e.ctx, h.user2, h.wp2.ID, in)
	wantCode(t, "right PIN after five wrong ones", err, switchboard.ERATELIMIT)
	if n := e.securityEvents("hotdesk.pin_failed", h.wp2.ID); n != 5 {
		t.Errorf("security events for wrong PINs = %d, want 5", n)
	}
	// Once the first failure leaves the window, one more try is allowed.
	e.advance(15 * time.Minute)
	_, err = e.svc.HotDeskLogin(e.ctx, h.user2, h.wp2.ID, in)
	wantCode(t, "right PIN after the window", err, "")
}

func TestAutoLogout(t *testing.T) {
	e, h := newHotDesk(t)
	_, err := e.svc.SetSiteHotDesk(e.ctx, h.user2, h.site.ID, app.HotDeskSettings{AutoLogout: "03:00"})
	wantCode(t, "settings by a user", err, switchboard.EFORBIDDEN)
	_, err = e.svc.SetSiteHotDesk(e.ctx, h.admin, h.site.ID, app.HotDeskSettings{AutoLogout: "3 Uhr"})
	wantCode(t, "settings with a bad time", err, switchboard.EINVALID)
	_, err = e.svc.SetSiteHotDesk(e.ctx, h.admin, h.site.ID, app.HotDeskSettings{AutoLogout: "03:00"})
	e.must(err)
	if got, err := e.svc.SiteHotDesk(e.ctx, h.admin, h.site.ID); err != nil || got.AutoLogout != "03:00" {
		t.Fatalf("settings = %+v, %v", got, err)
	}
	// Logged in at 11:00 Berlin time (the clock starts at 10:00 UTC).
	_, err = e.svc.HotDeskLogin(e.ctx, h.admin, h.wp2.ID, app.HotDeskInput{Device: h.free.ID})
	e.must(err)
	for _, step := range []struct {
		advance time.Duration
		want    int
	}{
		{15 * time.Hour, 0},   // 02:00 Berlin: not yet
		{59 * time.Minute, 0}, // 02:59
		{2 * time.Minute, 1},  // 03:01: logged out
		{24 * time.Hour, 0},   // nothing left to end
	} {
		e.advance(step.advance)
		n, err := e.svc.AutoLogout(e.ctx)
		e.must(err)
		if n != step.want {
			t.Errorf("after %v: %d logins ended, want %d", step.advance, n, step.want)
		}
	}
	if d := e.stored(h.free.ID); d.HotDesk != nil || d.PendingAction != switchboard.ActionSync {
		t.Errorf("after the automatic log-out: login %+v, pending %q", d.HotDesk, d.PendingAction)
	}
	e.wantAudit("hotdesk.auto_logout " + h.free.ID)
}

func TestFreeLists(t *testing.T) {
	e, h := newHotDesk(t)
	ids := func(p switchboard.Principal, q app.DeviceQuery) ([]string, error) {
		ds, _, err := e.svc.DeviceList(e.ctx, p, q, switchboard.Page{})
		var out []string
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return out, err
	}
	_, err := e.svc.HotDeskLogin(e.ctx, h.admin, h.wp2.ID, app.HotDeskInput{Device: h.free2.ID})
	e.must(err)
	other := e.bare("other", 2)
	e.device(other.cust.ID, "", app.DeviceInput{Model: "yealink-t54w"})
	for _, tc := range []struct {
		name string
		p    switchboard.Principal
		q    app.DeviceQuery
		want []string
		code string
	}{
		{"administrator, free", h.admin, app.DeviceQuery{Free: true}, []string{h.free.ID}, ""},
		{"administrator, all", h.admin, app.DeviceQuery{}, []string{h.desk1.ID, h.desk2.ID, h.free.ID, h.free2.ID}, ""},
		{"user, free", h.user1, app.DeviceQuery{Free: true}, []string{h.free.ID}, ""},
		{"user, all", h.user1, app.DeviceQuery{}, nil, switchboard.EFORBIDDEN},
		{"administrator, another customer", h.admin, app.DeviceQuery{Customer: other.cust.ID, Free: true}, nil, switchboard.ENOTFOUND},
		{"operator, one customer", switchboard.System, app.DeviceQuery{Customer: h.cust.ID, Free: true}, []string{h.free.ID}, ""},
	} {
		got, err := ids(tc.p, tc.q)
		wantCode(t, tc.name, err, tc.code)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	ws, _, err := e.svc.FreeWorkplaces(e.ctx, h.admin, h.cust.ID, switchboard.Page{})
	e.must(err)
	if len(ws) != 0 {
		t.Errorf("free workplaces = %d, want none: wp1 has its desk phone, wp2 its desk phone and a login", len(ws))
	}
	_, err = e.svc.HotDeskLogout(e.ctx, h.admin, h.wp2.ID)
	e.must(err)
	ws, _, err = e.svc.FreeWorkplaces(e.ctx, h.admin, h.cust.ID, switchboard.Page{})
	if e.must(err); len(ws) != 1 || ws[0].ID != h.wp2.ID {
		t.Errorf("free workplaces after log-out = %v, want wp2", ws)
	}
	_, _, err = e.svc.FreeWorkplaces(e.ctx, h.user1, h.cust.ID, switchboard.Page{})
	wantCode(t, "free workplaces for a user", err, switchboard.EFORBIDDEN)
}
