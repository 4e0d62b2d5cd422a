package app_test

import (
	"slices"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestTrunkRegistrationUseCases: the trunks with Register set are handed
// to the SIP server with their passwords, every change of a trunk is
// announced so the nodes read them again, and a trunk's view shows its
// registration (off when it does not register).
func TestTrunkRegistrationUseCases(t *testing.T) {
	e, h := newHotDesk(t)
	reg, err := e.svc.CreateTrunk(e.ctx, h.admin, h.cust.ID, app.TrunkInput{Name: "carrier", Proxy: "192.0.2.1", Username: "acme", Password: "pw", Register: true})
	e.must(err)
	plain, err := e.svc.CreateTrunk(e.ctx, h.admin, h.cust.ID, app.TrunkInput{Name: "peering", Proxy: "192.0.2.2"})
	e.must(err)
	if reg.Registration.State != switchboard.TrunkRegistrationOff || plain.Registration.State != switchboard.TrunkRegistrationOff {
		t.Errorf("registrations shown before any node registered: %+v and %+v", reg.Registration, plain.Registration)
	}
	wantRegistered := func(ids ...string) {
		t.Helper()
		ts, err := e.svc.RegisteredTrunks(e.ctx)
		e.must(err)
		var got []string
		for _, tr := range ts {
			if tr.Password != "pw" {
				t.Errorf("trunk %s handed over without its password", tr.ID)
			}
			got = append(got, tr.ID)
		}
		if !slices.Equal(got, ids) {
			t.Errorf("registered trunks %v, want %v", got, ids)
		}
	}
	wantNotice := func(ids ...string) {
		t.Helper()
		seen := e.changes.take()
		for _, id := range ids {
			if !slices.Contains(seen, switchboard.TopicTrunk+" "+id) {
				t.Errorf("no change notice for trunk %s", id)
			}
		}
	}
	wantRegistered(reg.ID)
	wantNotice(reg.ID, plain.ID)

	v, err := e.svc.UpdateTrunk(e.ctx, h.admin, reg.ID, app.TrunkPatch{Register: ptr(false)})
	e.must(err)
	wantNotice(reg.ID)
	wantRegistered()
	if v.Registration.State != switchboard.TrunkRegistrationOff {
		t.Errorf("a trunk no longer registering shows %+v", v.Registration)
	}
	e.must(e.svc.DeleteTrunk(e.ctx, h.admin, plain.ID))
	wantNotice(plain.ID)
}
