package portal

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// rolloutRoutes are a customer's staged firmware rollouts (issue 17 item
// 2): the list with the start form, one rollout's rings, and pausing,
// resuming or aborting it.
func (h *handler) rolloutRoutes(mux *http.ServeMux) {
	mux.Handle("GET /customers/{id}/rollouts", h.private(h.rolloutsPage))
	mux.Handle("POST /customers/{id}/rollouts", h.private(h.startRollout))
	mux.Handle("GET /rollouts/{id}", h.private(h.rolloutPage))
	mux.Handle("POST /rollouts/{id}/{cmd}", h.private(h.controlRollout))
}

// maxRingChoices bounds the devices the start form offers for the first
// ring.
const maxRingChoices = 200

// rolloutForm is the start form as typed; times are in minutes.
type rolloutForm struct {
	Site, Firmware, Percents   string
	RingMinutes, SpreadMinutes string
	MaxFailedPercent           string
	FirstRing                  []string
}

// Chosen says whether the device is ticked for the first ring.
func (f rolloutForm) Chosen(id string) bool { return slices.Contains(f.FirstRing, id) }

// rolloutsData is the rollouts page.
type rolloutsData struct {
	listPage[*switchboard.Rollout]
	Form  rolloutForm
	Sites []*switchboard.Site
	Files []*switchboard.Firmware
	// Devices are those the first ring may name: of a model with firmware.
	Devices []*app.DeviceView
}

// rollouts loads the rollouts page of the route's customer.
func (h *handler) rollouts(rq *request, form rolloutForm) (*rolloutsData, error) {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	c, err := h.svc.Customer(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &rolloutsData{Form: form}
	d.Owner = c
	if d.Items, d.Next, err = h.svc.Rollouts(ctx, p, id, rq.page()); err != nil {
		return nil, err
	}
	if d.Sites, _, err = h.svc.Sites(ctx, p, id, switchboard.Page{Limit: switchboard.MaxPageSize}); err != nil {
		return nil, err
	}
	if d.Files, err = h.allFirmware(rq, ""); err != nil {
		return nil, err
	}
	devices, _, err := h.svc.SearchDevices(ctx, p, id, "", switchboard.Page{Limit: switchboard.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, dv := range devices {
		if len(d.Devices) < maxRingChoices && slices.ContainsFunc(d.Files, func(f *switchboard.Firmware) bool { return f.Model == dv.Model }) {
			d.Devices = append(d.Devices, dv)
		}
	}
	return d, nil
}

func (h *handler) rolloutsPage(rq *request) error {
	d, err := h.rollouts(rq, rolloutForm{Percents: "10, 50, 100", RingMinutes: "15", SpreadMinutes: "0", MaxFailedPercent: "0"})
	if err != nil {
		return err
	}
	return rq.show("rollouts", "rollouts.title", d)
}

// startRollout reads the start form into the API's input and starts the
// rollout; a refused field shows its rule's message with the values as
// typed.
func (h *handler) startRollout(rq *request) error {
	v := func(name string) string { return strings.TrimSpace(rq.r.PostFormValue(name)) }
	form := rolloutForm{Site: v("site"), Firmware: v("firmware"), Percents: v("percents"), RingMinutes: v("ring_minutes"),
		SpreadMinutes: v("spread_minutes"), MaxFailedPercent: v("max_failed_percent"), FirstRing: rq.r.PostForm["first_ring"]}
	r, err := h.createRollout(rq, form)
	if code := switchboard.ErrorCode(err); code == switchboard.EINVALID || code == switchboard.ECONFLICT {
		d, derr := h.rollouts(rq, form)
		if derr != nil {
			return derr
		}
		errs := fieldErrors(err)
		if errs == nil {
			errs = map[string]string{"": switchboard.ErrorMessage(err)}
		}
		return rq.render(http.StatusUnprocessableEntity, "rollouts", "rollouts.title", d, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/rollouts/"+r.ID+"?notice=rollout_started", http.StatusSeeOther)
	return nil
}

// createRollout turns the form into the use case's input: the firmware
// names the model, minutes become seconds.
func (h *handler) createRollout(rq *request, form rolloutForm) (*switchboard.Rollout, error) {
	in := app.RolloutInput{Site: form.Site, Firmware: form.Firmware, FirstRing: form.FirstRing}
	fs, err := h.allFirmware(rq, "")
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(fs, func(f *switchboard.Firmware) bool { return f.ID == form.Firmware }); i >= 0 {
		in.Model = fs[i].Model
	}
	for _, p := range strings.FieldsFunc(form.Percents, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(strings.TrimSuffix(p, "%"))
		if err != nil {
			return nil, switchboard.FieldErrorf("percents", "%s", rq.loc.T("rollouts.percents_invalid"))
		}
		in.Percents = append(in.Percents, n)
	}
	for _, f := range []struct {
		name, text string
		scale      int
		dst        *int
	}{{"ring_minutes", form.RingMinutes, 60, &in.RingTimeout}, {"spread_minutes", form.SpreadMinutes, 60, &in.Spread},
		{"max_failed_percent", form.MaxFailedPercent, 1, &in.MaxFailedPercent}} {
		if f.text == "" {
			continue
		}
		n, err := strconv.Atoi(f.text)
		if err != nil || n < 0 {
			return nil, switchboard.FieldErrorf(f.name, "%s", rq.loc.T("rollouts.number_invalid"))
		}
		*f.dst = n * f.scale
	}
	return h.svc.CreateRollout(rq.r.Context(), rq.principal(), rq.r.PathValue("id"), in)
}

// rolloutData is one rollout's page: its rings with their devices.
type rolloutData struct {
	*app.RolloutView
	Rings []ringView
	// Names are the devices' descriptions by id.
	Names map[string]string
}

// ringView is one ring of a rollout and how far its devices are.
type ringView struct {
	Number   int
	Percent  int
	Current  bool
	Devices  []*switchboard.RolloutDevice
	Upgraded int
	Failed   int
}

func (h *handler) rolloutPage(rq *request) error {
	ctx, p := rq.r.Context(), rq.principal()
	r, err := h.svc.Rollout(ctx, p, rq.r.PathValue("id"))
	if err != nil {
		return err
	}
	d := rolloutData{RolloutView: r, Names: map[string]string{}}
	for i := range r.Rings() {
		rv := ringView{Number: i + 1, Current: r.State.Active() && i == r.Ring}
		if i > 0 {
			rv.Percent = r.Percents[i-1]
		}
		for _, dev := range r.Devices {
			if dev.Ring != i {
				continue
			}
			rv.Devices = append(rv.Devices, dev)
			switch dev.State {
			case switchboard.RolloutUpgraded:
				rv.Upgraded++
			case switchboard.RolloutFailed:
				rv.Failed++
			}
		}
		d.Rings = append(d.Rings, rv)
	}
	devices, _, err := h.svc.SearchDevices(ctx, p, r.CustomerID, "", switchboard.Page{Limit: switchboard.MaxPageSize})
	if err != nil {
		return err
	}
	for _, dv := range devices {
		d.Names[dv.ID] = dv.Description
	}
	return rq.show("rollout", "rollout.title", d)
}

// rolloutCommands are the commands the rollout page's buttons send.
var rolloutCommands = map[string]app.RolloutCommand{"pause": app.RolloutPause, "resume": app.RolloutResume, "abort": app.RolloutAbort}

// controlRollout pauses, resumes or aborts a rollout; a command its state
// does not allow shows the use case's message.
func (h *handler) controlRollout(rq *request) error {
	cmd, ok := rolloutCommands[rq.r.PathValue("cmd")]
	if !ok {
		return switchboard.Errorf(switchboard.ENOTFOUND, "no such rollout command")
	}
	id := rq.r.PathValue("id")
	if _, err := h.svc.ControlRollout(rq.r.Context(), rq.principal(), id, cmd); err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/rollouts/"+id+"?notice=rollout_"+string(cmd), http.StatusSeeOther)
	return nil
}

// Minutes writes a duration in whole minutes, seconds where it is
// shorter than one.
func (l *locale) Minutes(d time.Duration) string {
	if d > 0 && d < time.Minute {
		return l.T("unit.seconds", l.Number(int(d/time.Second)))
	}
	return l.T("unit.minutes", l.Number(int(d/time.Minute)))
}

// RingOf says which ring a rollout is in, counting from one.
func (l *locale) RingOf(r *switchboard.Rollout) string {
	return l.T("rollouts.ring_of", r.Ring+1, r.Rings())
}
