package portal

import (
	"context"
	"net/http"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// dectRoutes add a handset to a DECT base station and remove one (seed
// 004 "Gérer le combiné DECT"), as the API does: a handset is a device
// created with its base, and removed by deleting it.
func (h *handler) dectRoutes(mux *http.ServeMux) {
	mux.Handle("POST /devices/{id}/handsets", h.private(h.addHandset))
	mux.Handle("GET /devices/{id}/handsets/{handset}/remove", h.private(h.removeHandsetPage))
	mux.Handle("POST /devices/{id}/handsets/{handset}/remove", h.private(h.removeHandset))
}

// dectState is the DECT part of a device page: a base's handsets with
// their state and, for administrators, what a new handset may be; a
// handset's base.
type dectState struct {
	Handsets []liveDevice
	// Models are the handset models the base takes (administrators).
	Models []switchboard.Model
	// Workplaces are those whose line a new handset may carry.
	Workplaces []*switchboard.Workplace
	// Capacity is how many handsets the base's model carries, 0 unknown.
	Capacity int
	// Base is a handset's base station.
	Base *app.DeviceView
	// Input is the add form as typed after a refusal.
	Input app.DeviceInput
	// Workplace is the add form's chosen workplace: the base's own until
	// a refused form chose another.
	Workplace string
}

// dectOf builds the DECT part of the device page; nil for a device that
// is neither base nor handset.
func (h *handler) dectOf(rq *request, d *app.DeviceView, m switchboard.Model, admin bool) (*dectState, error) {
	ctx, p := rq.r.Context(), rq.principal()
	switch d.Kind {
	case switchboard.KindDECTHandset:
		if d.BaseID == "" {
			return nil, nil
		}
		b, err := h.svc.Device(ctx, p, d.BaseID)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return &dectState{}, nil
		}
		return &dectState{Base: b}, err
	case switchboard.KindDECTBase:
	default:
		return nil, nil
	}
	hs, _, err := withStates(h.svc, func(ctx context.Context, p switchboard.Principal, base string, _ switchboard.Page) ([]*app.DeviceView, string, error) {
		ds, err := h.svc.Handsets(ctx, p, base)
		return ds, "", err
	})(ctx, p, d.ID, switchboard.Page{})
	if err != nil {
		return nil, err
	}
	st := &dectState{Handsets: hs, Capacity: m.Handsets, Workplace: d.WorkplaceID}
	if !admin {
		return st, nil
	}
	for _, hm := range h.svc.Models() {
		if hm.FitsBase(m) {
			st.Models = append(st.Models, hm)
		}
	}
	st.Workplaces, _, err = h.svc.Workplaces(ctx, p, d.CustomerID, switchboard.Page{Limit: switchboard.MaxPageSize})
	return st, err
}

// addHandset creates a handset on the route's base through the API's use
// case: on the chosen workplace, or free when none is chosen. A refusal
// (a model that does not fit, a full base) shows next to its field.
func (h *handler) addHandset(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	b, err := h.svc.Device(ctx, p, id)
	if err != nil {
		return err
	}
	if b.Kind != switchboard.KindDECTBase {
		return switchboard.Errorf(switchboard.ENOTFOUND, "device %q is not a DECT base station", id)
	}
	in := app.DeviceInput{Model: rq.r.PostFormValue("model"), Description: strings.TrimSpace(rq.r.PostFormValue("description")), Base: b.ID}
	workplace := rq.r.PostFormValue("workplace")
	customer := b.CustomerID
	if workplace != "" {
		customer = ""
	}
	_, err = h.svc.CreateDevice(ctx, p, customer, workplace, in)
	if c := switchboard.ErrorCode(err); c == switchboard.EINVALID || c == switchboard.ECONFLICT {
		field := "handset"
		if f := switchboard.ErrorField(err); f == "model" || f == "description" {
			field += "_" + f
		}
		return h.renderDevice(rq, httpstatus.Of(c), map[string]string{field: switchboard.ErrorMessage(err)},
			&typed{Handset: &in, Workplace: workplace})
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/devices/"+id+"?notice=handset_added#dect", http.StatusSeeOther)
	return nil
}

// handsetData is the removal's confirmation.
type handsetData struct {
	Base, Handset *app.DeviceView
}

// handsetOf loads the route's base and one of its handsets; a device that
// does not hang on this base is not found here.
func (h *handler) handsetOf(rq *request) (*handsetData, error) {
	ctx, p := rq.r.Context(), rq.principal()
	b, err := h.svc.Device(ctx, p, rq.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	hs, err := h.svc.Device(ctx, p, rq.r.PathValue("handset"))
	if err != nil {
		return nil, err
	}
	if hs.BaseID != b.ID {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "device %q is not a handset of base %q", hs.ID, b.ID)
	}
	if !p.CanAdminister(b.CustomerID) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "%s", rq.loc.T("error.adminonly"))
	}
	return &handsetData{Base: b, Handset: hs}, nil
}

// removeHandsetPage says what the handset's user will notice.
func (h *handler) removeHandsetPage(rq *request) error {
	data, err := h.handsetOf(rq)
	if err != nil {
		return err
	}
	return rq.show("handset_remove", "dect.remove_title", data)
}

// removeHandset deletes the handset through the API's use case.
func (h *handler) removeHandset(rq *request) error {
	data, err := h.handsetOf(rq)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteDevice(rq.r.Context(), rq.principal(), data.Handset.ID); err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/devices/"+data.Base.ID+"?notice=handset_removed#dect", http.StatusSeeOther)
	return nil
}
