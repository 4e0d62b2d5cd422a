package portal_test

import (
	"net/http"
	"net/url"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
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

// TestDeleteWorkplace: the confirmation names the numbers released and the
// phones unlinked; the user may not delete their own workplace, a forged
// form deletes nothing, and the confirmed deletion frees the number,
// unlinks the phone and shows the delete order.
func TestDeleteWorkplace(t *testing.T) {
	e := newEnv(t, portal.Options{})
	sys, wp := switchboard.System, e.acme.wp1
	_, err := e.svc.AddNumbers(e.ctx, sys, e.acme.cust.ID, app.NumbersInput{Numbers: []string{"+493012345601"}})
	e.must(err)
	_, err = e.svc.UpdateWorkplace(e.ctx, sys, wp.ID, app.WorkplacePatch{Numbers: &[]string{"+493012345601"}})
	e.must(err)
	path := "/workplaces/" + wp.ID + "/delete"

	wantIn(t, "user's delete", e.loggedIn(wp.Username).get(path), http.StatusForbidden)
	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "workplace page", admin.get("/workplaces/"+wp.ID), http.StatusOK, `href="`+path+`"`)
	wantIn(t, "confirmation", admin.get(path), http.StatusOK, "released", "493012345601", "acme desk one", "new provisioning URL")
	wantIn(t, "forged form", admin.post(path, url.Values{"csrf": {"forged"}}), http.StatusForbidden)
	if w := e.workplaceNamed(e.acme.cust.ID, wp.Username); w.State != switchboard.WorkplaceActive {
		t.Fatalf("a forged form deleted the workplace: %s", w.State)
	}
	admin.get(path)
	wantIn(t, "deleted", admin.post(path, nil), http.StatusOK, "The workplace is deleted", "delete_workplace · "+wp.ID)
	if w := e.workplaceNamed(e.acme.cust.ID, wp.Username); w.State != switchboard.WorkplaceDeleted {
		t.Errorf("workplace after the deletion: %s", w.State)
	}
	free, _, err := e.svc.Numbers(e.ctx, sys, e.acme.cust.ID, true, switchboard.Page{Limit: 10})
	e.must(err)
	if len(free) != 1 || free[0].E164 != "+493012345601" {
		t.Errorf("free numbers after the deletion: %v", free)
	}
	if d := e.stored(e.acme.desk1.ID); d.WorkplaceID != "" {
		t.Errorf("the phone is still linked to %s", d.WorkplaceID)
	}
}

// TestEditWorkplace: the edit form comes filled in with the workplace, a
// used extension is refused at its field, and a saved change shows on the
// workplace page; the user may not use the administrators' form.
func TestEditWorkplace(t *testing.T) {
	e := newEnv(t, portal.Options{})
	wp := e.acme.wp1
	path := "/workplaces/" + wp.ID + "/edit"
	wantIn(t, "user's edit", e.loggedIn(wp.Username).get(path), http.StatusForbidden)
	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "workplace page", admin.get("/workplaces/"+wp.ID), http.StatusOK, `href="`+path+`"`)
	p := admin.get(path)
	wantIn(t, "edit form", p, http.StatusOK, `value="`+wp.Username+`"`, `value="201"`, `value="basic" checked`, `id="save"`)
	sites, _, err := e.svc.Sites(e.ctx, switchboard.System, e.acme.cust.ID, switchboard.Page{Limit: 1})
	e.must(err)
	form := func(ext string) url.Values {
		return url.Values{"site": {sites[0].ID}, "first_name": {"Erika"}, "last_name": {"Muster"}, "city": {"Köln"},
			"email": {wp.Email}, "email_confirm": {wp.Email}, "no_mobile": {"1"}, "username": {wp.Username},
			"extension": {ext}, "package": {"basic"}, "step": {"save"}}
	}
	wantIn(t, "used extension", admin.post(path, form("202")), http.StatusConflict, `value="202" aria-invalid="true"`, "already used")
	p = admin.post(path, form("209"))
	wantIn(t, "saved", p, http.StatusOK, "The changes are saved.", "Köln", "209")
	if w := e.workplaceNamed(e.acme.cust.ID, wp.Username); w.Extension != "209" || w.City != "Köln" {
		t.Errorf("stored workplace: extension %s, city %s", w.Extension, w.City)
	}
}
