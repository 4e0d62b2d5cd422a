package sip

import (
	"context"
	"strings"
	"testing"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// bobDevices is the router's answer to Retrieve's question for Bob's
// workplace (OwnDevices, nothing dialled).
func bobDevices(ids ...string) *switchboard.CallRoute {
	return &switchboard.CallRoute{CustomerID: "c1", CallerWorkplaceID: "w-bob",
		Origin: &switchboard.CallTarget{WorkplaceID: "w-bob", DeviceIDs: ids}}
}

// TestRetrieveMovesTheCallToAnotherDevice: Alice talks to Bob's desk
// phone; Retrieve rings Bob's two other devices with auto-answer and no
// offer, the first to answer takes the call (the other gets CANCEL),
// Alice is re-INVITEd with its offer, the desk phone gets BYE, and the
// call goes on from the new device. Without a call, or without another
// registered device, Retrieve is refused ECONFLICT.
func TestRetrieveMovesTheCallToAnotherDevice(t *testing.T) {
	routes := map[string]*switchboard.CallRoute{"200": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "100",
		Targets: []switchboard.CallTarget{{WorkplaceID: "w-bob", DeviceIDs: []string{"dev-bob1"}}}}}
	ts, router, ev := startCallServer(t, routes, nil)
	alice := newCallUA(t, ts, "alice", "dev-alice")
	bob1 := newCallUA(t, ts, "bob1", "dev-bob1")
	bob2 := newCallUA(t, ts, "bob2", "dev-bob2")
	bob3 := newCallUA(t, ts, "bob3", "dev-bob3")
	ctx := context.Background()
	router.set("", bobDevices("dev-bob1", "dev-bob2", "dev-bob3"))
	if _, err := ts.Retrieve(ctx, "w-bob"); switchboard.ErrorCode(err) != switchboard.ECONFLICT {
		t.Fatalf("Retrieve without a call: %v, want ECONFLICT", err)
	}

	d, req := alice.invite("200", sdpOffer(4000, sendRecv))
	inv := bob1.request(sip.INVITE)
	bob1.reply(inv, 200, sdpOffer(5000, sendRecv))
	d.answered(req)
	bob1.request(sip.ACK)
	ev.want(t, switchboard.EventCallAnswered, "w-bob")

	for _, only := range [][]string{{"dev-bob1"}, {"dev-bob1", "dev-unregistered"}} {
		router.set("", bobDevices(only...))
		if _, err := ts.Retrieve(ctx, "w-bob"); switchboard.ErrorCode(err) != switchboard.ECONFLICT ||
			!strings.Contains(err.Error(), "other device") {
			t.Fatalf("Retrieve with devices %v: %v, want ECONFLICT naming the missing device", only, err)
		}
	}
	router.set("", bobDevices("dev-bob1", "dev-bob2", "dev-bob3"))
	type result struct {
		call switchboard.Call
		err  error
	}
	done := make(chan result, 1)
	go func() {
		c, err := ts.Retrieve(ctx, "w-bob")
		done <- result{c, err}
	}()
	in2, in3 := bob2.request(sip.INVITE), bob3.request(sip.INVITE)
	for _, in := range []*sip.Request{in2, in3} {
		if ci := in.GetHeader("Call-Info"); ci == nil || !strings.Contains(ci.Value(), "answer-after=0") || len(in.Body()) != 0 {
			t.Fatalf("retrieving INVITE without auto-answer or with an offer:\n%s", in)
		}
		if in.From().Address.User != "100" {
			t.Fatalf("retrieving INVITE from %s, want the other party 100", in.From().Address.User)
		}
	}
	bob2.reply(in2, 180, nil)
	bob3.reply(in3, 200, sdpOffer(6000, sendRecv))
	bob2.reply(bob2.request(sip.CANCEL), 200, nil)
	bob2.reply(in2, 487, nil)

	reinv := alice.request(sip.INVITE)
	if !hasLine(reinv.Body(), "m=audio 6000 RTP/AVP 0") {
		t.Fatalf("Alice's re-INVITE does not carry the new device's offer:\n%s", reinv.Body())
	}
	alice.reply(reinv, 200, sdpOffer(4002, sendRecv))
	alice.request(sip.ACK)
	if ack := bob3.request(sip.ACK); !hasLine(ack.Body(), "m=audio 4002 RTP/AVP 0") {
		t.Fatalf("the new device's ACK does not carry Alice's answer:\n%s", ack.Body())
	}
	bob1.reply(bob1.request(sip.BYE), 200, nil)
	r := <-done
	if r.err != nil || r.call.DeviceID != "dev-bob3" || r.call.State != switchboard.CallActive {
		t.Fatalf("Retrieve = %+v, %v; want the active call on dev-bob3", r.call, r.err)
	}
	if e := ev.want(t, switchboard.EventCallUpdated, "w-bob"); e.Call.DeviceID != "dev-bob3" {
		t.Fatalf("updated event %+v, want dev-bob3", e.Call)
	}
	if reqs := router.requests(); !reqs[len(reqs)-1].OwnDevices || reqs[len(reqs)-1].WorkplaceID != "w-bob" {
		t.Fatalf("router asked %+v, want Bob's own devices", reqs[len(reqs)-1])
	}

	bob3.incoming(in3).send(sip.BYE, nil)
	bob3.response(sip.BYE, 200)
	alice.reply(alice.request(sip.BYE), 200, nil)
	ev.want(t, switchboard.EventCallReleased, "w-bob")
	if calls := ts.Calls("w-bob"); len(calls) != 0 {
		t.Fatalf("the retrieved call is still listed after its BYE: %+v", calls)
	}
}
