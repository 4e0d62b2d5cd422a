package portal_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestCallsPage: a user opens "Calls" from the navigation, forwards every
// call to a number, then to the voicemail, and sees the journal; a wrong
// number is answered at its field; the administrator opens any workplace's
// calls of the customer.
func TestCallsPage(t *testing.T) {
	e := newEnv(t, portal.Options{})
	wp := e.acme.wp1
	start := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	e.must(e.svc.RecordCallEvent(e.ctx, &switchboard.CallEvent{Kind: switchboard.EventCallReleased, CustomerID: wp.CustomerID,
		WorkplaceID: wp.ID, Call: &switchboard.Call{ID: "call_1", ExternalTrackingID: "x1", CustomerID: wp.CustomerID,
			WorkplaceID: wp.ID, Personality: switchboard.CallTerminator, State: switchboard.CallReleased, RemoteAddress: "+4930555123",
			RemoteName: "Erika Caller", StartedAt: start, ReleasedAt: start.Add(time.Minute), ReleaseCause: switchboard.ReleaseBusy}}))
	user := e.loggedIn(wp.Username)
	page := "/workplaces/" + wp.ID + "/calls"
	wantIn(t, "navigation", user.get("/"), http.StatusOK, `href="/calls"`)
	wantIn(t, "own calls", user.get("/calls"), http.StatusOK, "Call settings", "Erika Caller", "4930555123", "incoming", "busy")

	form := url.Values{"forward_always": {"1"}, "forward_target": {"number"}, "forward_to": {"0800 not a number"},
		"no_answer_seconds": {"20"}}
	wantIn(t, "wrong number", user.post(page, form), http.StatusUnprocessableEntity, `aria-invalid="true"`, "0800 not a number")
	form.Set("forward_to", "+49 30 1234567")
	wantIn(t, "forward to a number", user.post(page, form), http.StatusOK, "Your call settings are saved.", `49301234567"`)
	cs, err := e.svc.CallSettings(e.ctx, switchboard.System, wp.ID)
	e.must(err)
	if !cs.ForwardAlways || cs.ForwardTo != "+49301234567" || cs.NoAnswerSeconds != 20 || cs.UpdatedBy != switchboard.SettingsByPortal {
		t.Errorf("after the form: %+v", cs)
	}
	user.get(page)
	form.Set("forward_target", "voicemail")
	user.post(page, form)
	if cs, err = e.svc.CallSettings(e.ctx, switchboard.System, wp.ID); err != nil || !cs.ForwardAlways || cs.ForwardTo != "" {
		t.Errorf("forwarding to the voicemail: %+v (%v)", cs, err)
	}

	admin := e.loggedIn(e.acme.admin)
	wantIn(t, "workplace page", admin.get("/workplaces/"+e.acme.wp2.ID), http.StatusOK, `href="/workplaces/`+e.acme.wp2.ID+`/calls"`)
	wantIn(t, "administrator", admin.get("/workplaces/"+e.acme.wp2.ID+"/calls"), http.StatusOK, "Call settings")
}
