package portal

import (
	"net/http"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// pinRoutes are a customer's firmware pins (issue 17 item 2): per model,
// the version its devices run, for the whole customer or one site.
func (h *handler) pinRoutes(mux *http.ServeMux) {
	mux.Handle("GET /customers/{id}/firmware", h.private(h.pinsPage))
	mux.Handle("POST /customers/{id}/firmware", h.private(h.setPin))
	mux.Handle("POST /customers/{id}/firmware/remove", h.private(h.removePin))
}

// pinsData is the pins page: the customer, its sites, the models with
// uploaded firmware and the pins in force.
type pinsData struct {
	Owner  *switchboard.Customer
	Sites  []*switchboard.Site
	Models []pinModel
	Pins   []pinRow
	// Site is the site the forms choose first (?site=).
	Site string
}

// pinModel is one model with the versions uploaded for it and the one
// pinned where the form chooses first, which its chooser shows.
type pinModel struct {
	Model  string
	Files  []*switchboard.Firmware
	Pinned string
}

// pinRow is one pin with its version and its site's name.
type pinRow struct {
	*switchboard.FirmwarePin
	Version, SiteName string
}

// pins loads what the pins page shows; the use case refuses another
// customer's administrators and users.
func (h *handler) pins(rq *request) (*pinsData, error) {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	c, err := h.svc.Customer(ctx, p, id)
	if err != nil {
		return nil, err
	}
	pins, err := h.svc.FirmwarePins(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &pinsData{Owner: c, Site: rq.r.URL.Query().Get("site")}
	if d.Sites, _, err = h.svc.Sites(ctx, p, id, switchboard.Page{Limit: switchboard.MaxPageSize}); err != nil {
		return nil, err
	}
	fs, err := h.allFirmware(rq, "")
	if err != nil {
		return nil, err
	}
	versions := map[string]string{}
	for _, f := range fs {
		versions[f.ID] = f.Version
		if n := len(d.Models); n == 0 || d.Models[n-1].Model != f.Model {
			d.Models = append(d.Models, pinModel{Model: f.Model})
		}
		d.Models[len(d.Models)-1].Files = append(d.Models[len(d.Models)-1].Files, f)
	}
	names := map[string]string{}
	for _, s := range d.Sites {
		names[s.ID] = s.Name
	}
	for _, pin := range pins {
		d.Pins = append(d.Pins, pinRow{FirmwarePin: pin, Version: versions[pin.FirmwareID], SiteName: names[pin.SiteID]})
		for i := range d.Models {
			if d.Models[i].Model == pin.Model && pin.SiteID == d.Site {
				d.Models[i].Pinned = pin.FirmwareID
			}
		}
	}
	return d, nil
}

func (h *handler) pinsPage(rq *request) error {
	d, err := h.pins(rq)
	if err != nil {
		return err
	}
	return rq.show("pins", "pins.title", d)
}

// setPin pins the chosen version through the API's use case; choosing no
// version removes the pin. A refusal (a rollout of the model under way)
// shows the page again with its message.
func (h *handler) setPin(rq *request) error {
	v := func(name string) string { return strings.TrimSpace(rq.r.PostFormValue(name)) }
	in := app.PinInput{Site: v("site"), Model: v("model"), Firmware: v("firmware")}
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	var err error
	if in.Firmware == "" {
		err = h.svc.DeleteFirmwarePin(ctx, p, id, in.Site, in.Model)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			if _, cerr := h.svc.Customer(ctx, p, id); cerr != nil {
				return cerr
			}
			err = nil
		}
	} else {
		_, err = h.svc.SetFirmwarePin(ctx, p, id, in)
	}
	return h.pinDone(rq, err)
}

// removePin removes one pin of the list.
func (h *handler) removePin(rq *request) error {
	v := func(name string) string { return strings.TrimSpace(rq.r.PostFormValue(name)) }
	return h.pinDone(rq, h.svc.DeleteFirmwarePin(rq.r.Context(), rq.principal(), rq.r.PathValue("id"), v("site"), v("model")))
}

// pinDone answers a pin's change: back to the pins with a notice, or the
// page again with the use case's refusal above it.
func (h *handler) pinDone(rq *request, err error) error {
	code := switchboard.ErrorCode(err)
	if code == switchboard.EINVALID || code == switchboard.ECONFLICT {
		d, derr := h.pins(rq)
		if derr != nil {
			return derr
		}
		status := http.StatusUnprocessableEntity
		if code == switchboard.ECONFLICT {
			status = http.StatusConflict
		}
		return rq.render(status, "pins", "pins.title", d, map[string]string{"": switchboard.ErrorMessage(err)})
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/customers/"+rq.r.PathValue("id")+"/firmware?notice=pin_saved", http.StatusSeeOther)
	return nil
}
