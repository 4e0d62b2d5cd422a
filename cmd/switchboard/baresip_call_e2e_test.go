package main

import (
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest/peers"
)

// newWorkplace creates a workplace of the customer at the site with the
// extension and a Yealink on it, waits until it is active, and returns
// its id and the device's SIP account.
func (c *apiClient) newWorkplace(cust, site, user, first, ext string) (string, sipAccount) {
	c.t.Helper()
	wp := c.call(201, "POST", "/customers/"+cust+"/workplaces", map[string]any{"site": site, "first_name": first,
		"last_name": "Schmidt", "email": user + "@acme.example", "email_confirm": user + "@acme.example",
		"no_mobile": true, "username": user, "extension": ext})["id"].(string)
	dev := c.call(201, "POST", "/workplaces/"+wp+"/devices", map[string]any{"model": "yealink-t46s"})["id"].(string)
	deadline := time.Now().Add(10 * time.Second)
	for c.call(200, "GET", "/workplaces/"+wp, nil)["state"] != "active" {
		if time.Now().After(deadline) {
			c.t.Fatalf("workplace %s did not become active", user)
		}
		time.Sleep(50 * time.Millisecond)
	}
	acc := c.call(200, "GET", "/devices/"+dev+"/sip-account", nil)
	return wp, sipAccount{device: dev, username: acc["username"].(string), password: acc["password"].(string), domain: acc["domain"].(string)}
}

// TestServeBaresipCall is issue 16's baresip call through serve's B2BUA:
// two baresip phones are two workplaces' devices; Anna's dials Bob's
// extension, Bob's answers by itself, both show the call established;
// Anna hangs up, both show it ended, and both workplaces' journals hold
// the call, answered and released normally.
func TestServeBaresipCall(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	cust := api.call(201, "POST", "/customers", map[string]any{"name": "Acme", "admin_email": "admin@acme.example", "sip_domain": "acme.example"})["id"].(string)
	site := api.call(201, "POST", "/customers/"+cust+"/sites", map[string]any{"name": "HQ"})["id"].(string)
	phone := func(user, first, ext string, autoAnswer bool) (string, *peers.Baresip) {
		wp, acc := api.newWorkplace(cust, site, user, first, ext)
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
