package sip

import (
	"context"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestBaresipClickToDial: click-to-dial between two baresip phones. Alice's
// phone answers the B2BUA's offerless INVITE by itself and takes the held
// answer, Bob's rings for a while and is answered by hand; Alice's phone
// then takes Bob's session in a re-INVITE, both show the call, and Bob's
// hang-up ends it at Alice's.
func TestBaresipClickToDial(t *testing.T) {
	routes := map[string]*switchboard.CallRoute{
		"202": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "201",
			Targets: []switchboard.CallTarget{{WorkplaceID: "w-bob", DeviceIDs: []string{"dev-bob"}}},
			Origin:  &switchboard.CallTarget{WorkplaceID: "w-alice", DeviceIDs: []string{"dev-alice"}}},
	}
	ts, _, ev := startCallServer(t, routes, nil)
	alice, bob := baresipPhone(t, ts, "alice1", "dev-alice", true), baresipPhone(t, ts, "bob1", "dev-bob", false)
	waitPrinted(t, "both phones online", func() bool { return ts.Status("dev-alice").Online && ts.Status("dev-bob").Online }, alice.Out, bob.Out)

	if _, err := ts.Dial(context.Background(), "w-alice", "202"); err != nil {
		t.Fatal(err)
	}
	ev.want(t, switchboard.EventCallOriginating, "w-alice")
	waitPrinted(t, "the call established at alice", printed(alice.Out, "Call established"), alice.Out)
	waitPrinted(t, "bob's phone ringing", printed(bob.Out, "Incoming call from"), bob.Out)
	time.Sleep(2 * time.Second)
	if out := alice.Out.String(); strings.Contains(out, "session closed") || strings.Contains(out, "audio tx pipeline") {
		t.Fatalf("alice's phone hung up or sends media while bob's rings:\n%s", out)
	}
	if err := bob.Command("/accept"); err != nil {
		t.Fatal(err)
	}
	ev.want(t, switchboard.EventCallAnswered, "w-alice")
	waitPrinted(t, "the call established at bob", printed(bob.Out, "Call established"), bob.Out)
	waitPrinted(t, "bob's session at alice", func() bool {
		out := alice.Out.String()
		return strings.Contains(out, "got re-INVITE (SDP Offer)") && strings.Contains(out, "audio tx pipeline")
	}, alice.Out)

	if err := bob.Command("/hangup"); err != nil {
		t.Fatal(err)
	}
	ev.want(t, switchboard.EventCallReleased, "w-alice")
	waitPrinted(t, "the call ended at alice", printed(alice.Out, "session closed"), alice.Out)
}
