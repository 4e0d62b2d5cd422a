package sip

import (
	"context"
	"net/url"
	"testing"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// transferRoutes: 201 rings Bob's first device, 300 Carol, 78811 pulls
// Bob's call; 400 is a click-to-dial from Alice's workplace to Carol.
func transferRoutes() map[string]*switchboard.CallRoute {
	carol := []switchboard.CallTarget{{WorkplaceID: "w-carol", DeviceIDs: []string{"dev-carol"}}}
	return map[string]*switchboard.CallRoute{
		"201": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "100",
			Targets: []switchboard.CallTarget{{WorkplaceID: "w-bob", DeviceIDs: []string{"dev-bob1"}}}},
		"300":   {CustomerID: "c1", CallerWorkplaceID: "w-bob", CallerNumber: "200", Targets: carol},
		"78811": {CustomerID: "c1", CallerWorkplaceID: "w-bob", Feature: &switchboard.FeatureResult{Code: "78811", Action: "call-pull"}},
		"400": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "100", Targets: carol,
			Origin: &switchboard.CallTarget{WorkplaceID: "w-alice", DeviceIDs: []string{"dev-alice"}}},
	}
}

// callParties registers Alice, Bob's two devices and Carol, and puts
// Alice through to Bob's first device.
func callParties(t *testing.T, ts *testServer) (alice, bob1, bob2, carol *callUA, ad, bd *dialog) {
	t.Helper()
	alice = newCallUA(t, ts, "alice", "dev-alice")
	bob1 = newCallUA(t, ts, "bob1", "dev-bob1")
	bob2 = newCallUA(t, ts, "bob2", "dev-bob2")
	carol = newCallUA(t, ts, "carol", "dev-carol")
	ad, req := alice.invite("201", sdpOffer(4000, sendRecv))
	inv := bob1.request(sip.INVITE)
	bob1.reply(inv, 200, sdpOffer(5000, sendRecv))
	ad.answered(req)
	bob1.request(sip.ACK)
	return alice, bob1, bob2, carol, ad, bob1.incoming(inv)
}

// reanswer answers the re-INVITE a party gets with sdp and returns it.
func reanswer(t *testing.T, u *callUA, port int) *sip.Request {
	t.Helper()
	in := u.request(sip.INVITE)
	u.reply(in, 200, sdpOffer(port, sendRecv))
	u.request(sip.ACK)
	return in
}

// TestBlindTransfer: Bob refers Alice to Carol; Carol gets Alice's
// session, Alice gets Carol's, Bob is told and hung up.
func TestBlindTransfer(t *testing.T) {
	ts, _, ev := startCallServer(t, transferRoutes(), nil)
	alice, bob1, _, carol, _, bd := callParties(t, ts)
	bob1.mu.Lock()
	bob1.auto = true
	bob1.mu.Unlock()
	bd.send(sip.REFER, nil, sip.NewHeader("Refer-To", "<sip:300@"+testRealm+">"))
	wantCode(t, bob1.response(sip.REFER, 202), 202)
	inv := carol.request(sip.INVITE)
	if !hasLine(inv.Body(), "m=audio 4000 RTP/AVP 0") {
		t.Fatalf("Carol did not get Alice's session:\n%s", inv.Body())
	}
	carol.reply(inv, 200, sdpOffer(7000, sendRecv))
	carol.request(sip.ACK)
	if in := reanswer(t, alice, 4000); !hasLine(in.Body(), "m=audio 7000 RTP/AVP 0") {
		t.Fatalf("Alice did not get Carol's session:\n%s", in.Body())
	}
	bob1.request(sip.BYE)
	ev.want(t, switchboard.EventCallTransferred, "w-bob")
	ev.want(t, switchboard.EventCallAnswered, "w-carol")
}

// TestAttendedTransfer: Bob talks to Alice and to Carol, then refers
// Alice to his call with Carol (Replaces): Alice and Carol talk, Bob's
// two legs are hung up.
func TestAttendedTransfer(t *testing.T) {
	ts, _, _ := startCallServer(t, transferRoutes(), nil)
	alice, bob1, _, carol, ad, bd := callParties(t, ts)
	cd, req := bob1.invite("300", sdpOffer(5002, sendRecv))
	inv := carol.request(sip.INVITE)
	carol.reply(inv, 200, sdpOffer(7000, sendRecv))
	cd.answered(req)
	carol.request(sip.ACK)
	bob1.mu.Lock()
	bob1.auto = true
	bob1.mu.Unlock()
	replaces := url.QueryEscape(cd.callID + ";to-tag=" + cd.remote + ";from-tag=" + bob1.tag)
	bd.send(sip.REFER, nil, sip.NewHeader("Refer-To", "<sip:300@"+testRealm+"?Replaces="+replaces+">"))
	wantCode(t, bob1.response(sip.REFER, 202), 202)
	if in := reanswer(t, alice, 4000); !hasLine(in.Body(), "m=audio 7000 RTP/AVP 0") {
		t.Fatalf("Alice did not get Carol's session:\n%s", in.Body())
	}
	if in := reanswer(t, carol, 7000); !hasLine(in.Body(), "m=audio 4000 RTP/AVP 0") {
		t.Fatalf("Carol did not get Alice's session:\n%s", in.Body())
	}
	bob1.request(sip.BYE)
	bob1.request(sip.BYE)
	// Alice and Carol now share a call: Alice's BYE reaches Carol.
	ad.send(sip.BYE, nil)
	carol.reply(carol.request(sip.BYE), 200, nil)
	wantCode(t, alice.response(sip.BYE, 200), 200)
}

// TestCallPull: Bob's second device dials 78811 and takes the call from
// the first: Alice is re-INVITEd with the new device's session, the new
// device answered with Alice's, the old one hung up.
func TestCallPull(t *testing.T) {
	ts, _, ev := startCallServer(t, transferRoutes(), nil)
	alice, bob1, bob2, _, _, _ := callParties(t, ts)
	d, req := bob2.invite("78811", sdpOffer(8000, sendRecv))
	if in := reanswer(t, alice, 4000); !hasLine(in.Body(), "m=audio 8000 RTP/AVP 0") {
		t.Fatalf("Alice did not get the new device's session:\n%s", in.Body())
	}
	if res := d.answered(req); !hasLine(res.Body(), "m=audio 4000 RTP/AVP 0") {
		t.Fatalf("the new device did not get Alice's session:\n%s", res.Body())
	}
	bye := bob1.request(sip.BYE)
	bob1.reply(bye, 200, nil)
	if e := ev.want(t, switchboard.EventCallUpdated, "w-bob"); e.Call.DeviceID != "dev-bob2" {
		t.Fatalf("pulled call on %q, want dev-bob2", e.Call.DeviceID)
	}
}

// TestClickToDialAndHold: Dial rings Alice's own device with auto-answer,
// holds it, then Carol; Carol's offer goes to the device, its answer to
// Carol. Hold and Talk re-INVITE Carol with Alice's session sendonly,
// sendrecv.
func TestClickToDialAndHold(t *testing.T) {
	ts, ev, alice, carol := clickToDialParties(t)
	ctx := context.Background()
	call, _, held, inv := startClickToDial(t, ts, alice, carol)
	if call.Personality != switchboard.CallClickToDial {
		t.Fatalf("personality %q", call.Personality)
	}
	connectClickToDial(t, alice, carol, held, inv, 0)
	ev.want(t, switchboard.EventCallAnswered, "w-alice")

	done := make(chan error, 1)
	go func() { done <- ts.Hold(ctx, "w-alice", call.ID) }()
	in := carol.request(sip.INVITE)
	if !hasLine(in.Body(), "a=sendonly") {
		t.Fatalf("hold re-INVITE is not sendonly:\n%s", in.Body())
	}
	carol.reply(in, 200, sdpOffer(7000, recvOnly))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if c, _ := ts.Call("w-alice", call.ID); c.State != switchboard.CallHeld {
		t.Fatalf("state %q after Hold", c.State)
	}
	go func() { done <- ts.Release(ctx, "w-alice", call.ID) }()
	alice.reply(alice.request(sip.BYE), 200, nil)
	carol.reply(carol.request(sip.BYE), 200, nil)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := ts.Conference(ctx, "w-alice", []string{call.ID}); switchboard.ErrorCode(err) != switchboard.ECONFLICT {
		t.Fatalf("Conference without a service: %v", err)
	}
}
