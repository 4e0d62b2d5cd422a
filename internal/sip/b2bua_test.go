package sip

import (
	"bytes"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// toBob routes 200 to Bob's two devices, from Alice's workplace.
func toBob() map[string]*switchboard.CallRoute {
	return map[string]*switchboard.CallRoute{
		"200": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "100",
			Targets: []switchboard.CallTarget{{WorkplaceID: "w-bob", DeviceIDs: []string{"dev-bob1", "dev-bob2"}}}},
	}
}

// TestCallForksHoldsAndHangsUp calls an extension ringing two devices:
// both ring, the first to answer takes the call and the other gets
// CANCEL; hold and resume pass through with the SDP untouched; BYE ends
// it on both sides, and every step is a call event.
func TestCallForksHoldsAndHangsUp(t *testing.T) {
	ts, _, ev := startCallServer(t, toBob(), nil)
	alice := newCallUA(t, ts, "alice", "dev-alice")
	bob1 := newCallUA(t, ts, "bob1", "dev-bob1")
	bob2 := newCallUA(t, ts, "bob2", "dev-bob2")

	offer := sdpOffer(4000, sendRecv)
	d, req := alice.invite("200", offer)
	inv1, inv2 := bob1.request(sip.INVITE), bob2.request(sip.INVITE)
	if !bytes.Equal(inv1.Body(), offer) || !bytes.Equal(inv2.Body(), offer) {
		t.Fatalf("the callees got another offer than the caller's:\n%s", inv1.Body())
	}
	if inv1.From().Address.User != "100" {
		t.Fatalf("From %s, want the caller's number 100", inv1.From().Address.String())
	}
	ev.want(t, switchboard.EventCallOriginating, "w-alice")
	ev.want(t, switchboard.EventCallReceived, "w-bob")
	bob1.reply(inv1, 180, nil)
	bob2.reply(inv2, 180, nil)
	alice.response(sip.INVITE, 180)

	answer := sdpOffer(5000, sendRecv)
	bob1.reply(inv1, 200, answer)
	cancel := bob2.request(sip.CANCEL)
	bob2.reply(cancel, 200, nil)
	bob2.reply(inv2, 487, nil)
	if res := d.answered(req); !bytes.Equal(res.Body(), answer) {
		t.Fatalf("the caller got another answer than the callee's:\n%s", res.Body())
	}
	bob1.request(sip.ACK)
	if e := ev.want(t, switchboard.EventCallAnswered, "w-bob"); e.Call.DeviceID != "dev-bob1" || e.Call.State != switchboard.CallActive {
		t.Fatalf("answered event %+v", e.Call)
	}
	ev.want(t, switchboard.EventCallAnswered, "w-alice")
	if calls := ts.Calls("w-alice"); len(calls) != 1 || calls[0].State != switchboard.CallActive {
		t.Fatalf("Calls(w-alice) = %+v", calls)
	}

	hold := sdpOffer(4000, sendOnly)
	reinv := d.send(sip.INVITE, hold)
	in := bob1.request(sip.INVITE)
	if !bytes.Equal(in.Body(), hold) {
		t.Fatalf("re-INVITE changed the SDP:\n%s", in.Body())
	}
	bob1.reply(in, 200, sdpOffer(5000, recvOnly))
	res := alice.response(sip.INVITE, 200)
	if !hasLine(res.Body(), "a=recvonly") {
		t.Fatalf("hold answer not relayed:\n%s", res.Body())
	}
	alice.write(alice.ackFor(reinv, res))
	bob1.request(sip.ACK)
	if e := ev.want(t, switchboard.EventCallHeld, "w-alice"); e.Call.State != switchboard.CallHeld {
		t.Fatalf("held event %+v", e.Call)
	}
	if e := ev.want(t, switchboard.EventCallUpdated, "w-bob"); !e.Call.RemoteHeld {
		t.Fatalf("bob's view does not show the remote hold: %+v", e.Call)
	}

	bd := bob1.incoming(inv1)
	bd.send(sip.BYE, nil)
	bob1.response(sip.BYE, 200)
	bye := alice.request(sip.BYE)
	alice.reply(bye, 200, nil)
	for _, wp := range []string{"w-alice", "w-bob"} {
		if e := ev.want(t, switchboard.EventCallReleased, wp); e.Call.ReleaseCause != switchboard.ReleaseNormal {
			t.Fatalf("release of %s: %+v", wp, e.Call)
		}
	}
	if calls := ts.Calls("w-alice"); len(calls) != 0 {
		t.Fatalf("released call still listed: %+v", calls)
	}
}

// TestCallCancelledByCaller: the caller's CANCEL cancels every ringing leg.
func TestCallCancelledByCaller(t *testing.T) {
	ts, _, ev := startCallServer(t, toBob(), nil)
	alice := newCallUA(t, ts, "alice", "dev-alice")
	bob1 := newCallUA(t, ts, "bob1", "dev-bob1")
	bob2 := newCallUA(t, ts, "bob2", "dev-bob2")
	_, req := alice.invite("200", sdpOffer(4000, sendRecv))
	for _, b := range []*callUA{bob1, bob2} {
		b.reply(b.request(sip.INVITE), 180, nil)
	}
	alice.response(sip.INVITE, 180)
	cancel := sip.NewRequest(sip.CANCEL, req.Recipient)
	for _, h := range []string{"Via", "From", "To", "Call-ID"} {
		cancel.AppendHeader(sip.HeaderClone(req.GetHeader(h)))
	}
	cancel.AppendHeader(&sip.CSeqHeader{SeqNo: req.CSeq().SeqNo, MethodName: sip.CANCEL})
	cancel.AppendHeader(sip.NewHeader("Max-Forwards", "70"))
	cancel.SetBody(nil)
	alice.write(cancel)
	alice.response(sip.CANCEL, 200)
	wantCode(t, alice.response(sip.INVITE, 487), 487)
	for _, b := range []*callUA{bob1, bob2} {
		b.reply(b.request(sip.CANCEL), 200, nil)
	}
	if e := ev.want(t, switchboard.EventCallReleased, "w-alice"); e.Call.ReleaseCause != switchboard.ReleaseCancelled {
		t.Fatalf("release %+v", e.Call)
	}
}

// TestCallBusyAndNoAnswer: busy from every device is 486 to the caller;
// nobody answering within the time goes to the no-answer target (the
// voicemail service), which answers the call.
func TestCallBusyAndNoAnswer(t *testing.T) {
	ts, r, ev := startCallServer(t, toBob(), nil)
	alice := newCallUA(t, ts, "alice", "dev-alice")
	bob1 := newCallUA(t, ts, "bob1", "dev-bob1")
	bob2 := newCallUA(t, ts, "bob2", "dev-bob2")
	vm := newCallUA(t, ts, "vm", "dev-vm")

	alice.invite("200", sdpOffer(4000, sendRecv))
	for _, b := range []*callUA{bob1, bob2} {
		b.reply(b.request(sip.INVITE), 486, nil)
	}
	wantCode(t, alice.response(sip.INVITE, 486), 486)
	if e := ev.want(t, switchboard.EventCallReleased, "w-alice"); e.Call.ReleaseCause != switchboard.ReleaseBusy {
		t.Fatalf("release %+v", e.Call)
	}

	rt := *toBob()["200"]
	rt.NoAnswer = &switchboard.CallTarget{URI: "sip:vm@" + vm.p.local(), Voicemail: true}
	rt.NoAnswerAfter = 300 * time.Millisecond
	r.set("200", &rt)
	d, req := alice.invite("200", sdpOffer(4000, sendRecv))
	for _, b := range []*callUA{bob1, bob2} {
		inv := b.request(sip.INVITE)
		b.reply(inv, 180, nil)
		b.reply(b.request(sip.CANCEL), 200, nil)
		b.reply(inv, 487, nil)
	}
	inv := vm.request(sip.INVITE)
	vm.reply(inv, 200, sdpOffer(6000, sendRecv))
	d.answered(req)
	if e := ev.want(t, switchboard.EventCallAnswered, "w-alice"); !e.Call.Voicemail {
		t.Fatalf("answered by the voicemail but not shown so: %+v", e.Call)
	}
}

// TestInviteChallenge: an INVITE without credentials is challenged 407,
// one with a wrong password is challenged again and counted as a failed
// authentication; an unknown number is 404.
func TestInviteChallenge(t *testing.T) {
	ts, r, _ := startCallServer(t, toBob(), nil)
	alice := newCallUA(t, ts, "alice", "dev-alice")
	alice.p.password = "wrong"
	alice.invite("200", nil)
	if res := alice.response(sip.INVITE, 407); res.StatusCode != 407 {
		t.Fatalf("wrong password answered %d", res.StatusCode)
	}
	if ts.Stats().AuthFailures == 0 {
		t.Fatal("the wrong password was not counted")
	}
	if seen := r.requests(); len(seen) != 0 {
		t.Fatalf("a call with a wrong password reached the router: %+v", seen)
	}
	alice.p.password = "pw-alice"
	alice.invite("999", nil)
	wantCode(t, alice.response(sip.INVITE, 404), 404)
}

// TestAckThenByeArriveInOrder: a caller that hangs up right after its
// ACK sends both at once, and two workers may take them together; the
// callee still gets the ACK of its 2xx before the BYE, every time.
func TestAckThenByeArriveInOrder(t *testing.T) {
	routes := map[string]*switchboard.CallRoute{"201": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "100",
		Targets: []switchboard.CallTarget{{WorkplaceID: "w-bob", DeviceIDs: []string{"dev-bob1"}}}}}
	ts, _, _ := startCallServer(t, routes, nil)
	alice := newCallUA(t, ts, "alice", "dev-alice")
	bob := newCallUA(t, ts, "bob1", "dev-bob1")
	for i := range 20 {
		d, req := alice.invite("201", sdpOffer(4000, sendRecv))
		inv := bob.request(sip.INVITE)
		bob.reply(inv, 200, sdpOffer(5000, sendRecv))
		d.answered(req)
		d.send(sip.BYE, nil)
		first := bob.expect("ACK or BYE", func(m sip.Message) bool {
			r, ok := m.(*sip.Request)
			return ok && (r.Method == sip.ACK || r.Method == sip.BYE)
		}).(*sip.Request)
		if first.Method != sip.ACK {
			t.Fatalf("call %d: the callee got the BYE before the ACK of its 2xx", i+1)
		}
		bob.reply(bob.request(sip.BYE), 200, nil)
		wantCode(t, alice.response(sip.BYE, 200), 200)
	}
}
