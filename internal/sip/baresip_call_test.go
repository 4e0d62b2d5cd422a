package sip

import (
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/peers"
)

// TestBaresipCall: two baresip phones registered as two workplaces'
// devices; alice dials bob's extension through the B2BUA, bob's phone
// answers by itself, both show the call established, alice hangs up and
// both show it ended (bob is shown alice's number); the B2BUA reports the call originating, answered
// and released.
func TestBaresipCall(t *testing.T) {
	routes := map[string]*switchboard.CallRoute{
		"202": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "201",
			Targets: []switchboard.CallTarget{{WorkplaceID: "w-bob", DeviceIDs: []string{"dev-bob"}}}},
	}
	ts, _, ev := startCallServer(t, routes, nil)
	phone := func(user, device string, autoAnswer bool) *peers.Baresip {
		ts.accounts.add(user, device, testRealm, "pw-"+user, false)
		return peers.StartBaresipPhone(t, peers.BaresipAccount{User: user, Domain: testRealm, AuthUser: user, Password: "pw-" + user,
			Registrar: ts.udp, AutoAnswer: autoAnswer})
	}
	alice, bob := phone("alice1", "dev-alice", false), phone("bob1", "dev-bob", true)
	waitOut := func(what string, cond func() bool, outs ...*sbtest.Buffer) {
		t.Helper()
		deadline := time.Now().Add(8 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				var b strings.Builder
				for _, o := range outs {
					b.WriteString(o.String() + "\n----\n")
				}
				t.Fatalf("%s not seen; baresip printed:\n%s", what, b.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitOut("both phones online", func() bool { return ts.Status("dev-alice").Online && ts.Status("dev-bob").Online }, alice.Out, bob.Out)

	if err := alice.Command("/dial 202"); err != nil {
		t.Fatal(err)
	}
	ev.want(t, switchboard.EventCallOriginating, "w-alice")
	ev.want(t, switchboard.EventCallAnswered, "w-alice")
	ev.want(t, switchboard.EventCallAnswered, "w-bob")
	waitOut("the call established at alice", printed(alice.Out, "Call established"), alice.Out)
	waitOut("the call established at bob", printed(bob.Out, "Call established: sip:201@"), bob.Out)

	if err := alice.Command("/hangup"); err != nil {
		t.Fatal(err)
	}
	ev.want(t, switchboard.EventCallReleased, "w-alice")
	ev.want(t, switchboard.EventCallReleased, "w-bob")
	waitOut("the call ended at alice", printed(alice.Out, "terminate call"), alice.Out)
	waitOut("the call ended at bob", printed(bob.Out, "session closed"), bob.Out)
}

// printed reports whether baresip printed text.
func printed(o *sbtest.Buffer, text string) func() bool {
	return func() bool { return strings.Contains(o.String(), text) }
}
