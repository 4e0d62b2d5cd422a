package portal

import (
	"net/http"
	"net/url"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// linkRoutes link a device to a workplace and unlink it (seed 003), each
// after a confirmation that says what the phone's user will notice.
func (h *handler) linkRoutes(mux *http.ServeMux) {
	mux.Handle("GET /devices/{id}/link", h.private(h.linkPage))
	mux.Handle("POST /devices/{id}/link", h.private(h.link))
	mux.Handle("GET /devices/{id}/unlink", h.private(h.unlinkPage))
	mux.Handle("POST /devices/{id}/unlink", h.private(h.unlink))
	mux.Handle("GET /workplaces/{id}/link", h.private(h.linkFromWorkplace))
}

// linkData is what the link and unlink confirmations show.
type linkData struct {
	Device    *app.DeviceView
	Workplace *switchboard.Workplace
	Unlink    bool
}

// linkTarget loads the route's device, which the caller must administer,
// and the workplace it is to be linked to or is linked to.
func (h *handler) linkTarget(rq *request, workplace string) (*linkData, error) {
	ctx, p := rq.r.Context(), rq.principal()
	d, err := h.svc.Device(ctx, p, rq.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !p.CanAdminister(d.CustomerID) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "%s", rq.loc.T("error.adminonly"))
	}
	data := &linkData{Device: d}
	if workplace == "" {
		return data, nil
	}
	data.Workplace, err = h.svc.Workplace(ctx, p, workplace)
	return data, err
}

// linkPage confirms linking the device to the chosen workplace.
func (h *handler) linkPage(rq *request) error {
	data, err := h.linkTarget(rq, rq.r.URL.Query().Get("workplace"))
	if err != nil {
		return err
	}
	if data.Workplace == nil {
		return switchboard.FieldErrorf("workplace", "%s", rq.loc.T("link.choose"))
	}
	return rq.show("link", "link.title", data)
}

// link links the device through the API's use case; a refusal (the
// workplace has its phones, the device is linked already) is shown on
// the confirmation with the rule's own message.
func (h *handler) link(rq *request) error {
	data, err := h.linkTarget(rq, rq.r.PostFormValue("workplace"))
	if err != nil {
		return err
	}
	if data.Workplace == nil {
		return switchboard.FieldErrorf("workplace", "%s", rq.loc.T("link.choose"))
	}
	_, err = h.svc.LinkDevice(rq.r.Context(), rq.principal(), data.Device.ID, app.LinkInput{Workplace: data.Workplace.ID})
	return h.linked(rq, data, "link.title", "linked", err)
}

// unlinkTarget loads the route's device and the workplace it is linked
// to; a free device has nothing to unlink.
func (h *handler) unlinkTarget(rq *request) (*linkData, error) {
	data, err := h.linkTarget(rq, "")
	if err != nil {
		return nil, err
	}
	if data.Device.WorkplaceID == "" {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "%s", rq.loc.T("unlink.free"))
	}
	data.Unlink = true
	data.Workplace, err = h.svc.Workplace(rq.r.Context(), rq.principal(), data.Device.WorkplaceID)
	return data, err
}

// unlinkPage confirms unlinking the device from its workplace.
func (h *handler) unlinkPage(rq *request) error {
	data, err := h.unlinkTarget(rq)
	if err != nil {
		return err
	}
	return rq.show("link", "unlink.title", data)
}

// unlink frees the device through the API's use case.
func (h *handler) unlink(rq *request) error {
	data, err := h.unlinkTarget(rq)
	if err != nil {
		return err
	}
	_, err = h.svc.UnlinkDevice(rq.r.Context(), rq.principal(), data.Device.ID)
	return h.linked(rq, data, "unlink.title", "unlinked", err)
}

// linked answers a link or unlink: back to the device page with a notice,
// or the confirmation again with the refusal's message.
func (h *handler) linked(rq *request, data *linkData, title, notice string, err error) error {
	switch switchboard.ErrorCode(err) {
	case "":
		http.Redirect(rq.w, rq.r, "/devices/"+data.Device.ID+"?notice="+notice, http.StatusSeeOther)
		return nil
	case switchboard.EINVALID, switchboard.ECONFLICT:
		return rq.render(httpstatus.Of(switchboard.ErrorCode(err)), "link", title, data, map[string]string{"": switchboard.ErrorMessage(err)})
	}
	return err
}

// linkFromWorkplace sends the workplace page's "link a device" choice to
// the device's confirmation.
func (h *handler) linkFromWorkplace(rq *request) error {
	w, err := h.svc.Workplace(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if err != nil {
		return err
	}
	dev := rq.r.URL.Query().Get("device")
	if dev == "" {
		return switchboard.FieldErrorf("device", "%s", rq.loc.T("link.choose_device"))
	}
	http.Redirect(rq.w, rq.r, "/devices/"+url.PathEscape(dev)+"/link?workplace="+url.QueryEscape(w.ID), http.StatusSeeOther)
	return nil
}
