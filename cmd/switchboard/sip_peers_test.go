package main

import (
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest/peers"
)

// sippScenario is the registrar package's SIPp phone: REGISTER, 401,
// REGISTER with credentials, the expected final answer, then a pause in
// which -aa answers a NOTIFY. Its domain is acme.example, the SIP domain
// newDevice gives the customer.
const sippScenario = "../../internal/sip/testdata/sipp/register.xml"

// runServeSIPp runs SIPp against serve's UDP listener and returns its
// message trace.
func runServeSIPp(t *testing.T, sipAddr, user, password string, final int, pause time.Duration) string {
	t.Helper()
	return peers.SIPp{Scenario: sippScenario, Registrar: sipAddr, User: user, Password: password, Final: final, Pause: pause}.Run(t)
}

// TestServeSIPp registers SIPp through serve with a SIP account created
// through the API: refused with a wrong password, 401 then 200 with the
// right one, and the check-sync NOTIFY after POST /devices/{id}/reset.
func TestServeSIPp(t *testing.T) {
	peers.NeedSIPp(t)
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(false)

	runServeSIPp(t, n.sip, acc.username, "not-the-password", 401, 0)
	if st := api.status(acc.device); st["state"] != "offline" {
		t.Fatalf("SIPp with a wrong password shows %v", st)
	}

	done := make(chan string, 1)
	go func() { done <- runServeSIPp(t, n.sip, acc.username, acc.password, 200, 4*time.Second) }()
	st := api.waitState(acc.device, "online")
	if st["user_agent"] != "SIPp test phone" {
		t.Errorf("status: %v", st)
	}
	res := api.call(200, "POST", "/devices/"+acc.device+"/reset", nil)
	msgs := <-done
	if !strings.Contains(msgs, "SIP/2.0 401") || !strings.Contains(msgs, "SIP/2.0 200") {
		t.Errorf("no 401 then 200 in SIPp's trace:\n%s", msgs)
	}
	if !strings.Contains(msgs, "NOTIFY sip:"+acc.username+"@") || !strings.Contains(msgs, "Event: check-sync;reboot=true") {
		t.Errorf("SIPp did not receive the check-sync NOTIFY:\n%s", msgs)
	}
	if bs, _ := res["bindings"].([]any); len(bs) != 1 || bs[0].(map[string]any)["code"] != float64(200) {
		t.Errorf("reset result %v, want SIPp's 200 for its one binding", res)
	}
}

// TestServeBaresip registers baresip with the account GET
// /devices/{id}/sip-account gives and sees it online, with serve's default
// digest offer: baresip 1.0 knows only MD5 and gives up when a challenge
// names SHA-256, so the registrar offers it MD5 alone without a flag.
func TestServeBaresip(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(false)
	view := api.call(200, "GET", "/devices/"+acc.device+"/sip-account", nil)

	out := peers.StartBaresip(t, peers.BaresipAccount{User: view["username"].(string), Domain: view["domain"].(string),
		AuthUser: view["auth_name"].(string), Password: view["password"].(string), Registrar: n.sip})
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := api.status(acc.device)
		if st["state"] == "online" {
			if ua, _ := st["user_agent"].(string); !strings.Contains(strings.ToLower(ua), "baresip") || st["ip"] != "127.0.0.1" {
				t.Fatalf("status of baresip: %v", st)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("baresip did not register; its output:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
