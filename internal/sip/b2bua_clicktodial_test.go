package sip

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// phoneT1 is the T1 of the test phones: a phone resends its 2xx after T1,
// 2×T1, … and hangs up when no ACK came within 64×T1 (RFC 3261
// §13.3.1.4). It is short, so that a destination can ring longer than
// that in a short test; the B2BUA keeps its own timers.
const phoneT1 = 15 * time.Millisecond

// ringPastPhoneTimer is how long a destination rings in these tests:
// longer than a phone waits for the ACK of its 2xx.
const ringPastPhoneTimer = 64*phoneT1 + 300*time.Millisecond

// answerUntilAck answers req with 200 and body as a phone does: the 2xx
// is resent until its ACK arrives, and a phone that got none within
// 64×T1 would hang up, which fails the test. It returns the ACK.
func (u *callUA) answerUntilAck(req *sip.Request, body []byte) *sip.Request {
	u.t.Helper()
	res := u.answer(req, 200, body)
	u.write(res)
	interval := phoneT1
	resend := time.NewTimer(interval)
	defer resend.Stop()
	giveUp := time.After(64 * phoneT1)
	for {
		select {
		case m, ok := <-u.in:
			if !ok {
				u.t.Fatalf("%s: connection closed waiting for the ACK", u.p.user)
			}
			if r, isReq := m.(*sip.Request); isReq && r.Method == sip.ACK && r.CSeq().SeqNo == req.CSeq().SeqNo {
				return r
			}
		case <-resend.C:
			u.write(res)
			interval = min(2*interval, 4*time.Second)
			resend.Reset(interval)
		case <-giveUp:
			u.t.Fatalf("%s: no ACK of its 200 within 64×T1: the phone hangs up", u.p.user)
		}
	}
}

// originOf returns the fields of a description's o= line.
func originOf(t *testing.T, body []byte) []string {
	t.Helper()
	for _, l := range strings.Split(string(body), "\r\n") {
		if f := strings.Fields(strings.TrimPrefix(l, "o=")); strings.HasPrefix(l, "o=") && len(f) == 6 {
			return f
		}
	}
	t.Fatalf("no origin in:\n%s", body)
	return nil
}

// clickToDialParties starts a server with transferRoutes and registers
// Alice's and Carol's devices.
func clickToDialParties(t *testing.T) (*testServer, *callEvents, *callUA, *callUA) {
	t.Helper()
	ts, _, ev := startCallServer(t, transferRoutes(), nil)
	return ts, ev, newCallUA(t, ts, "alice", "dev-alice"), newCallUA(t, ts, "carol", "dev-carol")
}

// startClickToDial dials 400 (Alice to Carol) and answers Alice's own
// device at port 4000; it returns the call, the device's INVITE, the
// held answer the device was acknowledged with, and Carol's INVITE.
func startClickToDial(t *testing.T, ts *testServer, alice, carol *callUA) (switchboard.Call, *sip.Request, *sip.Request, *sip.Request) {
	t.Helper()
	call, err := ts.Dial(context.Background(), "w-alice", "400")
	if err != nil {
		t.Fatal(err)
	}
	own := alice.request(sip.INVITE)
	if ci := own.GetHeader("Call-Info"); ci == nil || !strings.Contains(ci.Value(), "answer-after=0") {
		t.Fatalf("no auto-answer Call-Info in %s", own)
	}
	if ai := own.GetHeader("Alert-Info"); ai == nil || !strings.Contains(ai.Value(), "auto") {
		t.Fatalf("no auto-answer Alert-Info in %s", own)
	}
	if len(own.Body()) != 0 {
		t.Fatalf("the own device got an offer:\n%s", own.Body())
	}
	held := alice.answerUntilAck(own, sdpOffer(4000, sendRecv))
	for _, line := range []string{"m=audio 4000 RTP/AVP 0", "a=inactive", "c=IN IP4 0.0.0.0"} {
		if !hasLine(held.Body(), line) {
			t.Fatalf("the device's ACK is no held answer (no %s):\n%s", line, held.Body())
		}
	}
	inv := carol.request(sip.INVITE)
	if len(inv.Body()) != 0 || inv.GetHeader("Call-Info") != nil {
		t.Fatalf("the destination's INVITE has an offer or auto-answer:\n%s", inv)
	}
	return call, own, held, inv
}

// connectClickToDial answers Carol's INVITE with her offer at port 7000:
// Alice's device is re-INVITEd with it, under the origin of the held
// answer one version up, answers at port 4000 (after refusing it notReady
// times with 500 and Retry-After: 0, as a device that has not got its ACK
// does), and Carol's ACK carries that answer.
func connectClickToDial(t *testing.T, alice, carol *callUA, held, inv *sip.Request, notReady int) {
	t.Helper()
	carol.reply(inv, 200, sdpOffer(7000, sendRecv))
	re := alice.request(sip.INVITE)
	for range notReady {
		res := alice.answer(re, 500, nil)
		res.AppendHeader(sip.NewHeader("Retry-After", "0"))
		alice.write(res)
		again := alice.request(sip.INVITE)
		if string(again.Body()) != string(re.Body()) || again.CSeq().SeqNo <= re.CSeq().SeqNo {
			t.Fatalf("re-INVITE after a 500 (CSeq %d):\n%s\nnot the same offer after CSeq %d:\n%s", again.CSeq().SeqNo, again.Body(), re.CSeq().SeqNo, re.Body())
		}
		re = again
	}
	if !hasLine(re.Body(), "m=audio 7000 RTP/AVP 0") || !hasLine(re.Body(), "c=IN IP4 127.0.0.1") {
		t.Fatalf("the device's re-INVITE lacks Carol's media:\n%s", re.Body())
	}
	was, now := originOf(t, held.Body()), originOf(t, re.Body())
	if was[2] != "1" || now[2] != "2" || was[0] != now[0] || was[1] != now[1] || was[5] != now[5] {
		t.Fatalf("origin %v after %v, want the same session one version up", now, was)
	}
	alice.reply(re, 200, sdpOffer(4000, sendRecv))
	alice.request(sip.ACK)
	if ack := carol.request(sip.ACK); !hasLine(ack.Body(), "m=audio 4000 RTP/AVP 0") {
		t.Fatalf("Carol's ACK lacks the device's answer:\n%s", ack.Body())
	}
}

// TestClickToDialOutlastsThePhonesTimer: the destination rings longer
// than Alice's device waits for the ACK of its 2xx; the device is
// acknowledged at once (again when it resends the 2xx) and stays up, both
// get each other's session when Carol answers, and a BYE from either side
// ends both.
func TestClickToDialOutlastsThePhonesTimer(t *testing.T) {
	for _, byDevice := range []bool{false, true} {
		name := map[bool]string{false: "destination hangs up", true: "device hangs up"}[byDevice]
		t.Run(name, func(t *testing.T) {
			ts, ev, alice, carol := clickToDialParties(t)
			_, own, held, inv := startClickToDial(t, ts, alice, carol)
			ev.want(t, switchboard.EventCallOriginating, "w-alice")
			carol.reply(inv, 180, nil)
			alice.nothing(sip.BYE, ringPastPhoneTimer)
			// The ACK was lost: the device resends its 2xx and gets it again.
			alice.write(alice.answer(own, 200, sdpOffer(4000, sendRecv)))
			if again := alice.request(sip.ACK); string(again.Body()) != string(held.Body()) {
				t.Fatalf("a resent 2xx was acknowledged with\n%s\nnot\n%s", again.Body(), held.Body())
			}
			connectClickToDial(t, alice, carol, held, inv, 0)
			ev.want(t, switchboard.EventCallAnswered, "w-alice")

			from, to := carol.incoming(inv), alice
			if byDevice {
				from, to = alice.incoming(own), carol
			}
			from.send(sip.BYE, nil)
			to.reply(to.request(sip.BYE), 200, nil)
			wantCode(t, from.u.response(sip.BYE, 200), 200)
			ev.want(t, switchboard.EventCallReleased, "w-alice")
		})
	}
}

// TestClickToDialDeviceNotYetAcknowledged: a device whose held ACK was
// lost refuses the destination's offer with 500 and Retry-After until it
// has it; the offer goes again and the call connects.
func TestClickToDialDeviceNotYetAcknowledged(t *testing.T) {
	ts, ev, alice, carol := clickToDialParties(t)
	_, _, held, inv := startClickToDial(t, ts, alice, carol)
	connectClickToDial(t, alice, carol, held, inv, 2)
	ev.want(t, switchboard.EventCallAnswered, "w-alice")
}

// ringingClickToDial is a click-to-dial whose destination rings.
type ringingClickToDial struct {
	ts          *testServer
	call        switchboard.Call
	alice       *callUA
	carol       *callUA
	own, invite *sip.Request
}

// cancelled checks that Carol's ringing is cancelled.
func (r ringingClickToDial) cancelled(t *testing.T) {
	t.Helper()
	r.carol.reply(r.carol.request(sip.CANCEL), 200, nil)
	r.carol.reply(r.invite, 487, nil)
}

// TestClickToDialEndsWhileRingingLong: after ringing longer than the
// device's timer, the destination declines (the device is hung up, the
// call released as rejected), the device hangs up or the user releases
// the call through CTI (the destination's ringing is cancelled).
func TestClickToDialEndsWhileRingingLong(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cause string
		end   func(t *testing.T, r ringingClickToDial)
	}{
		{"destination declines", switchboard.ReleaseRejected, func(t *testing.T, r ringingClickToDial) {
			r.carol.reply(r.invite, 603, nil)
			r.alice.reply(r.alice.request(sip.BYE), 200, nil)
		}},
		{"device hangs up", switchboard.ReleaseNormal, func(t *testing.T, r ringingClickToDial) {
			r.alice.incoming(r.own).send(sip.BYE, nil)
			wantCode(t, r.alice.response(sip.BYE, 200), 200)
			r.cancelled(t)
		}},
		{"released through CTI", switchboard.ReleaseNormal, func(t *testing.T, r ringingClickToDial) {
			if err := r.ts.Release(context.Background(), "w-alice", r.call.ID); err != nil {
				t.Fatal(err)
			}
			r.alice.reply(r.alice.request(sip.BYE), 200, nil)
			r.cancelled(t)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, ev, alice, carol := clickToDialParties(t)
			r := ringingClickToDial{ts: ts, alice: alice, carol: carol}
			r.call, r.own, _, r.invite = startClickToDial(t, ts, r.alice, r.carol)
			r.carol.reply(r.invite, 180, nil)
			r.alice.nothing(sip.BYE, ringPastPhoneTimer)
			tc.end(t, r)
			if e := ev.want(t, switchboard.EventCallReleased, "w-alice"); e.Call.ReleaseCause != tc.cause {
				t.Fatalf("released as %q, want %q", e.Call.ReleaseCause, tc.cause)
			}
		})
	}
}

// FuzzRetryWait: a device's Retry-After never makes the B2BUA wait longer
// than 10 s or less than nothing, and a 500 without a number is final.
func FuzzRetryWait(f *testing.F) {
	for _, s := range []string{"", "0", "5", "120 (busy)", "3;duration=10", "-1", "x", " 7 ", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		res := sip.NewResponse(500, "Server Internal Error")
		res.AppendHeader(sip.NewHeader("Retry-After", v))
		wait, again := retryWait(res)
		if wait < 0 || wait > 10*time.Second {
			t.Fatalf("Retry-After %q waits %v", v, wait)
		}
		if again && strings.TrimSpace(v) == "" {
			t.Fatalf("Retry-After %q retried", v)
		}
	})
}

// TestClickToDialOneSessionTowardsThePhone: once connected, what reaches
// Alice's device from Carol (her re-INVITE's offer, her answer to the
// device's re-INVITE) comes under the held answer's origin, one version
// up each time, so the device sees one session (RFC 3264 §8); Carol gets
// the device's descriptions untouched.
func TestClickToDialOneSessionTowardsThePhone(t *testing.T) {
	ts, _, alice, carol := clickToDialParties(t)
	_, own, held, inv := startClickToDial(t, ts, alice, carol)
	connectClickToDial(t, alice, carol, held, inv, 0)
	wantVersion := func(body []byte, version string) {
		t.Helper()
		was, now := originOf(t, held.Body()), originOf(t, body)
		if now[2] != version || now[1] != was[1] || now[0] != was[0] {
			t.Fatalf("origin %v, want %v at version %s", now, was, version)
		}
	}

	req := carol.incoming(inv).send(sip.INVITE, sdpOffer(7000, sendOnly))
	in := alice.request(sip.INVITE)
	wantVersion(in.Body(), "3")
	alice.reply(in, 200, sdpOffer(4000, recvOnly))
	res := carol.response(sip.INVITE, 200)
	if !hasLine(res.Body(), "o=- 1 1 IN IP4 127.0.0.1") || !hasLine(res.Body(), "a=recvonly") {
		t.Fatalf("Carol did not get the device's answer untouched:\n%s", res.Body())
	}
	carol.write(carol.ackFor(req, res))
	alice.request(sip.ACK)

	req = alice.incoming(own).send(sip.INVITE, sdpOffer(4000, sendRecv))
	carol.reply(carol.request(sip.INVITE), 200, sdpOffer(7000, sendRecv))
	res = alice.response(sip.INVITE, 200)
	wantVersion(res.Body(), "4")
	if !hasLine(res.Body(), "m=audio 7000 RTP/AVP 0") {
		t.Fatalf("the device did not get Carol's answer:\n%s", res.Body())
	}
	alice.write(alice.ackFor(req, res))
	carol.request(sip.ACK)
}

// TestClickToDialDeviceRefusesTheOffer: a device that refuses the
// destination's offer ends the call: the destination is acknowledged and
// hung up, the device hung up, the call released as failed.
func TestClickToDialDeviceRefusesTheOffer(t *testing.T) {
	ts, ev, alice, carol := clickToDialParties(t)
	_, _, _, inv := startClickToDial(t, ts, alice, carol)
	carol.reply(inv, 200, sdpOffer(7000, sendRecv))
	alice.reply(alice.request(sip.INVITE), 488, nil)
	wantHeldAnswer(t, carol.request(sip.ACK))
	carol.reply(carol.request(sip.BYE), 200, nil)
	alice.reply(alice.request(sip.BYE), 200, nil)
	if e := ev.want(t, switchboard.EventCallReleased, "w-alice"); e.Call.ReleaseCause != switchboard.ReleaseFailed {
		t.Fatalf("released as %q, want %q", e.Call.ReleaseCause, switchboard.ReleaseFailed)
	}
}

// wantHeldAnswer checks that the ACK of a destination's 2xx, which made an
// offer, carries an answer to it (RFC 3261 §13.2.2.4) although the call
// ends: Carol's media held.
func wantHeldAnswer(t *testing.T, ack *sip.Request) {
	t.Helper()
	if !hasLine(ack.Body(), "m=audio 7000 RTP/AVP 0") || !hasLine(ack.Body(), "a=inactive") {
		t.Fatalf("the ACK of Carol's offer carries no held answer:\n%s", ack.Body())
	}
}

// TestClickToDialReleasedWhileConnecting: the user releases the call
// after Carol answered, while Alice's device has her offer but has not
// answered yet; Carol's ACK carries a held answer, then both are hung up.
func TestClickToDialReleasedWhileConnecting(t *testing.T) {
	ts, ev, alice, carol := clickToDialParties(t)
	call, _, _, inv := startClickToDial(t, ts, alice, carol)
	carol.reply(inv, 200, sdpOffer(7000, sendRecv))
	re := alice.request(sip.INVITE)
	if err := ts.Release(context.Background(), "w-alice", call.ID); err != nil {
		t.Fatal(err)
	}
	wantHeldAnswer(t, carol.request(sip.ACK))
	carol.reply(carol.request(sip.BYE), 200, nil)
	alice.reply(alice.request(sip.BYE), 200, nil)
	alice.reply(re, 487, nil)
	if e := ev.want(t, switchboard.EventCallReleased, "w-alice"); e.Call.ReleaseCause == "" {
		t.Fatalf("released without a cause: %+v", e.Call)
	}
}
