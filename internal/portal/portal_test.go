package portal_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// wantIn fails unless the page has the status and contains every text.
func wantIn(t *testing.T, what string, p page, status int, texts ...string) {
	t.Helper()
	if p.status != status {
		t.Errorf("%s: status %d, want %d", what, p.status, status)
	}
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			t.Errorf("%s: page lacks %q", what, s)
		}
	}
}

// wantOut fails if the page contains any of the texts.
func wantOut(t *testing.T, what string, p page, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(p.body, s) {
			t.Errorf("%s: page shows %q", what, s)
		}
	}
}

// TestRoles: each role logs in with its username and password and sees
// what the API would show it: the operator every customer, the company
// administrator the devices of their customer only, the user their own
// device only.
func TestRoles(t *testing.T) {
	e := newEnv(t, portal.Options{})
	op := e.loggedIn("ops")
	wantIn(t, "operator start", op.get("/"), http.StatusOK, "acme GmbH", "globex GmbH")

	admin := e.loggedIn(e.acme.admin)
	p := admin.get("/")
	wantIn(t, "admin start", p, http.StatusOK, "acme desk one", "acme desk two")
	wantOut(t, "admin start", p, "globex desk")
	wantIn(t, "admin orders", admin.get("/customers/"+e.acme.cust.ID+"/orders"), http.StatusOK, e.acme.wp1.ID, "Orders")

	user := e.loggedIn(e.acme.wp1.Username)
	p = user.get("/")
	wantIn(t, "user start", p, http.StatusOK, "acme desk one")
	wantOut(t, "user start", p, "acme desk two", "globex")
	p = user.get("/devices/" + e.acme.desk1.ID)
	wantIn(t, "user's device", p, http.StatusOK, e.acme.desk1.ProvisioningURL)
	wantOut(t, "user's device", p, "/actions/reset", "view=expert")

	bad := e.browser("en")
	bad.get("/login")
	wantIn(t, "wrong password", bad.post("/login", url.Values{"username": {"ops"}, "password": {"nope"}}),
		http.StatusUnauthorized, "The username or the password is wrong.", `aria-invalid="true"`)
	wantIn(t, "anonymous device page", bad.get("/devices/"+e.acme.desk1.ID), http.StatusOK, `name="password"`)
}

// TestIsolation walks the portal's routes with another customer's ids as a
// company administrator and another workplace's as a user: every one
// answers 404, like the API.
func TestIsolation(t *testing.T) {
	e := newEnv(t, portal.Options{})
	own, foreign := e.acme, e.other
	routes := []struct{ method, path string }{
		{"GET", "/customers/{cust}"},
		{"GET", "/customers/{cust}/devices"},
		{"GET", "/customers/{cust}/orders"},
		{"GET", "/customers/{cust}/fleet"},
		{"POST", "/customers/{cust}/invite"},
		{"GET", "/devices/{dev}"},
		{"GET", "/devices/{dev}?view=expert"},
		{"GET", "/devices/{dev}/qr.png"},
		{"GET", "/devices/{dev}/actions/reset"},
		{"POST", "/devices/{dev}/actions/reset"},
		{"POST", "/devices/{dev}/actions/newkey"},
		{"GET", "/customers/{cust}/workplaces"},
		{"GET", "/workplaces/{wp}"},
		{"GET", "/customers/{cust}/workplaces/new"},
		{"POST", "/customers/{cust}/workplaces/new"},
		{"GET", "/workplaces/{wp}/delete"},
		{"POST", "/workplaces/{wp}/delete"},
		{"GET", "/workplaces/{wp}/edit"},
		{"POST", "/workplaces/{wp}/edit"},
		{"GET", "/customers/{cust}/sites"},
		{"GET", "/sites/{site}"},
		{"POST", "/sites/{site}"},
		{"GET", "/customers/{cust}/numbers"},
		{"POST", "/customers/{cust}/numbers"},
		{"POST", "/devices/{dev}/keys"},
		{"GET", "/devices/{dev}?module=1"},
		{"GET", "/devices/{dev}/link?workplace={wp}"},
		{"POST", "/devices/{dev}/link"},
		{"GET", "/devices/{dev}/unlink"},
		{"POST", "/devices/{dev}/unlink"},
		{"GET", "/workplaces/{wp}/link?device={dev}"},
		{"POST", "/devices/{dev}/handsets"},
		{"GET", "/devices/{dev}/handsets/{dev}/remove"},
		{"POST", "/devices/{dev}/handsets/{dev}/remove"},
		{"GET", "/sites/{site}/hot-desk"},
		{"POST", "/sites/{site}/hot-desk"},
		{"GET", "/customers/{cust}/audit"},
		{"GET", "/customers/{cust}/outbox"},
		{"POST", "/messages/{msg}/resend"},
		{"GET", "/workplaces/{wp}/devices/new"},
		{"POST", "/workplaces/{wp}/devices/new"},
		{"GET", "/workplaces/{wp}/calls"},
		{"POST", "/workplaces/{wp}/calls"},
		{"GET", "/customers/{cust}/firmware"},
		{"POST", "/customers/{cust}/firmware"},
		{"POST", "/customers/{cust}/firmware/remove"},
		{"GET", "/customers/{cust}/rollouts"},
		{"POST", "/customers/{cust}/rollouts"},
		{"GET", "/devices/{dev}/history"},
		{"GET", "/devices/{dev}/history/1/rollback"},
		{"POST", "/devices/{dev}/history/1/rollback"},
		{"GET", "/sites/{site}/rollback"},
		{"POST", "/sites/{site}/rollback"},
	}
	msg := sbtest.FailedMessage(t, e.db, foreign.cust.ID, "another customer's mail").ID
	for _, who := range []struct {
		name      string
		username  string
		cust, dev string
		wp, site  string
		msg       string
	}{
		{"admin", own.admin, foreign.cust.ID, foreign.desk1.ID, foreign.wp1.ID, foreign.wp1.SiteID, msg},
		{"user", own.wp1.Username, foreign.cust.ID, foreign.desk1.ID, foreign.wp1.ID, foreign.wp1.SiteID, msg},
		{"user, own customer", own.wp1.Username, "", own.desk2.ID, own.wp2.ID, "", ""},
	} {
		b := e.loggedIn(who.username)
		for _, r := range routes {
			if who.cust == "" && strings.Contains(r.path, "{cust}") || who.site == "" && strings.Contains(r.path, "{site}") ||
				who.msg == "" && strings.Contains(r.path, "{msg}") {
				continue
			}
			path := strings.NewReplacer("{cust}", who.cust, "{dev}", who.dev, "{wp}", who.wp, "{site}", who.site, "{msg}", who.msg).Replace(r.path)
			b.get("/account")
			var p page
			if r.method == "GET" {
				p = b.get(path)
			} else {
				p = b.post(path, nil)
			}
			if p.status != http.StatusNotFound {
				t.Errorf("%s: %s %s = %d, want 404", who.name, r.method, path, p.status)
			}
		}
	}
	if d := e.stored(foreign.desk1.ID); d.PendingAction != "" || d.AccessKey != foreign.desk1.AccessKey {
		t.Errorf("another customer's device was changed: pending %q", d.PendingAction)
	}
	if m, _, err := e.svc.Messages(e.ctx, switchboard.System, app.MessageFilter{State: switchboard.MessageFailed}, switchboard.Page{}); err != nil || len(m) != 1 {
		t.Errorf("another customer's failed message was sent again: %d failed left (%v)", len(m), err)
	}
	if w := e.workplaceNamed(foreign.cust.ID, foreign.wp1.Username); w.State != switchboard.WorkplaceActive {
		t.Errorf("another customer's workplace was changed: %s", w.State)
	}
}

// TestDeviceAction: the confirmation says what the phone's user will
// notice, nothing happens without the confirmation's form token, and the
// confirmed reset is queued for a phone that is not registered.
func TestDeviceAction(t *testing.T) {
	e := newEnv(t, portal.Options{})
	admin := e.loggedIn(e.acme.admin)
	dev := e.acme.desk1.ID
	wantIn(t, "device page", admin.get("/devices/"+dev), http.StatusOK, "/devices/"+dev+"/actions/reset", "Offline")
	wantIn(t, "confirmation", admin.get("/devices/"+dev+"/actions/reset"), http.StatusOK, "factory settings", "Calls in progress are cut")
	wantIn(t, "no form token", admin.post("/devices/"+dev+"/actions/reset", url.Values{"csrf": {"forged"}}), http.StatusForbidden)
	if d := e.stored(dev); d.PendingAction != "" {
		t.Fatalf("a forged form reset the device: pending %q", d.PendingAction)
	}
	admin.get("/devices/" + dev + "/actions/reset")
	wantIn(t, "reset", admin.post("/devices/"+dev+"/actions/reset", nil), http.StatusOK, "Queued")
	if d := e.stored(dev); d.PendingAction != "reset" {
		t.Errorf("pending action after reset = %q, want reset", d.PendingAction)
	}
	wantIn(t, "user's tiles", e.loggedIn(e.acme.wp1.Username).post("/devices/"+dev+"/actions/reboot", nil), http.StatusForbidden)
}

// TestExpertView: the SIP account shows only in an administrator's
// expert view.
func TestExpertView(t *testing.T) {
	e := newEnv(t, portal.Options{})
	d := e.stored(e.acme.desk1.ID)
	admin := e.loggedIn(e.acme.admin)
	wantOut(t, "administrator view", admin.get("/devices/"+d.ID), d.SIP.Password)
	wantIn(t, "expert view", admin.get("/devices/"+d.ID+"?view=expert"), http.StatusOK, d.SIP.Username, d.SIP.Password)
	wantOut(t, "user's expert view", e.loggedIn(e.acme.wp1.Username).get("/devices/"+d.ID+"?view=expert"), d.SIP.Password)
}

// TestLanguages: the browser's Accept-Language picks the log-in page's
// language, and a person's choice wins from then on, also at the next
// log-in.
func TestLanguages(t *testing.T) {
	e := newEnv(t, portal.Options{})
	wantIn(t, "French browser", e.browser("fr-CH, en;q=0.5").get("/login"), http.StatusOK, "Mot de passe", `lang="fr"`)
	wantIn(t, "German browser", e.browser("de-AT").get("/login"), http.StatusOK, "Benutzername", `lang="de"`)
	wantIn(t, "Finnish browser", e.browser("fi").get("/login"), http.StatusOK, "Username", `lang="en"`)

	b := e.loggedIn(e.acme.admin)
	b.get("/account")
	wantIn(t, "choose German", b.post("/language", url.Values{"language": {"de"}}), http.StatusOK, "Ihre Sprache ist gespeichert.")
	wantIn(t, "next log-in", e.loggedIn(e.acme.admin).get("/devices/"+e.acme.desk1.ID), http.StatusOK, "Provisionierungs-URL", "Zurücksetzen")
	b.get("/account")
	wantIn(t, "unknown language", b.post("/language", url.Values{"language": {"xx"}}), http.StatusUnprocessableEntity)
}

// TestSession: the cookie is HttpOnly and SameSite=Lax, Secure when the
// portal is reached over HTTPS; log-out ends the session on the server, so
// the old cookie opens nothing; a form without its token is refused.
func TestSession(t *testing.T) {
	e := newEnv(t, portal.Options{SecureCookies: true})
	b := e.browser("en")
	b.get("/login")
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader(url.Values{
		"username": {"ops"}, "password": {password}, "csrf": {b.csrf}}.Encode()))
	e.must(err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range b.c.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	e.must(err)
	resp.Body.Close()
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "sb_session" {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie = %+v; want HttpOnly, Secure, SameSite=Lax", session)
	}

	e = newEnv(t, portal.Options{})
	user := e.loggedIn(e.acme.wp1.Username)
	wantIn(t, "logout without token", user.post("/logout", url.Values{"csrf": {""}}), http.StatusForbidden)
	u, _ := url.Parse(e.srv.URL)
	cookies := user.c.Jar.Cookies(u)
	user.get("/")
	user.post("/logout", nil)
	replay := e.browser("en")
	replay.c.Jar.SetCookies(u, cookies)
	wantIn(t, "old cookie after log-out", replay.get("/"), http.StatusOK, `name="password"`)
}

// TestInvitation: the operator invites a customer's administrators from the
// customer page; the mail's link opens a page naming the account, refuses
// a short password next to the field, and with a good one logs the
// administrator in to their customer's devices.
func TestInvitation(t *testing.T) {
	e := newEnv(t, portal.Options{})
	op := e.loggedIn("ops")
	op.get("/customers/" + e.other.cust.ID)
	wantIn(t, "invite", op.post("/customers/"+e.other.cust.ID+"/invite", nil), http.StatusOK, "The invitation is on its way.")
	ms, _, err := e.svc.CustomerMessages(e.ctx, switchboard.System, e.other.cust.ID, app.MessageFilter{}, switchboard.Page{})
	e.must(err)
	var secret string
	for _, m := range ms {
		if i := strings.Index(m.Text, "?invite="); m.Kind == switchboard.MessagePortalInvitation && i >= 0 {
			secret = strings.Fields(m.Text[i+len("?invite="):])[0]
		}
	}
	if secret == "" {
		t.Fatal("no invitation link in the outbox")
	}
	b := e.browser("en")
	wantIn(t, "link", b.get("/login?invite="+url.QueryEscape(secret)), http.StatusOK, "admin@globex.example", "Choose your password")
	wantIn(t, "short password", b.post("/invite", url.Values{"invite": {secret}, "password": {"short"}}),
		http.StatusUnprocessableEntity, `id="password-error"`, "at least 10 characters")
	wantIn(t, "good password", b.post("/invite", url.Values{"invite": {secret}, "password": {"globex password"}}),
		http.StatusOK, "globex desk one")
	wantIn(t, "used link", e.browser("en").get("/login?invite="+url.QueryEscape(secret)), http.StatusNotFound)
}

// TestUserAddress: with the customer's IP allow-list on, a user cannot log
// in from outside it, and an open session stops working; the company
// administrator is not bound by it.
func TestUserAddress(t *testing.T) {
	e := newEnv(t, portal.Options{})
	user := e.loggedIn(e.acme.wp1.Username)
	_, err := e.svc.UpdateCustomer(e.ctx, switchboard.System, e.acme.cust.ID, app.CustomerPatch{
		AllowList: &switchboard.AllowList{Enabled: true, CIDRs: []string{"198.51.100.0/24"}}})
	e.must(err)
	wantIn(t, "open session", user.get("/"), http.StatusForbidden)
	b := e.browser("en")
	b.get("/login")
	wantIn(t, "log-in", b.post("/login", url.Values{"username": {e.acme.wp1.Username}, "password": {password}}), http.StatusForbidden)
	wantIn(t, "administrator", e.loggedIn(e.acme.admin).get("/"), http.StatusOK, "acme desk one")
}

// TestPasswordReset: the reset page sends a workplace user a new portal
// password through the API's use case and says so without telling whether
// the username exists.
func TestPasswordReset(t *testing.T) {
	e := newEnv(t, portal.Options{})
	for _, username := range []string{e.acme.wp1.Username, "nobody.here"} {
		b := e.browser("de")
		b.get("/password-reset")
		wantIn(t, username, b.post("/password-reset", url.Values{"username": {username}}), http.StatusOK,
			"Falls der Benutzername existiert")
	}
	ms, _, err := e.svc.CustomerMessages(e.ctx, switchboard.System, e.acme.cust.ID, app.MessageFilter{}, switchboard.Page{})
	e.must(err)
	resets := 0
	for _, m := range ms {
		if m.Kind == switchboard.MessagePasswordReset {
			resets++
		}
	}
	if resets != 1 {
		t.Errorf("%d password-reset messages, want 1", resets)
	}
	b := e.browser("en")
	b.get("/password-reset")
	wantIn(t, "empty username", b.post("/password-reset", url.Values{"username": {""}}), http.StatusUnprocessableEntity,
		`id="username-error"`)
}

// TestTwoFactor: an administrator turns two-factor log-in on from the
// account page; afterwards the log-in asks for the code next to its field
// and lets them in with the current one.
func TestTwoFactor(t *testing.T) {
	e := newEnv(t, portal.Options{})
	b := e.loggedIn(e.acme.admin)
	b.get("/account")
	p := b.post("/account/totp/new", nil)
	m := regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no secret on the set-up page:\n%s", p.body)
	}
	code, err := totp.GenerateCode(m[1], time.Now())
	e.must(err)
	wantIn(t, "turn on", b.post("/account/totp", url.Values{"secret": {m[1]}, "code": {code}}), http.StatusOK, "Two-factor log-in is on.")

	c := e.browser("en")
	c.get("/login")
	wantIn(t, "no code", c.post("/login", url.Values{"username": {e.acme.admin}, "password": {password}}),
		http.StatusUnprocessableEntity, `id="code-error"`)
	wantIn(t, "with code", c.post("/login", url.Values{"username": {e.acme.admin}, "password": {password}, "code": {code}}),
		http.StatusOK, "acme desk one")
	user := e.loggedIn(e.acme.wp1.Username).get("/account")
	wantIn(t, "user's account page", user, http.StatusOK)
	wantOut(t, "user's account page", user, "totp-new")
}
