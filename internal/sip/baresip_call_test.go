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
	alice, bob := baresipPhone(t, ts, "alice1", "dev-alice", false), baresipPhone(t, ts, "bob1", "dev-bob", true)
	waitPrinted(t, "both phones online", func() bool { return ts.Status("dev-alice").Online && ts.Status("dev-bob").Online }, alice.Out, bob.Out)

	if err := alice.Command("/dial 202"); err != nil {
		t.Fatal(err)
	}
	ev.want(t, switchboard.EventCallOriginating, "w-alice")
	ev.want(t, switchboard.EventCallAnswered, "w-alice")
	ev.want(t, switchboard.EventCallAnswered, "w-bob")
	waitPrinted(t, "the call established at alice", printed(alice.Out, "Call established"), alice.Out)
	waitPrinted(t, "the call established at bob", printed(bob.Out, "Call established: sip:201@"), bob.Out)

	if err := alice.Command("/hangup"); err != nil {
		t.Fatal(err)
	}
	ev.want(t, switchboard.EventCallReleased, "w-alice")
	ev.want(t, switchboard.EventCallReleased, "w-bob")
	waitPrinted(t, "the call ended at alice", printed(alice.Out, "terminate call"), alice.Out)
	waitPrinted(t, "the call ended at bob", printed(bob.Out, "session closed"), bob.Out)
}

// baresipPhone starts baresip as the device's phone, with an account for
// it, answering calls by itself when auto is set.
func baresipPhone(t *testing.T, ts *testServer, user, device string, auto bool) *peers.Baresip {
	t.Helper()
	ts.accounts.add(user, device, testRealm, "pw-"+user, false)
	return peers.StartBaresipPhone(t, peers.BaresipAccount{User: user, Domain: testRealm, AuthUser: user, Password: "pw-" + user,
		Registrar: ts.udp, AutoAnswer: auto})
}

// waitPrinted waits up to 8 s for cond, and fails with what the phones
// printed when it does not come.
func waitPrinted(t *testing.T, what string, cond func() bool, outs ...*sbtest.Buffer) {
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

// printed reports whether baresip printed text.
func printed(o *sbtest.Buffer, text string) func() bool {
	return func() bool { return strings.Contains(o.String(), text) }
}
