package app_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestHistoryCauseEvents: the events behind a device's history versions
// name who made each change, as the audit trail names them; another
// customer's administrator gets 404 and a cause naming another
// customer's event finds nothing.
func TestHistoryCauseEvents(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("other", 2)
	named, err := e.svc.IssueToken(e.ctx, switchboard.System, app.TokenInput{Role: switchboard.RoleAdmin, Customer: tn.cust.ID, Name: "Anna's laptop"})
	e.must(err)
	p, err := e.svc.Authenticate(e.ctx, named.Secret)
	e.must(err)
	d := tn.desk1
	e.fetchProfile(d)
	_, err = e.svc.SetKeys(e.ctx, p, d.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202", Label: "Anna"}})
	e.must(err)
	e.fetchProfile(d)
	h := e.history(tn.admin, d.ID)
	if len(h) != 2 || h[0].Cause == nil {
		t.Fatalf("history: %+v, want two versions, the newest with a cause", h)
	}
	e.fetchProfile(other.desk1)
	foreign := e.history(other.admin, other.desk1.ID)
	if len(foreign) != 1 || foreign[0].Cause == nil {
		t.Fatalf("other customer's history: %+v, want one version with a cause", foreign)
	}
	causes := []app.HistoryCause{*h[0].Cause, *foreign[0].Cause}
	evs, err := e.svc.HistoryCauseEvents(e.ctx, tn.admin, d.ID, causes)
	e.must(err)
	if ev := evs[h[0].Cause.Event]; ev == nil || ev.Action != "device.keys" || ev.ActorName != "Anna's laptop" {
		t.Errorf("cause of version 2: %+v, want device.keys by Anna's laptop", ev)
	}
	if len(evs) != 1 {
		t.Errorf("%d events found, want only the own customer's one", len(evs))
	}
	_, err = e.svc.HistoryCauseEvents(e.ctx, other.admin, d.ID, causes)
	wantCode(t, "another customer's administrator", err, switchboard.ENOTFOUND)
}
