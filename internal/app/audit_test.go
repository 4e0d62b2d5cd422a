package app_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// failedMessage writes a mail of the customer that failed for good.
func (e *env) failedMessage(customerID string) *switchboard.Message {
	e.t.Helper()
	return sbtest.FailedMessage(e.t, e.db.Store, customerID, "secret body")
}

// TestResendMessage: an administrator sends the own customer's failed
// message again, which makes it pending with no attempts, without its
// body, and audited; another customer's message is not found, a user may
// not, and a message that has not failed is refused.
func TestResendMessage(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("globex", 2)
	m := e.failedMessage(tn.cust.ID)
	_, err := e.svc.ResendMessage(e.ctx, other.admin, m.ID)
	wantCode(t, "another customer's administrator", err, switchboard.ENOTFOUND)
	_, err = e.svc.ResendMessage(e.ctx, tn.user1, m.ID)
	wantCode(t, "user", err, switchboard.EFORBIDDEN)

	got, err := e.svc.ResendMessage(e.ctx, tn.admin, m.ID)
	e.must(err)
	if got.State != switchboard.MessagePending || got.Attempts != 0 || got.LastError != "" || got.Text != "" {
		t.Errorf("resent message: state %s, attempts %d, error %q, body %q; want pending, 0, none, hidden",
			got.State, got.Attempts, got.LastError, got.Text)
	}
	_, err = e.svc.ResendMessage(e.ctx, switchboard.System, m.ID)
	wantCode(t, "pending message", err, switchboard.ECONFLICT)
	evs, _, err := e.svc.SearchEvents(e.ctx, tn.admin, app.EventQuery{Text: "message.resend"}, switchboard.Page{})
	e.must(err)
	if len(evs) != 1 || evs[0].Object != m.ID {
		t.Errorf("audit of the resend: %+v, want one event about %s", evs, m.ID)
	}
}

// TestSearchEvents: the search finds text in any column, stays within
// the administrator's customer, names the person behind a portal session
// by the username that opened it, and is not for users.
func TestSearchEvents(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("globex", 2)
	sbtestActivate(e, tn.wp1.ID)
	l, err := e.svc.PortalLogIn(e.ctx, tn.wp1.Username, userPassword, "", "192.0.2.1:5000")
	e.must(err)
	e.must(e.svc.SetPortalLanguage(e.ctx, l.Session, "fr"))
	e.must(e.svc.PortalLogOut(e.ctx, l.Secret))

	evs, _, err := e.svc.SearchEvents(e.ctx, tn.admin, app.EventQuery{Text: "PORTAL.LANG"}, switchboard.Page{})
	e.must(err)
	if len(evs) != 1 || evs[0].ActorName != tn.wp1.Username+" (portal)" {
		t.Errorf("language change found: %+v, want one by %s (portal)", evs, tn.wp1.Username)
	}
	evs, _, err = e.svc.SearchEvents(e.ctx, other.admin, app.EventQuery{Text: "portal"}, switchboard.Page{})
	e.must(err)
	if len(evs) != 0 {
		t.Errorf("another customer's administrator finds %d portal events", len(evs))
	}
	_, _, err = e.svc.SearchEvents(e.ctx, other.admin, app.EventQuery{Customer: tn.cust.ID}, switchboard.Page{})
	wantCode(t, "another customer's events", err, switchboard.ENOTFOUND)
	_, _, err = e.svc.SearchEvents(e.ctx, tn.user1, app.EventQuery{}, switchboard.Page{})
	wantCode(t, "user", err, switchboard.EFORBIDDEN)
	_, _, err = e.svc.SearchEvents(e.ctx, switchboard.System, app.EventQuery{Kind: "gossip"}, switchboard.Page{})
	wantCode(t, "unknown kind", err, switchboard.EINVALID)
	evs, _, err = e.svc.SearchEvents(e.ctx, switchboard.System, app.EventQuery{Kind: switchboard.EventAudit, Text: "globex.one"}, switchboard.Page{})
	e.must(err)
	if len(evs) == 0 {
		t.Error("the operator's search finds nothing of the other customer's workplace")
	}
}

// TestChangePortalPassword: a user changes the own password with the
// current one and logs in with the new one; a wrong current password and
// a new password against the rule are refused at their fields, and
// guessing runs into the log-in limit.
func TestChangePortalPassword(t *testing.T) {
	e, tn := acme(t)
	sbtestActivate(e, tn.wp1.ID)
	l, err := e.svc.PortalLogIn(e.ctx, tn.wp1.Username, userPassword, "", "192.0.2.1:5000")
	e.must(err)
	for _, c := range []struct{ current, password, field string }{
		{"wrong", "new password 2", "current"},
		{userPassword, "short", "password"},
	} {
		err := e.svc.ChangePortalPassword(e.ctx, l.Session, c.current, c.password, "192.0.2.1:5000")
		if switchboard.ErrorCode(err) != switchboard.EINVALID || switchboard.ErrorField(err) != c.field {
			t.Errorf("change with %q to %q: %v, want a refusal at %s", c.current, c.password, err, c.field)
		}
	}
	e.must(e.svc.ChangePortalPassword(e.ctx, l.Session, userPassword, "new password 2", "192.0.2.1:5000"))
	_, err = e.svc.PortalLogIn(e.ctx, tn.wp1.Username, userPassword, "", "192.0.2.1:5000")
	wantCode(t, "old password", err, switchboard.EUNAUTHORIZED)
	_, err = e.svc.PortalLogIn(e.ctx, tn.wp1.Username, "new password 2", "", "192.0.2.1:5000")
	e.must(err)
	for range 5 {
		_ = e.svc.ChangePortalPassword(e.ctx, l.Session, "guess", "new password 3", "198.51.100.7:1")
	}
	err = e.svc.ChangePortalPassword(e.ctx, l.Session, "new password 2", "new password 3", "198.51.100.7:1")
	wantCode(t, "after five guesses", err, switchboard.ERATELIMIT)
}

// userPassword is the portal password sbtestActivate gives a workplace.
const userPassword = "user password 1"

// sbtestActivate makes the workplace active with userPassword.
func sbtestActivate(e *env, workplaceID string) {
	e.t.Helper()
	sbtest.ActivateWorkplace(e.t, e.db, workplaceID, userPassword)
}

// TestSetUserPassword: the operator gives an active workplace's user a
// password to log in with; nobody else may, and a workplace whose order
// is still open is refused.
func TestSetUserPassword(t *testing.T) {
	e, tn := acme(t)
	_, err := e.svc.SetUserPassword(e.ctx, switchboard.System, tn.wp1.ID)
	wantCode(t, "ordered workplace", err, switchboard.ECONFLICT)
	sbtestActivate(e, tn.wp1.ID)
	_, err = e.svc.SetUserPassword(e.ctx, tn.admin, tn.wp1.ID)
	wantCode(t, "administrator", err, switchboard.EFORBIDDEN)
	pw, err := e.svc.SetUserPassword(e.ctx, switchboard.System, tn.wp1.ID)
	e.must(err)
	_, err = e.svc.PortalLogIn(e.ctx, tn.wp1.Username, pw, "", "192.0.2.1:5000")
	e.must(err)
}
