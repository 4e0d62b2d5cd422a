package app_test

import (
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

func TestCTIAuthenticateLocksOutAfterTenFailuresAndForgetsThem(t *testing.T) {
	e, tn := acme(t)
	const pw = "Correct-Horse-9"
	sbtest.ActivateWorkplace(t, e.db, tn.wp1.ID, pw)
	remote := "192.0.2.7:4711"
	fail := func(n int) {
		t.Helper()
		for range n {
			_, err := e.svc.CTIAuthenticate(e.ctx, tn.wp1.Username, "wrong", remote)
			wantCode(t, "wrong password", err, switchboard.EUNAUTHORIZED)
		}
	}
	fail(9)
	p, err := e.svc.CTIAuthenticate(e.ctx, tn.wp1.Username, pw, remote)
	e.must(err)
	if p.Role != switchboard.RoleUser || p.WorkplaceID != tn.wp1.ID || p.CustomerID != tn.cust.ID {
		t.Errorf("principal %+v, want the user of %s", p, tn.wp1.ID)
	}
	fail(1)
	_, err = e.svc.CTIAuthenticate(e.ctx, tn.wp1.Username, pw, remote)
	wantCode(t, "tenth failure", err, switchboard.ERATELIMIT)
	// The lock-out holds the account at this address only, and ends with
	// the window.
	_, err = e.svc.CTIAuthenticate(e.ctx, tn.wp1.Username, pw, "198.51.100.1:1")
	e.must(err)
	e.advance(15 * time.Minute)
	_, err = e.svc.CTIAuthenticate(e.ctx, tn.wp1.Username, pw, remote)
	e.must(err)
}

func TestCTIAuthenticateKnowsMonitoringAccountsAndAdministrators(t *testing.T) {
	e, tn := acme(t)
	mon, err := e.svc.CreateMonitoringAccount(e.ctx, tn.admin, tn.cust.ID, app.MonitoringAccountInput{Username: "xphone"})
	e.must(err)
	p, err := e.svc.CTIAuthenticate(e.ctx, "xphone", mon.Password, "192.0.2.7:1")
	e.must(err)
	if p.Role != switchboard.RoleMonitor || p.CustomerID != tn.cust.ID || !p.CanMonitor(tn.cust.ID) || p.CanAdminister(tn.cust.ID) {
		t.Errorf("monitoring principal %+v", p)
	}
	admin, err := e.svc.CreatePortalAccount(e.ctx, switchboard.System, app.PortalAccountInput{Username: "boss", Role: switchboard.RoleAdmin,
		CustomerID: tn.cust.ID, Password: "Correct-Horse-9"})
	e.must(err)
	p, err = e.svc.CTIAuthenticate(e.ctx, "boss", admin.Password, "192.0.2.7:1")
	e.must(err)
	if !p.CanAdminister(tn.cust.ID) {
		t.Errorf("administrator principal %+v", p)
	}
	_, err = e.svc.CTIAuthenticate(e.ctx, "nobody", "x", "192.0.2.7:1")
	wantCode(t, "unknown user", err, switchboard.EUNAUTHORIZED)
}

func TestCTICallControlNeedsTheUserOrAnAdministrator(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	sbtest.ActivateWorkplace(t, e.db, tn.wp1.ID, "Correct-Horse-9")
	mon := switchboard.Principal{TokenID: "cti:m", Role: switchboard.RoleMonitor, CustomerID: tn.cust.ID}
	dial := app.CallAction{Kind: app.CallDial, Address: "202"}
	for _, c := range []struct {
		who  string
		p    switchboard.Principal
		code string
	}{
		{"monitoring account", mon, switchboard.EFORBIDDEN},
		{"colleague", switchboard.Principal{TokenID: "u2", Role: switchboard.RoleUser, CustomerID: tn.cust.ID, WorkplaceID: tn.wp2.ID}, switchboard.ENOTFOUND},
		{"other customer's admin", other.admin, switchboard.ENOTFOUND},
		{"the user, without a B2BUA", tn.user1, switchboard.EUNAVAILABLE},
		{"an admin, without a B2BUA", tn.admin, switchboard.EUNAVAILABLE},
	} {
		_, err := e.svc.CTIAct(e.ctx, c.p, tn.wp1.ID, dial)
		wantCode(t, c.who, err, c.code)
	}
	if _, err := e.svc.CTIUser(e.ctx, mon, tn.wp1.Username+"@"+tn.cust.SIPDomain); err != nil {
		t.Errorf("monitoring account cannot see the user by username@domain: %v", err)
	}
	_, err := e.svc.CTIUser(e.ctx, mon, tn.wp1.Username+"@"+other.cust.SIPDomain)
	wantCode(t, "username at another domain", err, switchboard.ENOTFOUND)
	_, err = e.svc.CTIMonitorCustomer(e.ctx, tn.user1, tn.cust.ID)
	wantCode(t, "a user watching everyone", err, switchboard.EFORBIDDEN)
}
