package portal

import (
	"net/http"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// deviceNewRoutes add a device to a workplace (seed 004's devices per
// line), for the customer's administrators.
func (h *handler) deviceNewRoutes(mux *http.ServeMux) {
	mux.Handle("GET /workplaces/{id}/devices/new", h.private(h.newDevicePage))
	mux.Handle("POST /workplaces/{id}/devices/new", h.private(h.addDevice))
}

// deviceForm is the form to add a device with what was typed.
type deviceForm struct {
	Workplace *switchboard.Workplace
	// Models are the catalogue's models a workplace takes directly: not
	// the DECT handsets, which belong to a base.
	Models []switchboard.Model
	Input  app.DeviceInput
}

// newDeviceForm reads the route's workplace for an administrator and the
// models offered.
func (h *handler) newDeviceForm(rq *request, in app.DeviceInput) (*deviceForm, error) {
	wd, err := h.adminWorkplace(rq)
	if err != nil {
		return nil, err
	}
	f := &deviceForm{Workplace: wd.Workplace, Input: in}
	for _, m := range h.svc.Models() {
		if m.Kind != switchboard.KindDECTHandset {
			f.Models = append(f.Models, m)
		}
	}
	return f, nil
}

func (h *handler) newDevicePage(rq *request) error {
	f, err := h.newDeviceForm(rq, app.DeviceInput{})
	if err != nil {
		return err
	}
	return rq.show("device_new", "device_new.title", f)
}

// addDevice creates the device through the API's use case and opens its
// page with the provisioning URL; a refused field shows its rule's message
// next to it, a conflict (one desk phone per workplace without
// multi-login, a MAC in use) above the form.
func (h *handler) addDevice(rq *request) error {
	v := func(name string) string { return strings.TrimSpace(rq.r.PostFormValue(name)) }
	f, err := h.newDeviceForm(rq, app.DeviceInput{Model: v("model"), Description: v("description"), MAC: v("mac")})
	if err != nil {
		return err
	}
	d, err := h.svc.CreateDevice(rq.r.Context(), rq.principal(), f.Workplace.CustomerID, f.Workplace.ID, f.Input)
	if errs := fieldErrors(err); errs != nil {
		return rq.render(http.StatusUnprocessableEntity, "device_new", "device_new.title", f, errs)
	}
	if switchboard.ErrorCode(err) == switchboard.ECONFLICT {
		return rq.render(http.StatusConflict, "device_new", "device_new.title", f, map[string]string{"": switchboard.ErrorMessage(err)})
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/devices/"+d.ID+"?notice=device_added", http.StatusSeeOther)
	return nil
}
