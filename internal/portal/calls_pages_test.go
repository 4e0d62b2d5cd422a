package portal_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// trunkValues is the trunk form with a valid trunk, changed by edits.
func trunkValues(edits ...string) url.Values {
	v := url.Values{"name": {"Carrier"}, "proxy": {"sip.carrier.example:5060"}, "transport": {"udp"},
		"username": {"4930123456"}, "password": {"trunk secret 1"}, "register": {"1"},
		"inbound_addresses": {"192.0.2.0/24, 198.51.100.7"}, "caller_id": {"+4930123456"}}
	for i := 0; i+1 < len(edits); i += 2 {
		v.Set(edits[i], edits[i+1])
	}
	return v
}

// onlyTrunk is the customer's one trunk with its password, as the B2BUA
// reads it.
func (e *env) onlyTrunk(customerID string) *switchboard.Trunk {
	e.t.Helper()
	ts, _, err := e.svc.Trunks(e.ctx, switchboard.System, customerID, switchboard.Page{Limit: 10})
	e.must(err)
	if len(ts) != 1 {
		e.t.Fatalf("%d trunks, want 1", len(ts))
	}
	t, err := e.svc.TrunkSecret(e.ctx, ts[0].ID)
	e.must(err)
	return t
}

// TestTrunkPages: the administrator reaches the trunks from the customer
// page, a refused field shows its rule's message beside it and creates
// nothing, the password is never sent back (only "set"), an empty
// password field keeps it and the box removes it, and a confirmed delete
// removes the trunk.
func TestTrunkPages(t *testing.T) {
	e := newEnv(t, portal.Options{})
	cust := "/customers/" + e.acme.cust.ID
	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "customer page", admin.get(cust), http.StatusOK, cust+"/trunks", cust+"/cti")
	wantIn(t, "empty list", admin.get(cust+"/trunks"), http.StatusOK, "Nothing here yet.", `id="add-trunk"`)
	rule := switchboard.ErrorMessage((&switchboard.Trunk{Name: "Carrier", Proxy: "sip.carrier.example", InboundAddresses: []string{"10.0.0.300"}}).Validate())
	p := admin.post(cust+"/trunks", trunkValues("inbound_addresses", "10.0.0.300"))
	wantIn(t, "bad address", p, http.StatusUnprocessableEntity, html.EscapeString(rule), `aria-invalid="true">10.0.0.300</textarea>`,
		`value="sip.carrier.example:5060"`)
	wantOut(t, "bad address", p, "trunk secret 1")
	if ts, _, err := e.svc.Trunks(e.ctx, switchboard.System, e.acme.cust.ID, switchboard.Page{Limit: 10}); err != nil || len(ts) != 0 {
		t.Fatalf("a refused form created %d trunks (%v)", len(ts), err)
	}

	p = admin.post(cust+"/trunks", trunkValues())
	wantIn(t, "created", p, http.StatusOK, "The changes are saved.", `id="password-state">set<`, `id="register" checked`,
		"192.0.2.0/24 198.51.100.7", `value="&#43;4930123456"`)
	wantOut(t, "created", p, "trunk secret 1")
	tr := e.onlyTrunk(e.acme.cust.ID)
	if tr.Password != "trunk secret 1" || !tr.Register || len(tr.InboundAddresses) != 2 {
		t.Fatalf("stored trunk %+v", tr)
	}
	wantIn(t, "list", admin.get(cust+"/trunks"), http.StatusOK, "/trunks/"+tr.ID, "sip.carrier.example:5060 (udp)", ">set<", "198.51.100.7")

	callerRule := switchboard.ErrorMessage((&switchboard.Trunk{Name: "Carrier", Proxy: "sip.carrier.example", CallerID: "12ab"}).Validate())
	p = admin.post("/trunks/"+tr.ID, trunkValues("password", "", "caller_id", "12ab"))
	wantIn(t, "bad caller id", p, http.StatusUnprocessableEntity, strings.ReplaceAll(html.EscapeString(callerRule), "+", "&#43;"), `value="12ab" placeholder="+4930123456" aria-invalid="true"`)
	p = admin.post("/trunks/"+tr.ID, trunkValues("password", "", "name", "Carrier 2", "register", ""))
	wantIn(t, "password kept", p, http.StatusOK, `value="Carrier 2"`, `id="password-state">set<`)
	if tr = e.onlyTrunk(e.acme.cust.ID); tr.Password != "trunk secret 1" || tr.Register {
		t.Errorf("after an edit with an empty password field: password %q, register %v", tr.Password, tr.Register)
	}
	p = admin.post("/trunks/"+tr.ID, trunkValues("password", "", "clear_password", "1"))
	wantIn(t, "password removed", p, http.StatusOK, `id="password-state">not set<`)
	if tr = e.onlyTrunk(e.acme.cust.ID); tr.Password != "" {
		t.Errorf("password %q after its removal", tr.Password)
	}

	wantIn(t, "delete confirmation", admin.get("/trunks/"+tr.ID+"/delete"), http.StatusOK, "calls in progress through it may be cut")
	wantIn(t, "deleted", admin.post("/trunks/"+tr.ID+"/delete", nil), http.StatusOK, "The trunk is deleted.", "Nothing here yet.")
	wantIn(t, "user", e.loggedIn(e.acme.wp1.Username).get(cust+"/trunks"), http.StatusForbidden)
}

var shownPassword = regexp.MustCompile(`id="created-password" readonly value="([^"]+)"`)

// TestCTIPage: the set-up panel names the Xsi addresses under the
// portal's own address and seed 002's dial parameters; a new monitoring
// account's password is shown once with the warning, never on the list;
// a username a workplace holds is refused at the field; a confirmed
// revocation removes the account.
func TestCTIPage(t *testing.T) {
	e := newEnv(t, portal.Options{})
	_, err := e.svc.CreateWorkplace(e.ctx, switchboard.System, e.acme.cust.ID, app.WorkplaceInput{Site: e.acme.wp1.SiteID,
		FirstName: "Max", LastName: "Muster", Email: "max@acme.example", EmailConfirm: "max@acme.example", NoMobile: true,
		Username: "acme.three", Extension: "2030", Package: switchboard.PackageBasic})
	e.must(err)
	path := "/customers/" + e.acme.cust.ID + "/cti"
	admin := e.loggedIn(e.acme.admin)
	p := admin.get(path)
	wantIn(t, "set-up panel", p, http.StatusOK, `value="`+e.srv.URL+`/com.broadsoft.xsi-actions/v2.0"`,
		`value="`+e.srv.URL+`/com.broadsoft.xsi-events/v2.0"`, `id="internal-length">4<`, `id="trunk-prefix">none (delete the preset 0)<`,
		`id="voicemail-number">*86<`, `id="call-pull-number">78811<`, "their own portal credentials")

	wantIn(t, "workplace's username", admin.post(path+"/accounts", url.Values{"username": {e.acme.wp1.Username}}),
		http.StatusConflict, `aria-invalid="true"`, "already in use by a workplace")
	p = admin.post(path+"/accounts", url.Values{"username": {"cti.monitor"}, "description": {"XPhone head office"}})
	wantIn(t, "created", p, http.StatusCreated, "cti.monitor", "XPhone head office", "breaks the CTI server&#39;s connection")
	m := shownPassword.FindStringSubmatch(p.body)
	if m == nil || len(m[1]) < 12 {
		t.Fatalf("no password shown on creation: %v", m)
	}
	if cc := p.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q on the page with the password", cc)
	}
	p = admin.get(path)
	wantIn(t, "list", p, http.StatusOK, "cti.monitor", "XPhone head office")
	wantOut(t, "list", p, m[1], `id="created-password"`)

	ms, _, err := e.svc.MonitoringAccounts(e.ctx, switchboard.System, e.acme.cust.ID, switchboard.Page{Limit: 10})
	e.must(err)
	if len(ms) != 1 {
		t.Fatalf("%d monitoring accounts, want 1", len(ms))
	}
	del := path + "/accounts/" + ms[0].ID + "/delete"
	wantIn(t, "revoke confirmation", admin.get(del), http.StatusOK, "loses its monitoring access", "cti.monitor")
	p = admin.post(del, nil)
	wantIn(t, "revoked", p, http.StatusOK, "The monitoring account is revoked.")
	wantOut(t, "revoked", p, "XPhone head office")
}

// TestCallsPagesIsolation walks the trunk and CTI pages with another
// customer's ids as a company administrator and as a user: every one
// answers 404 and changes nothing.
func TestCallsPagesIsolation(t *testing.T) {
	e := newEnv(t, portal.Options{})
	sys, foreign := switchboard.System, e.other
	tr, err := e.svc.CreateTrunk(e.ctx, sys, foreign.cust.ID, app.TrunkInput{Name: "Globex carrier", Proxy: "192.0.2.1", Password: "p"})
	e.must(err)
	m, err := e.svc.CreateMonitoringAccount(e.ctx, sys, foreign.cust.ID, app.MonitoringAccountInput{Username: "globex.cti"})
	e.must(err)
	own, err := e.svc.CreateMonitoringAccount(e.ctx, sys, e.acme.cust.ID, app.MonitoringAccountInput{Username: "acme.cti"})
	e.must(err)
	r := strings.NewReplacer("{cust}", foreign.cust.ID, "{trunk}", tr.ID, "{mon}", m.ID, "{own}", e.acme.cust.ID, "{ownmon}", own.ID)
	routes := []struct{ method, path string }{
		{"GET", "/customers/{cust}/trunks"},
		{"POST", "/customers/{cust}/trunks"},
		{"GET", "/trunks/{trunk}"},
		{"POST", "/trunks/{trunk}"},
		{"GET", "/trunks/{trunk}/delete"},
		{"POST", "/trunks/{trunk}/delete"},
		{"GET", "/customers/{cust}/cti"},
		{"POST", "/customers/{cust}/cti/accounts"},
		{"GET", "/customers/{cust}/cti/accounts/{mon}/delete"},
		{"POST", "/customers/{cust}/cti/accounts/{mon}/delete"},
		{"GET", "/customers/{own}/cti/accounts/{mon}/delete"},
		{"POST", "/customers/{own}/cti/accounts/{mon}/delete"},
		{"GET", "/customers/{cust}/cti/accounts/{ownmon}/delete"},
	}
	for _, who := range []string{e.acme.admin, e.acme.wp1.Username} {
		b := e.loggedIn(who)
		for _, rt := range routes {
			if who != e.acme.admin && strings.Contains(rt.path, "{own}") {
				continue
			}
			path := r.Replace(rt.path)
			b.get("/account")
			var p page
			if rt.method == "GET" {
				p = b.get(path)
			} else {
				p = b.post(path, trunkValues())
			}
			if p.status != http.StatusNotFound {
				t.Errorf("%s: %s %s = %d, want 404", who, rt.method, path, p.status)
			}
		}
	}
	if got := e.onlyTrunk(foreign.cust.ID); got.Name != "Globex carrier" || got.Password != "p" {
		t.Errorf("another customer's trunk was changed: %+v", got)
	}
	if ms, _, err := e.svc.MonitoringAccounts(e.ctx, sys, foreign.cust.ID, switchboard.Page{Limit: 10}); err != nil || len(ms) != 1 {
		t.Errorf("another customer's monitoring accounts: %d (%v), want 1", len(ms), err)
	}
}
