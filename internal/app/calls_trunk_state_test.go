package app_test

import (
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestTrunkRegistrationOfEveryNode: each node reports its own
// registration at a trunk; every node shows the same state, the live
// binding expiring last with its node, else the latest report, and a
// binding that expired unrefreshed (its node gone) as failed.
func TestTrunkRegistrationOfEveryNode(t *testing.T) {
	e, h := newHotDesk(t)
	nodeB := e.service(e.db, "node-b")
	tr, err := e.svc.CreateTrunk(e.ctx, h.admin, h.cust.ID, app.TrunkInput{Name: "carrier", Proxy: "192.0.2.1", Username: "acme", Password: "pw", Register: true})
	e.must(err)
	report := func(svc *app.Service, r switchboard.TrunkRegistration) {
		t.Helper()
		e.must(svc.RecordTrunkRegistration(e.ctx, tr.ID, r))
	}
	shown := func(what, state, node, word string) {
		t.Helper()
		for name, svc := range map[string]*app.Service{envNode: e.svc, "node-b": nodeB} {
			v, err := svc.Trunk(e.ctx, h.admin, tr.ID)
			e.must(err)
			if r := v.Registration; r.State != state || r.Node != node || !strings.Contains(r.LastError, word) {
				t.Errorf("%s: %s shows %+v; want %s of %s (%q)", what, name, r, state, node, word)
			}
		}
	}
	report(e.svc, switchboard.TrunkRegistration{State: switchboard.TrunkRegistered, ExpiresAt: e.clock().Add(time.Hour)})
	e.advance(time.Minute)
	report(nodeB, switchboard.TrunkRegistration{State: switchboard.TrunkRegistrationFailed, LastError: "the trunk answered 408 Request Timeout"})
	shown("one node registered", switchboard.TrunkRegistered, envNode, "")
	report(nodeB, switchboard.TrunkRegistration{State: switchboard.TrunkRegistered, ExpiresAt: e.clock().Add(2 * time.Hour)})
	shown("both registered", switchboard.TrunkRegistered, "node-b", "")
	e.advance(3 * time.Hour)
	shown("both bindings expired", switchboard.TrunkRegistrationFailed, "node-b", "expired")
	report(e.svc, switchboard.TrunkRegistration{State: switchboard.TrunkRegistrationOff})
	shown("a node stopped", switchboard.TrunkRegistrationOff, envNode, "")
	e.must(e.svc.DeleteTrunk(e.ctx, h.admin, tr.ID))
	err = nodeB.RecordTrunkRegistration(e.ctx, tr.ID, switchboard.TrunkRegistration{State: switchboard.TrunkRegistered})
	wantCode(t, "a deleted trunk's registration", err, switchboard.ENOTFOUND)
}
