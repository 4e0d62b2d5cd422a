package portal_test

import (
	"net/http"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestWorkplaces: the administrator finds the workplaces from the
// customer page, each with its state, and a workplace's page shows its
// user data, log-in, package and devices; its own user sees the page
// without the customer's list.
func TestWorkplaces(t *testing.T) {
	e := newEnv(t, portal.Options{})
	admin := e.loggedIn(e.acme.admin)
	cust := "/customers/" + e.acme.cust.ID
	wantIn(t, "customer page", admin.get(cust), http.StatusOK, cust+"/workplaces")
	p := admin.get(cust + "/workplaces")
	wantIn(t, "workplace list", p, http.StatusOK, "/workplaces/"+e.acme.wp1.ID, e.acme.wp2.Username, "202", "active",
		`href="`+cust+`/workplaces" aria-current="page"`)
	wantOut(t, "workplace list", p, e.other.wp1.Username)

	wp := "/workplaces/" + e.acme.wp1.ID
	p = admin.get(wp)
	wantIn(t, "workplace page", p, http.StatusOK, "Erika Muster", e.acme.wp1.Email, e.acme.wp1.Username, "201",
		"Basic", "active", "/devices/"+e.acme.desk1.ID, cust+"/workplaces")
	wantOut(t, "workplace page", p, "acme desk two")

	p = e.loggedIn(e.acme.wp1.Username).get(wp)
	wantIn(t, "user's workplace", p, http.StatusOK, e.acme.wp1.Username, "/devices/"+e.acme.desk1.ID)
	wantOut(t, "user's workplace", p, cust+"/workplaces")
}
