package portal

import (
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// workplaceDeleteRoutes are a workplace's deletion: the confirmation that
// spells out its consequences, and the deletion.
func (h *handler) workplaceDeleteRoutes(mux *http.ServeMux) {
	mux.Handle("GET /workplaces/{id}/delete", h.private(h.deleteWorkplacePage))
	mux.Handle("POST /workplaces/{id}/delete", h.private(h.deleteWorkplace))
}

// adminWorkplace reads the route's workplace with its devices for one of
// its customer's administrators; its own user is refused.
func (h *handler) adminWorkplace(rq *request) (*workplaceData, error) {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	w, err := h.svc.Workplace(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !p.CanAdminister(w.CustomerID) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "%s", rq.loc.T("error.adminonly"))
	}
	ds, _, err := h.svc.WorkplaceDevices(ctx, p, id, switchboard.Page{Limit: 100})
	if err != nil {
		return nil, err
	}
	return &workplaceData{Workplace: w, Devices: ds, Admin: true}, nil
}

// deleteWorkplacePage lists what the deletion does to the workplace's
// numbers, devices and logins before anything happens.
func (h *handler) deleteWorkplacePage(rq *request) error {
	d, err := h.adminWorkplace(rq)
	if err != nil {
		return err
	}
	return rq.show("workplace_delete", "workplace.delete", d)
}

// deleteWorkplace deletes the confirmed workplace and shows the customer's
// orders, where its delete order stands.
func (h *handler) deleteWorkplace(rq *request) error {
	d, err := h.adminWorkplace(rq)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteWorkplace(rq.r.Context(), rq.principal(), d.Workplace.ID); err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/customers/"+d.Workplace.CustomerID+"/orders?notice=deleted", http.StatusSeeOther)
	return nil
}
