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

// wizardForm is a complete wizard form for the site with the step's
// button.
func wizardForm(site, step string, change func(url.Values)) url.Values {
	f := url.Values{"site": {site}, "first_name": {"Max"}, "last_name": {"Mustermann"}, "city": {"Berlin"},
		"email": {"max@acme.example"}, "email_confirm": {"max@acme.example"}, "no_mobile": {"1"},
		"username": {"max.mustermann"}, "extension": {"203"}, "numbers": {"+493012345601"},
		"package": {"plus"}, "step": {step}}
	if change != nil {
		change(f)
	}
	return f
}

// TestWizard: seed 001's wizard refuses a bad field with the domain rule's
// own message next to it, sums the workplace up in the cart without
// creating anything, and the order creates the workplace with its number
// and shows its open order.
func TestWizard(t *testing.T) {
	e := newEnv(t, portal.Options{})
	cust := e.acme.cust.ID
	_, err := e.svc.AddNumbers(e.ctx, switchboard.System, cust, app.NumbersInput{Numbers: []string{"+493012345601"}})
	e.must(err)
	sites, _, err := e.svc.Sites(e.ctx, switchboard.System, cust, switchboard.Page{Limit: 1})
	e.must(err)
	site := sites[0].ID
	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "workplace list", admin.get("/customers/"+cust+"/workplaces"), http.StatusOK, "/customers/"+cust+"/workplaces/new")
	wantIn(t, "wizard", admin.get("/customers/"+cust+"/workplaces/new"), http.StatusOK,
		"User data", "User log-in", "493012345601", `value="premium"`, `name="site"`)

	path := "/customers/" + cust + "/workplaces/new"
	ruleMsg := switchboard.ErrorMessage(switchboard.ValidateUsername("Ab"))
	p := admin.post(path, wizardForm(site, "cart", func(f url.Values) { f.Set("username", "Ab") }))
	wantIn(t, "bad username", p, http.StatusUnprocessableEntity, html.EscapeString(ruleMsg), `name="username" required autocomplete="off" value="Ab" aria-invalid="true"`)

	p = admin.post(path, wizardForm(site, "cart", nil))
	wantIn(t, "cart", p, http.StatusOK, "Cart", "Max Mustermann", "max.mustermann", "493012345601", "Plus", `value="order"`)
	p = admin.post(path, wizardForm(site, "order", func(f url.Values) { f.Set("extension", "201") }))
	wantIn(t, "used extension", p, http.StatusConflict, `value="201" aria-invalid="true"`, "already used")
	if ws, _, err := e.svc.Workplaces(e.ctx, switchboard.System, cust, switchboard.Page{Limit: 10}); err != nil || len(ws) != 2 {
		t.Fatalf("workplaces before the order: %d, %v; want the 2 of the set-up", len(ws), err)
	}

	p = admin.post(path, wizardForm(site, "order", nil))
	wantIn(t, "order", p, http.StatusOK, "The workplace is ordered", "create_workplace", "open")
	got := e.workplaceNamed(cust, "max.mustermann")
	if got == nil || got.State != switchboard.WorkplaceOrdered || len(got.Numbers) != 1 || got.Package != switchboard.PackagePlus {
		t.Fatalf("ordered workplace = %+v, want ordered with its number and Plus", got)
	}
	wantIn(t, "orders", p, http.StatusOK, "create_workplace · "+got.ID+`</td><td><span class="state state-open"`)
}

// workplaceNamed returns the customer's workplace with the username, nil
// when there is none.
func (e *env) workplaceNamed(customerID, username string) *switchboard.Workplace {
	e.t.Helper()
	ws, _, err := e.svc.Workplaces(e.ctx, switchboard.System, customerID, switchboard.Page{Limit: 50})
	e.must(err)
	for _, w := range ws {
		if w.Username == username {
			return w
		}
	}
	return nil
}
