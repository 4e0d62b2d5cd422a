package portal

import (
	"net/http"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// callRoutes are a workplace's call settings and call journal (issue 16):
// its own user and the customer's administrators.
func (h *handler) callRoutes(mux *http.ServeMux) {
	mux.Handle("GET /calls", h.private(h.ownCalls))
	mux.Handle("GET /workplaces/{id}/calls", h.private(h.callsPage))
	mux.Handle("POST /workplaces/{id}/calls", h.private(h.saveCalls))
}

// callsData is what the calls page shows: the settings as stored or as
// typed, and one page of the journal.
type callsData struct {
	Workplace *switchboard.Workplace
	Settings  *switchboard.CallSettings
	// Parallel is the parallel ringing numbers as the field shows them.
	Parallel string
	Journal  []*switchboard.Call
	Next     string
}

// ownCalls sends a user to the own workplace's calls.
func (h *handler) ownCalls(rq *request) error {
	if rq.sess.WorkplaceID == "" {
		return switchboard.Errorf(switchboard.ENOTFOUND, "only a workplace's user has calls of their own")
	}
	http.Redirect(rq.w, rq.r, "/workplaces/"+rq.sess.WorkplaceID+"/calls", http.StatusSeeOther)
	return nil
}

// callsData reads the route's workplace, its settings and the journal.
func (h *handler) callsData(rq *request) (*callsData, error) {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	cs, err := h.svc.CallSettings(ctx, p, id)
	if err != nil {
		return nil, err
	}
	w, err := h.svc.Workplace(ctx, p, id)
	if err != nil {
		return nil, err
	}
	calls, next, err := h.svc.CallJournal(ctx, p, id, rq.page())
	if err != nil {
		return nil, err
	}
	return &callsData{Workplace: w, Settings: cs, Parallel: strings.Join(cs.ParallelRingingNumbers, " "),
		Journal: calls, Next: next}, nil
}

func (h *handler) callsPage(rq *request) error {
	d, err := h.callsData(rq)
	if err != nil {
		return err
	}
	return rq.show("calls", "calls.title", d)
}

// saveCalls changes the settings through the use case, as a change made
// in the portal; a refused field shows its rule's message next to it with
// the form as typed.
func (h *handler) saveCalls(rq *request) error {
	d, err := h.callsData(rq)
	if err != nil {
		return err
	}
	patch, typed, err := callsForm(rq.r)
	if err == nil {
		_, err = h.svc.UpdateCallSettings(rq.r.Context(), rq.principal(), d.Workplace.ID, patch, switchboard.SettingsByPortal)
	}
	if errs := fieldErrors(err); errs != nil {
		d.Settings, d.Parallel = typed, rq.r.PostFormValue("parallel_ringing_numbers")
		return rq.render(http.StatusUnprocessableEntity, "calls", "calls.title", d, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/workplaces/"+d.Workplace.ID+"/calls?notice=calls_saved", http.StatusSeeOther)
	return nil
}

// callsForm reads the settings form: every field is sent, so the patch
// sets them all; forwarding "to the voicemail" is an empty target. It
// also returns the settings as typed, for the form shown again.
func callsForm(r *http.Request) (app.CallSettingsPatch, *switchboard.CallSettings, error) {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	on := func(name string) bool { return v(name) != "" }
	cs := &switchboard.CallSettings{ForwardAlways: on("forward_always"), DoNotDisturb: on("do_not_disturb"),
		RemoteOffice: on("remote_office"), RemoteOfficeNumber: v("remote_office_number"),
		ParallelRinging: on("parallel_ringing"), Voicemail: on("voicemail"),
		ParallelRingingNumbers: strings.Fields(strings.ReplaceAll(v("parallel_ringing_numbers"), ",", " "))}
	if v("forward_target") == "number" {
		cs.ForwardTo = v("forward_to")
		if cs.ForwardTo == "" && cs.ForwardAlways {
			return app.CallSettingsPatch{}, cs, switchboard.FieldErrorf("forward_to", "give the number to forward to, or forward to the voicemail")
		}
	}
	seconds := v("no_answer_seconds")
	if seconds != "" {
		n, err := strconv.Atoi(seconds)
		if err != nil {
			return app.CallSettingsPatch{}, cs, switchboard.FieldErrorf("no_answer_seconds", "give the seconds as a whole number")
		}
		cs.NoAnswerSeconds = n
	}
	return app.CallSettingsPatch{ForwardAlways: &cs.ForwardAlways, ForwardTo: &cs.ForwardTo, DoNotDisturb: &cs.DoNotDisturb,
		RemoteOffice: &cs.RemoteOffice, RemoteOfficeNumber: &cs.RemoteOfficeNumber, ParallelRinging: &cs.ParallelRinging,
		ParallelRingingNumbers: &cs.ParallelRingingNumbers, Voicemail: &cs.Voicemail, NoAnswerSeconds: &cs.NoAnswerSeconds}, cs, nil
}
