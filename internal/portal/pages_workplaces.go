package portal

import (
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// workplaceRoutes are a customer's workplaces and one workplace's page
// (seed 001's overview).
func (h *handler) workplaceRoutes(mux *http.ServeMux) {
	mux.Handle("GET /customers/{id}/workplaces", h.private(h.workplacesPage))
	mux.Handle("GET /workplaces/{id}", h.private(h.workplacePage))
}

// workplaceData is what the workplace page shows.
type workplaceData struct {
	Workplace *switchboard.Workplace
	Devices   []*app.DeviceView
	// Admin links the customer's lists, which only administrators see.
	Admin bool
	More  *workplaceMore
}

// workplacePage shows a workplace's user data, username, numbers,
// extension, package, state and devices to the customer's administrators
// and to its own user.
func (h *handler) workplacePage(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	w, err := h.svc.Workplace(ctx, p, id)
	if err != nil {
		return err
	}
	ds, _, err := h.svc.WorkplaceDevices(ctx, p, id, switchboard.Page{Limit: 100})
	if err != nil {
		return err
	}
	data := workplaceData{Workplace: w, Devices: ds, Admin: p.CanAdminister(w.CustomerID)}
	if data.More, err = h.workplaceMore(rq, w, data.Admin); err != nil {
		return err
	}
	return rq.show("workplace", "workplace.title", data)
}
