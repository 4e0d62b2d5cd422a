package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestFailedAuditWriteChangesNothing makes the store fail at the last
// write of every changing use case, its audit event: each call fails as an
// internal error, the store is as before, and nothing was told to the
// registrar, the profile caches or the workers.
func TestFailedAuditWriteChangesNothing(t *testing.T) {
	t.Parallel()
	e, w := newWorld(t, false)
	e.sip.SetOnline(w.a.desk1.ID, switchboard.DeviceStatus{})
	for len(e.wakes) > 0 {
		<-e.wakes
	}
	e.sip.Take()
	e.changes.take()
	before := e.snapshot()
	e.db.failOn("AddEvent")
	for _, c := range authzCalls() {
		if !c.mutates {
			continue
		}
		err := c.call(e, w, switchboard.System)
		if !errors.Is(err, errInjected) || switchboard.ErrorCode(err) != switchboard.EINTERNAL {
			t.Errorf("%s: %v, want the injected internal error", c.name, err)
		}
		if e.snapshot() != before {
			t.Fatalf("%s changed the store although its transaction failed", c.name)
		}
		notified, invalidated := e.sip.Take()
		if ch := e.changes.take(); len(notified)+len(invalidated)+len(ch)+len(e.wakes) > 0 {
			t.Errorf("%s: after a failed transaction NOTIFYs %v, invalidations %v, change notices %v", c.name, notified, invalidated, ch)
		}
	}
}

// TestFailedBookkeepingChangesNothing fails the background writes: the
// fetch bookkeeping (last access with the carried-out action's event) and
// the password reset (new hash with its message) are written whole or not
// at all.
func TestFailedBookkeepingChangesNothing(t *testing.T) {
	e, tn := bareAcme(t)
	w := e.workplace(tn, "acme.one", "201", nil)
	desk := e.device(tn.cust.ID, w.ID, app.DeviceInput{Model: "yealink-t54w"})
	e.processOrders()
	_, err := e.svc.DeviceAction(e.ctx, tn.admin, desk.ID, switchboard.ActionReboot)
	e.must(err)
	p, err := e.svc.ProvisioningByKey(e.ctx, key(desk))
	e.must(err)
	fetch := []app.Fetch{{DeviceID: desk.ID, Version: p.Version, PendingAction: p.PendingAction, Access: switchboard.Access{At: e.clock(), IP: "10.0.0.7"}}}
	for _, c := range []struct {
		name, method string
		run          func() error
	}{
		{"fetch bookkeeping", "AddEvent", func() error { return e.svc.RecordFetches(e.ctx, fetch) }},
		{"password reset", "CreateMessage", func() error { return e.svc.RequestPasswordReset(e.ctx, w.Username, "192.0.2.1:5000") }},
		{"refusals", "AddEvent", func() error {
			return e.svc.RecordRefusals(e.ctx, []app.Refusal{{At: e.clock(), IP: "192.0.2.1", Reason: "unknown key"}})
		}},
	} {
		before := e.snapshot()
		e.db.failOn(c.method)
		if err := c.run(); !errors.Is(err, errInjected) {
			t.Errorf("%s: %v, want the injected failure", c.name, err)
		}
		e.db.failOn("")
		if e.snapshot() != before {
			t.Errorf("%s: a failed transaction changed the store", c.name)
		}
		if done := e.done.take(); len(done) > 0 {
			t.Errorf("%s: actions reported done after a failure: %v", c.name, done)
		}
	}
	e.must(e.svc.RecordFetches(e.ctx, fetch))
	if d := e.stored(desk.ID); d.PendingAction != switchboard.ActionNone || d.LastAccess.IP != "10.0.0.7" {
		t.Errorf("the bookkeeping was not written once the store worked: %+v", d.LastAccess)
	}
}

// TestRefusedCallsChangeNothing makes calls that fail part-way on a rule
// after some of their writes would have been valid: each is refused with
// its code and leaves the store as it was.
func TestRefusedCallsChangeNothing(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	_, err := e.svc.SetKeys(e.ctx, tn.admin, tn.desk1.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202"}})
	e.must(err)
	str := func(s string) *string { return &s }
	nums := func(n ...string) *[]string { return &n }
	none := switchboard.PackageNone
	for _, c := range []struct {
		name string
		code string
		call func() error
	}{
		{"numbers, the last one taken", switchboard.ECONFLICT, func() error {
			_, err := e.svc.AddNumbers(e.ctx, tn.admin, tn.cust.ID, app.NumbersInput{Numbers: []string{"+4940555001", "+4940555002", other.numbers[0]}})
			return err
		}},
		{"numbers, one given twice", switchboard.EINVALID, func() error {
			_, err := e.svc.AddNumbers(e.ctx, tn.admin, tn.cust.ID, app.NumbersInput{Numbers: []string{"+4940555001", "+49 40 555001"}})
			return err
		}},
		{"workplace with an assigned number", switchboard.ECONFLICT, func() error {
			_, err := e.svc.CreateWorkplace(e.ctx, tn.admin, tn.cust.ID, workplaceInput(tn, "acme.new", "299", func(in *app.WorkplaceInput) {
				in.Numbers = []string{tn.numbers[3], tn.numbers[0]}
			}))
			return err
		}},
		{"workplace with another customer's number", switchboard.ECONFLICT, func() error {
			_, err := e.svc.CreateWorkplace(e.ctx, tn.admin, tn.cust.ID, workplaceInput(tn, "acme.new", "299", func(in *app.WorkplaceInput) {
				in.Numbers = []string{other.numbers[3]}
			}))
			return err
		}},
		{"workplace with a taken username", switchboard.ECONFLICT, func() error {
			_, err := e.svc.CreateWorkplace(e.ctx, tn.admin, tn.cust.ID, workplaceInput(tn, "other.one", "299", nil))
			return err
		}},
		{"workplace with a taken extension", switchboard.ECONFLICT, func() error {
			_, err := e.svc.CreateWorkplace(e.ctx, tn.admin, tn.cust.ID, workplaceInput(tn, "acme.new", "202", nil))
			return err
		}},
		{"workplace on another customer's site", switchboard.EINVALID, func() error {
			_, err := e.svc.CreateWorkplace(e.ctx, tn.admin, tn.cust.ID, workplaceInput(tn, "acme.new", "299", func(in *app.WorkplaceInput) {
				in.Site = other.site.ID
			}))
			return err
		}},
		{"workplace e-mail not confirmed", switchboard.EINVALID, func() error {
			_, err := e.svc.CreateWorkplace(e.ctx, tn.admin, tn.cust.ID, workplaceInput(tn, "acme.new", "299", func(in *app.WorkplaceInput) {
				in.EmailConfirm = "someone@example.com"
			}))
			return err
		}},
		{"new numbers, one of them taken", switchboard.ECONFLICT, func() error {
			_, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp2.ID, app.WorkplacePatch{Numbers: nums(tn.numbers[2], tn.numbers[0])})
			return err
		}},
		{"name and an early downgrade", switchboard.ECONFLICT, func() error {
			_, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp1.ID, app.WorkplacePatch{FirstName: str("Erik"), Package: &none})
			return err
		}},
		{"user changes own name and extension", switchboard.EFORBIDDEN, func() error {
			_, err := e.svc.UpdateWorkplace(e.ctx, tn.user1, tn.wp1.ID, app.WorkplacePatch{FirstName: str("Erik"), Extension: str("777")})
			return err
		}},
		{"extension of another workplace", switchboard.ECONFLICT, func() error {
			_, err := e.svc.UpdateWorkplace(e.ctx, tn.admin, tn.wp1.ID, app.WorkplacePatch{City: str("Köln"), Extension: str("202")})
			return err
		}},
		{"keys with one bad key last", switchboard.EINVALID, func() error {
			_, err := e.svc.SetKeys(e.ctx, tn.admin, tn.desk1.ID, []switchboard.FunctionKey{
				{Index: 2, Type: switchboard.KeyBLF, Value: "203"}, {Index: 3, Type: switchboard.KeyBLF, Value: "x"}})
			return err
		}},
		{"device description and a taken MAC", switchboard.ECONFLICT, func() error {
			_, err := e.svc.UpdateDevice(e.ctx, tn.admin, tn.desk2.ID, app.DevicePatch{Description: str("lobby"), MAC: str("001565000001")})
			return err
		}},
		{"customer e-mail and a bad allow-list", switchboard.EINVALID, func() error {
			_, err := e.svc.UpdateCustomer(e.ctx, tn.admin, tn.cust.ID, app.CustomerPatch{AdminEmail: str("x@acme.example"),
				AllowList: &switchboard.AllowList{Enabled: true, CIDRs: []string{"not a network"}}})
			return err
		}},
		{"customer with another's SIP domain", switchboard.ECONFLICT, func() error {
			_, err := e.svc.UpdateCustomer(e.ctx, switchboard.System, tn.cust.ID, app.CustomerPatch{SIPDomain: str(other.cust.SIPDomain)})
			return err
		}},
		{"assigned number", switchboard.ECONFLICT, func() error {
			return e.svc.DeleteNumber(e.ctx, tn.admin, tn.cust.ID, tn.numbers[0])
		}},
		{"another customer's number", switchboard.ENOTFOUND, func() error {
			return e.svc.DeleteNumber(e.ctx, tn.admin, tn.cust.ID, other.numbers[3])
		}},
	} {
		if c.name == "device description and a taken MAC" {
			e.device(other.cust.ID, "", app.DeviceInput{Model: "yealink-t54w", MAC: "001565000001"})
		}
		before := e.snapshot()
		wantCode(t, c.name, c.call(), c.code)
		if e.snapshot() != before {
			t.Errorf("%s: the refused call changed the store", c.name)
		}
	}
}

// TestImportIsAllOrNothing imports a file with one bad line among good
// ones: nothing is created and the error names the line; the file without
// it creates every device.
func TestImportIsAllOrNothing(t *testing.T) {
	e, tn := acme(t)
	lines := []string{
		"model,mac,description,workplace,base",
		"yealink-w70b,001565000010,DECT,,",
		"yealink-w56h,,handset,,001565000010",
		"snom-d785,000413000011,reception,acme.two,",
		"yealink-t54w,001565000012,second desk,acme.one,",
	}
	before := e.snapshot()
	_, err := e.svc.ImportDevices(e.ctx, tn.admin, tn.cust.ID, strings.NewReader(strings.Join(lines, "\n")))
	var ie *app.ImportError
	if !errors.As(err, &ie) || switchboard.ErrorCode(err) != switchboard.EINVALID || len(ie.Lines) != 1 || ie.Lines[0].Line != 5 {
		t.Fatalf("import with a second desk phone for acme.one: %v", err)
	}
	if e.snapshot() != before {
		t.Error("a refused import created devices")
	}
	res, err := e.svc.ImportDevices(e.ctx, tn.admin, tn.cust.ID, strings.NewReader(strings.Join(lines[:4], "\n")))
	e.must(err)
	if res.Rows != 3 || res.Created != 3 {
		t.Fatalf("import: %+v", res)
	}
	handset := e.stored(res.Devices[1])
	if handset.BaseID != res.Devices[0] || e.stored(res.Devices[2]).WorkplaceID != tn.wp2.ID {
		t.Errorf("imported handset on base %q, want %q", handset.BaseID, res.Devices[0])
	}
	e.wantAudit("device.import " + tn.cust.ID)
}

// TestPasswordReset asks for new portal passwords: an active workplace's
// user gets one by its usual channel, an unknown name gets the same answer
// and nothing, and a second request within 15 minutes is dropped. (The
// limit per address, ten hashed passwords away, is tested through the
// API.)
func TestPasswordReset(t *testing.T) {
	e, tn := bareAcme(t)
	wp := e.workplace(tn, "acme.one", "201", nil)
	e.processOrders()
	old := e.storedWorkplace(wp.ID).PortalPasswordHash
	count := func() int { return len(e.messages(tn.cust.ID)) }
	n := count()
	e.must(e.svc.RequestPasswordReset(e.ctx, " ACME.One ", "192.0.2.1:4000"))
	ms := e.messages(tn.cust.ID)
	w := e.storedWorkplace(wp.ID)
	if len(ms) != n+1 || ms[n].Kind != switchboard.MessagePasswordReset || ms[n].To != w.Email || w.PortalPasswordHash == old {
		t.Fatalf("reset wrote %d messages; hash changed %v", len(ms)-n, w.PortalPasswordHash != old)
	}
	if !carriesPortalPassword(w, ms[n].Text) {
		t.Error("the reset message carries no password that logs in")
	}
	e.must(e.svc.RequestPasswordReset(e.ctx, "acme.one", "192.0.2.2:4000"))
	e.must(e.svc.RequestPasswordReset(e.ctx, "nobody.here", "192.0.2.2:4000"))
	if count() != n+1 {
		t.Error("a second reset within 15 minutes or an unknown name wrote a message")
	}
	e.advance(16 * time.Minute)
	e.must(e.svc.RequestPasswordReset(e.ctx, "acme.one", "192.0.2.2:4000"))
	if count() != n+2 {
		t.Error("a reset after 15 minutes wrote no message")
	}
	wantCode(t, "empty username", e.svc.RequestPasswordReset(e.ctx, " ", "198.51.100.2:1"), switchboard.EINVALID)
}
