package portal

import (
	"math"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// fleetRoutes are the fleet statistics: every customer's for the operator,
// one customer's for its administrators and the operator.
func (h *handler) fleetRoutes(mux *http.ServeMux) {
	mux.Handle("GET /fleet", h.private(h.fleetPage))
	mux.Handle("GET /customers/{id}/fleet", h.private(h.customerFleetPage))
}

// fleetData is what the fleet page shows.
type fleetData struct {
	*app.Fleet
	// Owner is the customer counted, nil for every customer's fleet.
	Owner *switchboard.Customer
	// SharePercent is the online share in whole percent; StaleHours the
	// stale threshold in hours.
	SharePercent, StaleHours int
	// Lists are the device lists in their order on the page.
	Lists []fleetList
}

// fleetList is one of the fleet's device lists under its heading's key.
type fleetList struct {
	Key string
	app.FleetList
}

// fleetPage shows the operator every customer's devices and an
// administrator the own customer's (the use case decides).
func (h *handler) fleetPage(rq *request) error {
	f, err := h.svc.Fleet(rq.r.Context(), rq.principal())
	if err != nil {
		return err
	}
	return rq.show("fleet", "fleet.title", newFleetData(f, nil))
}

// customerFleetPage shows one customer's devices.
func (h *handler) customerFleetPage(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	c, err := h.svc.Customer(ctx, p, id)
	if err != nil {
		return err
	}
	f, err := h.svc.CustomerFleet(ctx, p, id)
	if err != nil {
		return err
	}
	return rq.show("fleet", "fleet.title", newFleetData(f, c))
}

func newFleetData(f *app.Fleet, owner *switchboard.Customer) fleetData {
	return fleetData{Fleet: f, Owner: owner, SharePercent: int(math.Round(f.OnlineShare * 100)),
		StaleHours: int(f.StaleAfterSeconds / 3600),
		Lists: []fleetList{{"fleet.never_seen", f.NeverSeen}, {"fleet.stale", f.Stale},
			{"fleet.double", f.DoubleRegistrations}}}
}
