package portal

import (
	"net/http"
	"slices"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// wizardRoutes are seed 001's create-workplace wizard: one form with the
// seed's sections, the cart that sums it up, and the order.
func (h *handler) wizardRoutes(mux *http.ServeMux) {
	mux.Handle("GET /customers/{id}/workplaces/new", h.private(h.wizardPage))
	mux.Handle("POST /customers/{id}/workplaces/new", h.private(h.wizardStep))
}

// packages are the conference packages in the wizard's order.
var packages = []switchboard.Package{switchboard.PackageNone, switchboard.PackageBasic,
	switchboard.PackagePlus, switchboard.PackagePremium}

// wizardData is what the wizard's form and cart show.
type wizardData struct {
	Customer *switchboard.Customer
	In       app.WorkplaceInput
	Sites    []*switchboard.Site
	// Free are the customer's numbers no workplace holds.
	Free     []*switchboard.Number
	Packages []switchboard.Package
	// Action is where the form goes: the wizard, or a workplace's edit.
	Action string
	// Edit saves the form at once instead of putting it in the cart.
	Edit bool
}

// Chosen reports whether the form picked the number.
func (d *wizardData) Chosen(number string) bool { return slices.Contains(d.In.Numbers, number) }

// SiteName names the chosen site on the cart.
func (d *wizardData) SiteName() string {
	for _, s := range d.Sites {
		if s.ID == d.In.Site {
			return s.Name
		}
	}
	return d.In.Site
}

// wizard loads what the form offers: the customer's sites and free
// numbers; it also refuses another customer's wizard with 404.
func (h *handler) wizard(rq *request, id string, in app.WorkplaceInput) (*wizardData, error) {
	ctx, p := rq.r.Context(), rq.principal()
	d := &wizardData{In: in, Packages: packages, Action: "/customers/" + id + "/workplaces/new"}
	var err error
	if d.Customer, err = h.svc.Customer(ctx, p, id); err != nil {
		return nil, err
	}
	if d.Sites, _, err = h.svc.Sites(ctx, p, id, switchboard.Page{Limit: 100}); err != nil {
		return nil, err
	}
	if d.Free, _, err = h.svc.Numbers(ctx, p, id, true, switchboard.Page{Limit: 100}); err != nil {
		return nil, err
	}
	return d, nil
}

func (h *handler) wizardPage(rq *request) error {
	d, err := h.wizard(rq, rq.r.PathValue("id"), app.WorkplaceInput{Package: switchboard.PackageNone})
	if err != nil {
		return err
	}
	return rq.show("wizard", "wizard.title", d)
}

// wizardStep moves the wizard on by the button pressed: "cart" checks the
// form and sums it up, "order" creates the workplace (and its order) and
// shows the customer's orders, anything else goes back to the form.
// Refusals show the form again with the rule's message at its field.
func (h *handler) wizardStep(rq *request) error {
	in := workplaceForm(rq.r)
	d, err := h.wizard(rq, rq.r.PathValue("id"), in)
	if err != nil {
		return err
	}
	switch rq.r.PostFormValue("step") {
	case "cart":
		if errs := fieldErrors(app.CheckWorkplace(in)); errs != nil {
			return rq.render(http.StatusUnprocessableEntity, "wizard", "wizard.title", d, errs)
		}
		return rq.show("cart", "cart.title", d)
	case "order":
		_, err := h.svc.CreateWorkplace(rq.r.Context(), rq.principal(), d.Customer.ID, in)
		if errs := orderErrors(err); errs != nil {
			return rq.render(httpstatus.Of(switchboard.ErrorCode(err)), "wizard", "wizard.title", d, errs)
		}
		if err != nil {
			return err
		}
		http.Redirect(rq.w, rq.r, "/customers/"+d.Customer.ID+"/orders?notice=ordered", http.StatusSeeOther)
		return nil
	}
	return rq.show("wizard", "wizard.title", d)
}

// orderErrors are fieldErrors and also a conflict about one field (a
// username, extension or number in use), which the form can correct.
func orderErrors(err error) map[string]string {
	if f := switchboard.ErrorField(err); f != "" && switchboard.ErrorCode(err) == switchboard.ECONFLICT {
		return map[string]string{f: switchboard.ErrorMessage(err)}
	}
	return fieldErrors(err)
}

// workplaceForm reads the wizard's fields, named like the API's.
func workplaceForm(r *http.Request) app.WorkplaceInput {
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	return app.WorkplaceInput{
		Site: f("site"), FirstName: f("first_name"), LastName: f("last_name"),
		Street: f("street"), Postcode: f("postcode"), City: f("city"),
		Email: f("email"), EmailConfirm: f("email_confirm"), Mobile: f("mobile"), NoMobile: f("no_mobile") != "",
		Username: f("username"), Extension: f("extension"), Numbers: r.PostForm["numbers"],
		Package: switchboard.Package(f("package")),
	}
}
