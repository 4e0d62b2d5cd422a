package main

import (
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest/peers"
)

// TestServeBaresipCall is issue 16's baresip call through serve's B2BUA:
// two baresip phones are two workplaces' devices; Anna's dials Bob's
// extension, Bob's answers by itself, both show the call established;
// Anna hangs up, both show it ended, and both workplaces' journals hold
// the call, answered and released normally.
func TestServeBaresipCall(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	cust := newCTICustomer(t, n, data)
	api := cust.api
	phone := func(user, first, ext string, autoAnswer bool) (string, *peers.Baresip) {
		wp, accs := cust.newWorkplace(user, first, ext, 1)
		acc := accs[0]
		b := peers.StartBaresipPhone(t, peers.BaresipAccount{User: acc.username, Domain: acc.domain, AuthUser: acc.username,
			Password: acc.password, Registrar: n.sip, AutoAnswer: autoAnswer})
		api.waitState(acc.device, "online")
		return wp, b
	}
	annaWP, anna := phone("anna.schmidt", "Anna", "200", false)
	bobWP, bob := phone("bob.schmidt", "Bob", "201", true)
	until := func(what string, b *peers.Baresip, text string) {
		t.Helper()
		deadline := time.Now().Add(8 * time.Second)
		for !strings.Contains(b.Out.String(), text) {
			if time.Now().After(deadline) {
				t.Fatalf("%s not seen; baresip printed:\n%s", what, b.Out.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if err := anna.Command("/dial 201"); err != nil {
		t.Fatal(err)
	}
	until("the call established at Anna", anna, "Call established")
	until("the call established at Bob", bob, "Call established")
	if err := anna.Command("/hangup"); err != nil {
		t.Fatal(err)
	}
	until("the call ended at Anna", anna, "terminate call")
	until("the call ended at Bob", bob, "session closed")

	for wp, personality := range map[string]string{annaWP: "Originator", bobWP: "Terminator"} {
		deadline := time.Now().Add(5 * time.Second)
		for {
			items, _ := api.call(200, "GET", "/workplaces/"+wp+"/calls", nil)["items"].([]any)
			if len(items) == 1 {
				c := items[0].(map[string]any)
				if c["state"] == "Released" && c["personality"] == personality && c["answered_at"] != nil && c["release_cause"] == "normal" {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("journal of the %s: %v", personality, items)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}
