package portal

import (
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// deviceRoutes are a device's page and its actions.
func (h *handler) deviceRoutes(mux *http.ServeMux) {
	mux.Handle("GET /devices/{id}", h.private(h.devicePage))
	mux.Handle("GET /devices/{id}/actions/{action}", h.private(h.confirmPage))
	mux.Handle("POST /devices/{id}/actions/{action}", h.private(h.runAction))
}

// actions are the device tiles in their order on the page (seed 000).
var actions = []string{"reset", "reconfigure", "sync", "reboot", "newkey"}

// deviceData is what the device page shows.
type deviceData struct {
	Device  *app.DeviceView
	Status  *switchboard.DeviceStatus
	Login   *app.InitialLoginView
	Admin   bool
	Expert  bool
	SIP     *app.SIPAccountView
	Actions []string
	// Diff is what a sync would change on the phone, for administrators.
	Diff *app.ProfileDiff
	// QR says the page shows the QR code of a soft client.
	QR bool
	// More is what the device page shows besides seed 000's tiles:
	// function keys, DECT, linking, hot-desking, zero-touch, manual.
	More *deviceMore
}

// devicePage is seed 000's device view; the SIP account only in the
// expert view, which only administrators have.
func (h *handler) devicePage(rq *request) error {
	return h.renderDevice(rq, http.StatusOK, nil, nil)
}

// renderDevice shows the device page with status; errs are the domain
// rule's messages by field, and form what a refused form typed (nil
// otherwise).
func (h *handler) renderDevice(rq *request, status int, errs map[string]string, form *typed) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	d, err := h.svc.Device(ctx, p, id)
	if err != nil {
		return err
	}
	data := deviceData{Device: d, Admin: p.CanAdminister(d.CustomerID), Actions: actions}
	if data.Status, err = h.svc.Status(ctx, p, id); err != nil {
		return err
	}
	if data.Login, err = h.svc.InitialLogin(ctx, p, id); err != nil {
		return err
	}
	if data.QR, err = h.hasQR(rq, id); err != nil {
		return err
	}
	if data.Admin {
		if data.Diff, err = h.profileDiff(rq, id); err != nil {
			return err
		}
	}
	data.Expert = data.Admin && rq.r.URL.Query().Get("view") == "expert"
	if data.Expert {
		if data.SIP, err = h.svc.SIPAccount(ctx, p, id); err != nil {
			return err
		}
	}
	if data.More, err = h.deviceMore(rq, d, data.Admin, form); err != nil {
		return err
	}
	return rq.render(status, "device", "device.title", data, errs)
}

// actionData is what the confirmation and result pages show.
type actionData struct {
	Device *app.DeviceView
	Action string
	Result *app.ActionResult
	// Diff is what the action will change on the phone (confirmation of
	// the actions that send the profile).
	Diff *app.ProfileDiff
}

// action reads the route's action and its device, refusing an unknown
// action before anything else.
func (h *handler) action(rq *request) (*actionData, error) {
	a := rq.r.PathValue("action")
	known := false
	for _, k := range actions {
		known = known || k == a
	}
	if !known {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no such device action")
	}
	d, err := h.svc.Device(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !rq.principal().CanAdminister(d.CustomerID) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "%s", rq.loc.T("error.adminonly"))
	}
	return &actionData{Device: d, Action: a}, nil
}

// confirmPage says what the phone's user will notice before an action.
func (h *handler) confirmPage(rq *request) error {
	data, err := h.action(rq)
	if err != nil {
		return err
	}
	if diffActions[data.Action] {
		if data.Diff, err = h.profileDiff(rq, data.Device.ID); err != nil {
			return err
		}
	}
	return rq.show("confirm", "action."+data.Action, data)
}

// runAction carries the confirmed action out and shows its outcome.
func (h *handler) runAction(rq *request) error {
	data, err := h.action(rq)
	if err != nil {
		return err
	}
	ctx, p, id := rq.r.Context(), rq.principal(), data.Device.ID
	if data.Action == "newkey" {
		if data.Device, err = h.svc.NewKey(ctx, p, id); err != nil {
			return err
		}
	} else if data.Result, err = h.svc.DeviceAction(ctx, p, id, switchboard.Action(data.Action)); err != nil {
		return err
	}
	return rq.show("result", "action."+data.Action, data)
}
