package sip

import (
	"context"
	"strings"
	"testing"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestClickToDialToATrunk: a click-to-dial to a number leaves through the
// trunk (a SIPp peer that challenges) as an INVITE without an offer; the
// trunk's offer reaches Alice's held device, and the device's answer the
// trunk in the ACK.
func TestClickToDialToATrunk(t *testing.T) {
	trunks, startTrunk := sippTrunk(t)
	routes := map[string]*switchboard.CallRoute{
		"0301234": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "+49305550100",
			Targets: []switchboard.CallTarget{{TrunkID: "t1", Number: "+49301234"}},
			Origin:  &switchboard.CallTarget{WorkplaceID: "w-alice", DeviceIDs: []string{"dev-alice"}}},
	}
	ts, _, ev := startCallServer(t, routes, func(o *Options) { o.Trunks = trunks })
	alice := newCallUA(t, ts, "alice", "dev-alice")
	done := startTrunk()
	call, err := ts.Dial(context.Background(), "w-alice", "0301234")
	if err != nil {
		t.Fatal(err)
	}
	own := alice.request(sip.INVITE)
	alice.answerUntilAck(own, sdpOffer(4000, sendRecv))
	re := alice.request(sip.INVITE)
	if !hasLine(re.Body(), "m=audio 9000 RTP/AVP 0") {
		t.Fatalf("the device did not get the trunk's offer:\n%s", re.Body())
	}
	alice.reply(re, 200, sdpOffer(4000, sendRecv))
	alice.request(sip.ACK)
	ev.want(t, switchboard.EventCallAnswered, "w-alice")
	if err := ts.Release(context.Background(), "w-alice", call.ID); err != nil {
		t.Fatal(err)
	}
	alice.reply(alice.request(sip.BYE), 200, nil)
	msgs := wait(t, done)
	// SIPp's trace separates the messages with a line of dashes.
	message := func(start string) string {
		i := strings.LastIndex(msgs, start)
		if i < 0 {
			t.Fatalf("no %s in the trunk's trace:\n%s", start, msgs)
		}
		m, _, _ := strings.Cut(msgs[i:], "-----")
		return m
	}
	if invite := message("INVITE sip:+49301234@trunk.example"); strings.Contains(invite, "m=audio") {
		t.Fatalf("the trunk got an offer in the INVITE:\n%s", invite)
	}
	if ack := message("ACK sip:trunk@"); !strings.Contains(ack, "m=audio 4000 RTP/AVP 0") {
		t.Fatalf("the trunk's ACK lacks the device's answer:\n%s", ack)
	}
}
