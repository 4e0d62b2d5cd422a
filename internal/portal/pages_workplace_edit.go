package portal

import (
	"net/http"
	"slices"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// workplaceEditRoutes are a workplace's edit form, the wizard's form
// filled in with the workplace.
func (h *handler) workplaceEditRoutes(mux *http.ServeMux) {
	mux.Handle("GET /workplaces/{id}/edit", h.private(h.editWorkplacePage))
	mux.Handle("POST /workplaces/{id}/edit", h.private(h.editWorkplace))
}

// editForm loads the form for the route's workplace with in: the numbers
// offered are the workplace's own and the customer's free ones.
func (h *handler) editForm(rq *request, in func(*switchboard.Workplace) app.WorkplaceInput) (*wizardData, *switchboard.Workplace, error) {
	wd, err := h.adminWorkplace(rq)
	if err != nil {
		return nil, nil, err
	}
	w := wd.Workplace
	d, err := h.wizard(rq, w.CustomerID, in(w))
	if err != nil {
		return nil, nil, err
	}
	own := make([]*switchboard.Number, 0, len(w.Numbers))
	for _, n := range w.Numbers {
		own = append(own, &switchboard.Number{E164: n, CustomerID: w.CustomerID, WorkplaceID: w.ID})
	}
	d.Free = slices.Concat(own, d.Free)
	d.Action, d.Edit = "/workplaces/"+w.ID+"/edit", true
	return d, w, nil
}

func (h *handler) editWorkplacePage(rq *request) error {
	d, _, err := h.editForm(rq, workplaceValues)
	if err != nil {
		return err
	}
	return rq.show("wizard", "workplace.edit", d)
}

// editWorkplace saves the form through the API's workplace change, whose
// rules (a confirmed new e-mail, a package change after the minimum term)
// answer at their field.
func (h *handler) editWorkplace(rq *request) error {
	in := workplaceForm(rq.r)
	d, w, err := h.editForm(rq, func(*switchboard.Workplace) app.WorkplaceInput { return in })
	if err != nil {
		return err
	}
	_, err = h.svc.UpdateWorkplace(rq.r.Context(), rq.principal(), w.ID, app.WorkplacePatch{
		Site: &in.Site, FirstName: &in.FirstName, LastName: &in.LastName, Street: &in.Street,
		Postcode: &in.Postcode, City: &in.City, Email: &in.Email, EmailConfirm: &in.EmailConfirm,
		Mobile: &in.Mobile, NoMobile: &in.NoMobile, Username: &in.Username, Extension: &in.Extension,
		Numbers: &in.Numbers, Package: &in.Package,
	})
	if errs := orderErrors(err); errs != nil {
		return rq.render(httpstatus.Of(switchboard.ErrorCode(err)), "wizard", "workplace.edit", d, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/workplaces/"+w.ID+"?notice=saved", http.StatusSeeOther)
	return nil
}

// workplaceValues fills the form with the workplace as it is; the e-mail
// stands confirmed.
func workplaceValues(w *switchboard.Workplace) app.WorkplaceInput {
	return app.WorkplaceInput{Site: w.SiteID, FirstName: w.FirstName, LastName: w.LastName, Street: w.Street,
		Postcode: w.Postcode, City: w.City, Email: w.Email, EmailConfirm: w.Email, Mobile: w.Mobile,
		NoMobile: w.NoMobile, Username: w.Username, Extension: w.Extension, Numbers: w.Numbers, Package: w.Package}
}
