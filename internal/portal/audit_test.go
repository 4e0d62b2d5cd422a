package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/portal"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// TestAuditPage: an administrator reads the own customer's events with
// the names of the people who acted, narrows them by kind and text, and
// sees nothing of another customer; the operator's list has every
// customer's; a user has none.
func TestAuditPage(t *testing.T) {
	e := newEnv(t, portal.Options{})
	e.loggedIn(e.other.admin)
	admin := e.loggedIn(e.acme.admin)
	admin.get("/account")
	admin.post("/language", url.Values{"language": {"en"}})
	own := "/customers/" + e.acme.cust.ID + "/audit"
	p := admin.get(own)
	wantIn(t, "own events", p, http.StatusOK, "portal.login", e.acme.admin+" (portal)", "portal.language")
	wantOut(t, "own events", p, e.other.admin)
	wantIn(t, "search", admin.get(own+"?q=LANGUAGE"), http.StatusOK, "portal.language")
	wantOut(t, "search", admin.get(own+"?q=LANGUAGE"), "portal.login")
	wantOut(t, "security only", admin.get(own+"?kind=security"), "portal.login")
	wantIn(t, "unknown kind", admin.get(own+"?kind=gossip"), http.StatusUnprocessableEntity)
	wantIn(t, "the navigation's events", admin.get("/audit"), http.StatusOK, "portal.language")
	wantIn(t, "operator", e.loggedIn("ops").get("/audit?q=portal.login"), http.StatusOK, e.acme.admin, e.other.admin)
	wantIn(t, "user", e.loggedIn(e.acme.wp1.Username).get("/audit"), http.StatusForbidden)
}

// TestOutboxPage: a failed message shows with its attempts, last error
// and a resend button; the administrator does not see its body, the
// operator does; the resend makes it pending and says so.
func TestOutboxPage(t *testing.T) {
	e := newEnv(t, portal.Options{})
	m := sbtest.FailedMessage(t, e.db, e.acme.cust.ID, "your password is hunter2")
	admin := e.loggedIn(e.acme.admin)
	list := "/customers/" + e.acme.cust.ID + "/outbox"
	p := admin.get(list + "?state=failed")
	wantIn(t, "failed messages", p, http.StatusOK, "550 no such mailbox", `action="/messages/`+m.ID+`/resend"`, "Send again")
	wantOut(t, "administrator's outbox", p, "hunter2")
	wantOut(t, "sent only", admin.get(list+"?state=sent"), m.ID)
	wantIn(t, "operator's outbox", e.loggedIn("ops").get("/outbox?channel=email"), http.StatusOK, "hunter2", m.ID)
	wantIn(t, "unknown state", admin.get(list+"?state=lost"), http.StatusUnprocessableEntity)

	admin.get(list)
	wantIn(t, "resend", admin.post("/messages/"+m.ID+"/resend", nil), http.StatusOK, "The message is queued to be sent again.")
	var got *switchboard.Message
	e.must(e.db.View(e.ctx, func(tx switchboard.Tx) error {
		var err error
		got, err = tx.Message(m.ID)
		return err
	}))
	if got.State != switchboard.MessagePending || got.Attempts != 0 {
		t.Errorf("after the resend: %s with %d attempts, want pending with none", got.State, got.Attempts)
	}
	wantIn(t, "second resend", admin.post("/messages/"+m.ID+"/resend", nil), http.StatusConflict)
}

// TestPasswordPage: a user, then an administrator, change their own
// password with the current one and log in with the new one; a wrong current password, a short new one
// and a mistyped repetition are answered at their fields, the rule stands
// next to the field.
func TestPasswordPage(t *testing.T) {
	e := newEnv(t, portal.Options{})
	user := e.loggedIn(e.acme.wp1.Username)
	wantIn(t, "account page", user.get("/account"), http.StatusOK, `href="/account/password"`)
	wantIn(t, "password page", user.get("/account/password"), http.StatusOK, "At least 10 characters.")
	for _, c := range []struct {
		current, password, confirm, want string
	}{
		{"wrong", "new password 2", "new password 2", "the current password is wrong"},
		{password, "short", "short", "a password has at least 10 characters"},
		{password, "new password 2", "new password 3", "The two new passwords differ."},
	} {
		p := user.post("/account/password", url.Values{"current": {c.current}, "password": {c.password}, "password_confirm": {c.confirm}})
		wantIn(t, "refused change", p, http.StatusUnprocessableEntity, c.want, `aria-invalid="true"`)
	}
	p := user.post("/account/password", url.Values{"current": {password}, "password": {"new password 2"}, "password_confirm": {"new password 2"}})
	wantIn(t, "change", p, http.StatusOK, "Your password is changed.")
	admin := e.loggedIn(e.acme.admin)
	admin.get("/account/password")
	p = admin.post("/account/password", url.Values{"current": {password}, "password": {"new password 2"}, "password_confirm": {"new password 2"}})
	wantIn(t, "administrator's change", p, http.StatusOK, "Your password is changed.")
	for _, who := range []struct{ username, page string }{{e.acme.wp1.Username, "acme desk one"}, {e.acme.admin, "acme desk two"}} {
		b := e.browser("en")
		b.get("/login")
		if p := b.post("/login", url.Values{"username": {who.username}, "password": {"new password 2"}}); !strings.Contains(p.body, who.page) {
			t.Errorf("%s's log-in with the new password: %d", who.username, p.status)
		}
	}
}

// TestCustomerPageLinks: the customer's page leads the operator to the
// customer's events and outbox.
func TestCustomerPageLinks(t *testing.T) {
	e := newEnv(t, portal.Options{})
	cust := "/customers/" + e.acme.cust.ID
	wantIn(t, "customer page", e.loggedIn("ops").get(cust), http.StatusOK, `href="`+cust+`/audit"`, `href="`+cust+`/outbox"`)
}
