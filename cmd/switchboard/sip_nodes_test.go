package main

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/sip/siptest"
)

// twoNodes starts two serve nodes on one new PostgreSQL database with
// one data directory (the same keys), stopped when t ends, and returns
// them with the directory and the database's URL.
func twoNodes(t *testing.T) (first, second *serveNode, data, db string) {
	t.Helper()
	db, data = pgtest.URL(t), t.TempDir()
	first = startNode(t, data, "--db", db)
	t.Cleanup(first.stop)
	second = startNode(t, data, "--db", db)
	t.Cleanup(second.stop)
	return first, second, data, db
}

// TestTwoNodesShareRegistrations runs two serve processes on one
// PostgreSQL database: a phone registers on the first, the second shows
// the same status, a reset through the second node's API reaches the
// phone through the first node (which holds its socket), and after the
// phone unregisters both show it offline with its last address. Turning
// on the site's encryption through the second node makes the first refuse
// the phone over UDP.
func TestTwoNodesShareRegistrations(t *testing.T) {
	first, second, data, _ := twoNodes(t)
	api1 := newAPIClient(t, first.http, data)
	api2 := newAPIClient(t, second.http, data)
	acc := api1.newDevice(false)

	phone := siptest.Dial(t, "UDP", first.sip)
	if code, reason := phone.Register(acc.username, acc.domain, acc.password, 300); code != 200 {
		t.Fatalf("REGISTER on the first node: %d %s", code, reason)
	}
	st1 := api1.waitState(acc.device, "online")
	st2 := api2.waitState(acc.device, "online")
	for _, k := range []string{"ip", "user_agent", "contact", "transport", "expires_at"} {
		if st1[k] != st2[k] {
			t.Errorf("status %s: first node %v, second node %v", k, st1[k], st2[k])
		}
	}

	done := make(chan *siptest.Msg, 1)
	go func() { done <- phone.WaitNotify(15 * time.Second) }()
	res := api2.call(200, "POST", "/devices/"+acc.device+"/reset", nil)
	if res["state"] != "sent" {
		t.Errorf("reset through the second node: %v, want sent", res)
	}
	if ev := (<-done).Headers.Get("Event"); ev != "check-sync;reboot=true" {
		t.Errorf("NOTIFY Event = %q", ev)
	}

	if code, _ := phone.Register(acc.username, acc.domain, acc.password, 0); code != 200 {
		t.Fatalf("unREGISTER answered %d", code)
	}
	for _, api := range []*apiClient{api1, api2} {
		if st := api.waitState(acc.device, "offline"); st["last_ip"] != "127.0.0.1" {
			t.Errorf("offline status: %v, want last_ip 127.0.0.1", st)
		}
	}

	api2.call(200, "PATCH", "/sites/"+acc.site, map[string]any{"encryption": true})
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, _ := phone.Register(acc.username, acc.domain, acc.password, 300)
		if code == 403 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first node still answers %d over UDP after the second turned on encryption", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
