package portal

import (
	"strconv"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// deviceMore is what the device page shows besides seed 000's status,
// login and tiles: the function-key editor, DECT, linking, hot-desking
// and the model's set-up and factory-reset text.
type deviceMore struct {
	Model switchboard.Model
	// Keys is the function-key editor, for administrators of a model
	// with programmable keys.
	Keys *keyEditor
	DECT *dectState
	Link linkState
	// HotDesk is the hot-desk login on a free device; nil when none.
	HotDesk *hotDeskState
	// Manual is the model's text in the page's language.
	Manual switchboard.Manual
}

// typed is what a refused form on the device page typed, shown again
// next to the rule's message.
type typed struct {
	Keys      *keyForm
	Handset   *app.DeviceInput
	Workplace string
}

// linkState is the device's workplace, or for administrators of a free
// device the workplaces it may be linked to.
type linkState struct {
	Workplace *switchboard.Workplace
	Choices   []*switchboard.Workplace
}

// hotDeskState is who is logged in on a free device, since when, and
// when the site logs everybody out (administrators only).
type hotDeskState struct {
	Workplace  *switchboard.Workplace
	Since      time.Time
	AutoLogout string
}

// deviceMore loads the device page's further parts for d.
func (h *handler) deviceMore(rq *request, d *app.DeviceView, admin bool, form *typed) (*deviceMore, error) {
	// A model gone from the catalogue leaves the page without keys and
	// manual rather than without the device.
	m, err := h.svc.Model(d.Model)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		m = switchboard.Model{ID: d.Model, Name: d.Model}
	}
	out := &deviceMore{Model: m, Manual: m.Manual(rq.loc.Lang)}
	if form == nil {
		form = &typed{}
	}
	if admin {
		current, _ := strconv.Atoi(rq.r.URL.Query().Get("module"))
		out.Keys = newKeyEditor(m, d.Keys, current, form.Keys)
	}
	if out.DECT, err = h.dectOf(rq, d, m, admin); err != nil {
		return nil, err
	}
	if out.DECT != nil && form.Handset != nil {
		out.DECT.Input, out.DECT.Workplace = *form.Handset, form.Workplace
	}
	if out.Link, err = h.linkOf(rq, d, admin); err != nil {
		return nil, err
	}
	if d.HotDesk != nil {
		out.HotDesk = &hotDeskState{Since: d.HotDesk.Since}
		if out.HotDesk.Workplace, out.HotDesk.AutoLogout, err = h.hotDeskOf(rq, d.HotDesk.Workplace, admin); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// linkOf loads the device's workplace, or the choices to link it to.
func (h *handler) linkOf(rq *request, d *app.DeviceView, admin bool) (linkState, error) {
	ctx, p := rq.r.Context(), rq.principal()
	var st linkState
	var err error
	switch {
	case d.WorkplaceID != "":
		st.Workplace, err = h.svc.Workplace(ctx, p, d.WorkplaceID)
	case admin && d.Kind == switchboard.KindDeskPhone:
		st.Choices, _, err = h.svc.FreeWorkplaces(ctx, p, d.CustomerID, switchboard.Page{Limit: switchboard.MaxPageSize})
	case admin:
		var ws []*switchboard.Workplace
		ws, _, err = h.svc.Workplaces(ctx, p, d.CustomerID, switchboard.Page{Limit: switchboard.MaxPageSize})
		for _, w := range ws {
			if w.State == switchboard.WorkplaceActive {
				st.Choices = append(st.Choices, w)
			}
		}
	}
	return st, err
}

// hotDeskOf loads a workplace logged in by hot-desking and, for
// administrators, its site's automatic log-out time.
func (h *handler) hotDeskOf(rq *request, workplace string, admin bool) (*switchboard.Workplace, string, error) {
	ctx, p := rq.r.Context(), rq.principal()
	w, err := h.svc.Workplace(ctx, p, workplace)
	if err != nil || !admin {
		return w, "", err
	}
	st, err := h.svc.SiteHotDesk(ctx, p, w.SiteID)
	if err != nil {
		return nil, "", err
	}
	return w, st.AutoLogout, nil
}
