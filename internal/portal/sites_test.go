package portal_test

import (
	"html"
	"net/http"
	"net/url"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestSites: the administrator reaches the sites from the customer page,
// switches encryption on and sets time servers; a bad time zone is
// refused at its field with the rule's message and changes nothing; the
// workplace's user may not open the site, as in the API.
func TestSites(t *testing.T) {
	e := newEnv(t, portal.Options{})
	cust, site := "/customers/"+e.acme.cust.ID, e.acme.wp1.SiteID
	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "customer page", admin.get(cust), http.StatusOK, cust+"/sites", cust+"/numbers")
	wantIn(t, "site list", admin.get(cust+"/sites"), http.StatusOK, "/sites/"+site, "HQ", "Europe/Berlin", "off", "operator&#39;s default")
	wantIn(t, "site page", admin.get("/sites/"+site), http.StatusOK, `value="Europe/Berlin"`, `id="encryption"`)
	form := func(tz string) url.Values {
		return url.Values{"name": {"HQ"}, "time_zone": {tz}, "language": {"de"}, "encryption": {"1"},
			"ntp_servers": {"ntp1.example.test, ntp2.example.test"}}
	}
	rule := switchboard.ErrorMessage(switchboard.ValidateTimeZone("time_zone", "Mars/Base"))
	wantIn(t, "bad time zone", admin.post("/sites/"+site, form("Mars/Base")), http.StatusUnprocessableEntity,
		html.EscapeString(rule), `value="Mars/Base" placeholder="Europe/Berlin" aria-invalid="true"`)
	s, err := e.svc.Site(e.ctx, switchboard.System, site)
	e.must(err)
	if s.Encryption || s.TimeZone != "Europe/Berlin" {
		t.Fatalf("a refused form changed the site: %+v", s)
	}
	p := admin.post("/sites/"+site, form("Europe/Vienna"))
	wantIn(t, "saved", p, http.StatusOK, "The changes are saved.", `value="Europe/Vienna"`, `id="encryption" checked`,
		`value="ntp1.example.test ntp2.example.test"`)
	wantIn(t, "user's site page", e.loggedIn(e.acme.wp1.Username).get("/sites/"+site), http.StatusForbidden)
}

// TestNumbers: the numbers page shows which workplace holds which number
// (seed 001's overview), adds numbers, and refuses a malformed one with
// the rule's message, adding none.
func TestNumbers(t *testing.T) {
	e := newEnv(t, portal.Options{})
	sys, wp := switchboard.System, e.acme.wp1
	_, err := e.svc.AddNumbers(e.ctx, sys, e.acme.cust.ID, app.NumbersInput{Numbers: []string{"+493012345601"}})
	e.must(err)
	_, err = e.svc.UpdateWorkplace(e.ctx, sys, wp.ID, app.WorkplacePatch{Numbers: &[]string{"+493012345601"}})
	e.must(err)
	path := "/customers/" + e.acme.cust.ID + "/numbers"
	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "numbers", admin.get(path), http.StatusOK, "493012345601", `<a href="/workplaces/`+wp.ID+`">`+wp.Username+`</a>`)
	p := admin.post(path, url.Values{"numbers": {"+493012345602\nnot-a-number"}})
	wantIn(t, "bad number", p, http.StatusUnprocessableEntity, `aria-invalid="true"`, "not-a-number</textarea>")
	if ns, _, err := e.svc.Numbers(e.ctx, sys, e.acme.cust.ID, false, switchboard.Page{Limit: 10}); err != nil || len(ns) != 1 {
		t.Fatalf("numbers after a refused form: %d, %v", len(ns), err)
	}
	p = admin.post(path, url.Values{"numbers": {"+493012345602, +493012345603"}})
	wantIn(t, "added", p, http.StatusOK, "The changes are saved.", "493012345602", "493012345603", "free")
}
