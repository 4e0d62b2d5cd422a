package sip

import (
	"strings"
	"testing"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestForwardedCallIsTheForwardingWorkplaces: a call to bob, whose
// forwarding sends it to a number through the trunk (a SIPp peer), is
// bob's call answered at that number: bob's view is answered and
// released with the number (so bob pays that leg), alice's view of her
// internal call names none.
func TestForwardedCallIsTheForwardingWorkplaces(t *testing.T) {
	trunks, startTrunk := sippTrunk(t)
	routes := map[string]*switchboard.CallRoute{
		"202": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "201",
			Targets: []switchboard.CallTarget{{WorkplaceID: "w-bob", TrunkID: "t1", Number: "+4940123456"}}},
	}
	ts, _, ev := startCallServer(t, routes, func(o *Options) { o.Trunks = trunks })
	alice := newCallUA(t, ts, "alice", "dev-alice")
	done := startTrunk()
	d, req := alice.invite("202", sdpOffer(4000, sendRecv))
	alice.response(sip.INVITE, 180)
	d.answered(req)
	ev.want(t, switchboard.EventCallReceived, "w-bob")
	if a := ev.want(t, switchboard.EventCallAnswered, "w-bob"); a.Call.OutsideNumber != "+4940123456" || a.Call.Personality != switchboard.CallTerminator {
		t.Errorf("bob's answered view %+v; want answered at +4940123456", a.Call)
	}
	d.send(sip.BYE, nil)
	wantCode(t, alice.response(sip.BYE, 200), 200)
	if msgs := wait(t, done); !strings.Contains(msgs, "INVITE sip:+4940123456@trunk.example") {
		t.Fatalf("the trunk got another Request-URI:\n%s", msgs)
	}
	bob := ev.want(t, switchboard.EventCallReleased, "w-bob")
	if bob.Call.OutsideNumber != "+4940123456" || bob.Call.AnsweredAt.IsZero() {
		t.Errorf("bob's released view %+v; want answered at +4940123456", bob.Call)
	}
	if a := ev.want(t, switchboard.EventCallReleased, "w-alice"); a.Call.OutsideNumber != "" {
		t.Errorf("alice's view names the outside number %q", a.Call.OutsideNumber)
	}
}
