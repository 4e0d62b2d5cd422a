package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// TestPortalLogIn: every role logs in with username and password and gets
// the principal the API would give it; a wrong password, an unknown
// username and an account of another role's rules are refused alike.
func TestPortalLogIn(t *testing.T) {
	e, tn := acme(t)
	op, err := e.svc.CreatePortalAccount(e.ctx, switchboard.System, app.PortalAccountInput{Username: "Ops", Role: switchboard.RoleOperator})
	e.must(err)
	_, err = e.svc.CreatePortalAccount(e.ctx, tn.admin, app.PortalAccountInput{Username: "boss", Role: switchboard.RoleOperator})
	wantCode(t, "admin creates an operator", err, switchboard.EFORBIDDEN)
	_, err = e.svc.CreatePortalAccount(e.ctx, tn.admin, app.PortalAccountInput{Username: "it@acme.example",
		Role: switchboard.RoleAdmin, CustomerID: tn.cust.ID, Password: "correct horse"})
	e.must(err)
	_, err = e.svc.CreatePortalAccount(e.ctx, tn.admin, app.PortalAccountInput{Username: "IT@acme.example",
		Role: switchboard.RoleAdmin, CustomerID: tn.cust.ID, Password: "battery staple"})
	wantCode(t, "same username", err, switchboard.ECONFLICT)
	sbtest.ActivateWorkplace(t, e.db, tn.wp1.ID, "user password 1")

	for _, tc := range []struct {
		username, password string
		want               switchboard.Principal
	}{
		{"ops", op.Password, switchboard.Principal{Role: switchboard.RoleOperator}},
		{"IT@acme.example", "correct horse", switchboard.Principal{Role: switchboard.RoleAdmin, CustomerID: tn.cust.ID}},
		{tn.wp1.Username, "user password 1", switchboard.Principal{Role: switchboard.RoleUser, CustomerID: tn.cust.ID, WorkplaceID: tn.wp1.ID}},
	} {
		l, err := e.svc.PortalLogIn(e.ctx, tc.username, tc.password, "", "192.0.2.1:5000")
		if err != nil {
			t.Errorf("log in as %s: %v", tc.username, err)
			continue
		}
		got, err := e.svc.PortalSession(e.ctx, l.Secret)
		e.must(err)
		p := got.Principal()
		p.TokenID = ""
		if p != tc.want {
			t.Errorf("log in as %s: principal %+v, want %+v", tc.username, p, tc.want)
		}
	}
	for _, tc := range []struct{ username, password string }{
		{"ops", "wrong"}, {"nobody", "wrong"}, {tn.wp2.Username, ""},
	} {
		_, err := e.svc.PortalLogIn(e.ctx, tc.username, tc.password, "", "192.0.2.1:5000")
		wantCode(t, "log in as "+tc.username, err, switchboard.EUNAUTHORIZED)
	}
}

// TestPortalSessionExpiry: a session ends after its idle time, after its
// absolute lifetime even when used, and at log-out.
func TestPortalSessionExpiry(t *testing.T) {
	e, _ := acme(t)
	created, err := e.svc.CreatePortalAccount(e.ctx, switchboard.System, app.PortalAccountInput{Username: "ops", Role: switchboard.RoleOperator})
	e.must(err)
	login := func() string {
		l, err := e.svc.PortalLogIn(e.ctx, "ops", created.Password, "", "192.0.2.1:5000")
		e.must(err)
		return l.Secret
	}
	idle := login()
	e.advance(app.SessionIdle)
	_, err = e.svc.PortalSession(e.ctx, idle)
	wantCode(t, "idle session", err, switchboard.EUNAUTHORIZED)

	busy := login()
	for elapsed := time.Duration(0); elapsed < app.SessionMax; elapsed += 20 * time.Minute {
		if _, err := e.svc.PortalSession(e.ctx, busy); err != nil {
			t.Fatalf("used session after %v: %v", elapsed, err)
		}
		e.advance(20 * time.Minute)
	}
	_, err = e.svc.PortalSession(e.ctx, busy)
	wantCode(t, "session past its lifetime", err, switchboard.EUNAUTHORIZED)

	out := login()
	e.must(e.svc.PortalLogOut(e.ctx, out))
	_, err = e.svc.PortalSession(e.ctx, out)
	wantCode(t, "logged-out session", err, switchboard.EUNAUTHORIZED)
}

// TestPortalLogInLimit: after five failures a username is refused even
// with its right password, and another address still gets its own budget
// for other usernames.
func TestPortalLogInLimit(t *testing.T) {
	e, _ := acme(t)
	created, err := e.svc.CreatePortalAccount(e.ctx, switchboard.System, app.PortalAccountInput{Username: "ops", Role: switchboard.RoleOperator})
	e.must(err)
	for range 5 {
		_, err := e.svc.PortalLogIn(e.ctx, "ops", "guess", "", "198.51.100.7:1")
		wantCode(t, "guess", err, switchboard.EUNAUTHORIZED)
	}
	_, err = e.svc.PortalLogIn(e.ctx, "ops", created.Password, "", "192.0.2.1:1")
	wantCode(t, "right password after five failures", err, switchboard.ERATELIMIT)
	e.advance(15 * time.Minute)
	_, err = e.svc.PortalLogIn(e.ctx, "ops", created.Password, "", "192.0.2.1:1")
	e.must(err)
}

// TestInviteAdmin: the invitation mail goes to admin_email with a link
// that sets the administrator's password once and logs them in; a second
// invitation replaces the first link; a lapsed link does nothing.
func TestInviteAdmin(t *testing.T) {
	e, tn := acme(t)
	cat, err := catalogue()
	e.must(err)
	svc := app.New(app.Options{Store: e.db, Catalogue: cat, Now: e.clock,
		Messages: messages.Env{PortalURL: "https://portal.example.test/login"}})
	link := func() string {
		t.Helper()
		_, err := svc.InviteAdmin(e.ctx, switchboard.System, tn.cust.ID, "en")
		e.must(err)
		var last *switchboard.Message
		for _, m := range e.messages(tn.cust.ID) {
			if m.Kind == switchboard.MessagePortalInvitation {
				last = m
			}
		}
		if last == nil || last.To != tn.cust.AdminEmail {
			t.Fatalf("no invitation to %s in the outbox: %+v", tn.cust.AdminEmail, last)
		}
		i := strings.Index(last.Text, "?invite=")
		if i < 0 {
			t.Fatalf("the invitation has no link:\n%s", last.Text)
		}
		return strings.Fields(last.Text[i+len("?invite="):])[0]
	}
	_, err = svc.InviteAdmin(e.ctx, tn.user1, tn.cust.ID, "en")
	wantCode(t, "user invites", err, switchboard.EFORBIDDEN)

	first := link()
	second := link()
	_, err = svc.AcceptPortalInvite(e.ctx, first, "new password 1")
	wantCode(t, "replaced link", err, switchboard.ENOTFOUND)
	_, err = svc.AcceptPortalInvite(e.ctx, second, "short")
	wantCode(t, "short password", err, switchboard.EINVALID)
	l, err := svc.AcceptPortalInvite(e.ctx, second, "new password 1")
	e.must(err)
	if p := l.Session.Principal(); p.Role != switchboard.RoleAdmin || p.CustomerID != tn.cust.ID {
		t.Errorf("accepted invitation logs in as %+v", p)
	}
	_, err = svc.AcceptPortalInvite(e.ctx, second, "new password 2")
	wantCode(t, "used link", err, switchboard.ENOTFOUND)
	_, err = svc.PortalLogIn(e.ctx, tn.cust.AdminEmail, "new password 1", "", "192.0.2.1:1")
	e.must(err)

	lapsed := link()
	e.advance(app.InviteValid)
	_, err = svc.AcceptPortalInvite(e.ctx, lapsed, "new password 3")
	wantCode(t, "lapsed link", err, switchboard.ENOTFOUND)
}

// TestPortalTOTP: an administrator turns two-factor log-in on with a code
// from the app; then a log-in without a code is asked for one, a wrong code
// fails and the current one logs in. A user has no such setting.
func TestPortalTOTP(t *testing.T) {
	e, tn := acme(t)
	_, err := e.svc.CreatePortalAccount(e.ctx, tn.admin, app.PortalAccountInput{Username: "it@acme.example",
		Role: switchboard.RoleAdmin, CustomerID: tn.cust.ID, Password: "correct horse"})
	e.must(err)
	l, err := e.svc.PortalLogIn(e.ctx, "it@acme.example", "correct horse", "", "192.0.2.1:1")
	e.must(err)
	setup, err := e.svc.NewTOTP(e.ctx, l.Session)
	e.must(err)
	wantCode(t, "wrong confirmation", e.svc.EnableTOTP(e.ctx, l.Session, setup.Secret, "000000"), switchboard.EINVALID)
	code, err := totp.GenerateCode(setup.Secret, e.clock())
	e.must(err)
	e.must(e.svc.EnableTOTP(e.ctx, l.Session, setup.Secret, code))

	_, err = e.svc.PortalLogIn(e.ctx, "it@acme.example", "correct horse", "", "192.0.2.1:1")
	wantCode(t, "no code", err, switchboard.EINVALID)
	_, err = e.svc.PortalLogIn(e.ctx, "it@acme.example", "correct horse", "123456", "192.0.2.1:1")
	wantCode(t, "wrong code", err, switchboard.EUNAUTHORIZED)
	e.advance(time.Minute)
	code, err = totp.GenerateCode(setup.Secret, e.clock())
	e.must(err)
	_, err = e.svc.PortalLogIn(e.ctx, "it@acme.example", "correct horse", code, "192.0.2.1:1")
	e.must(err)

	sbtest.ActivateWorkplace(t, e.db, tn.wp1.ID, "user password 1")
	ul, err := e.svc.PortalLogIn(e.ctx, tn.wp1.Username, "user password 1", "", "192.0.2.1:1")
	e.must(err)
	_, err = e.svc.NewTOTP(e.ctx, ul.Session)
	wantCode(t, "user", err, switchboard.EFORBIDDEN)
}
