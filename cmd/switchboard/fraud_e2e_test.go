package main

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/siptest"
)

// TestServeNewSIPCredentials registers a phone through serve, asks the API
// for new SIP credentials while the phone challenges the NOTIFY: the
// challenge is answered with the account the phone has, the registration
// is gone, the old account is refused and the new one from the API
// registers.
func TestServeNewSIPCredentials(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(false)
	phone := siptest.Dial(t, "UDP", n.sip)
	if code, reason := phone.Register(acc.username, acc.domain, acc.password, 300); code != 200 {
		t.Fatalf("REGISTER answered %d %s, want 200", code, reason)
	}
	type challenged struct{ event, as string }
	done := make(chan challenged, 1)
	go func() {
		ev, as := phone.ChallengeNotify(10*time.Second, acc.domain, acc.username, acc.password)
		done <- challenged{ev, as}
	}()
	res := api.call(200, "POST", "/devices/"+acc.device+"/new-sip-credentials", nil)
	got := <-done
	if got.as != acc.username || got.event == "" {
		t.Errorf("NOTIFY %q authenticated as %q, want the old account %q", got.event, got.as, acc.username)
	}
	resync, _ := res["resync"].(map[string]any)
	if bs, _ := resync["bindings"].([]any); resync["state"] != "sent" || len(bs) != 1 || bs[0].(map[string]any)["code"] != float64(200) {
		t.Errorf("resync: %v, want sent and answered 200", resync)
	}
	if st := api.status(acc.device); st["state"] != "offline" {
		t.Errorf("status after new credentials: %v, want offline", st)
	}
	if code, _ := phone.Register(acc.username, acc.domain, acc.password, 300); code == 200 {
		t.Error("the old account registered again")
	}
	now := api.call(200, "GET", "/devices/"+acc.device+"/sip-account", nil)
	if code, reason := siptest.Dial(t, "UDP", n.sip).Register(now["username"].(string), acc.domain, now["password"].(string), 300); code != 200 {
		t.Fatalf("REGISTER with the new account answered %d %s", code, reason)
	}
	api.waitState(acc.device, "online")
}

// TestServeFraudSignal registers one SIP account from two phones whose
// User-Agents name two MACs: serve records a security event and writes a
// fraud alert to the customer's admin address.
func TestServeFraudSignal(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(false)
	for _, mac := range []string{"80:5e:c0:11:22:33", "80:5e:c0:44:55:66"} {
		p := siptest.Dial(t, "UDP", n.sip)
		p.SetUserAgent("Yealink SIP-T46S 66.86.0.15 " + mac)
		if code, reason := p.Register(acc.username, acc.domain, acc.password, 300); code != 200 {
			t.Fatalf("REGISTER answered %d %s", code, reason)
		}
	}
	cust := api.call(200, "GET", "/devices/"+acc.device, nil)["customer"].(string)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		evs, _ := api.call(200, "GET", "/events?kind=security", nil)["items"].([]any)
		ms, _ := api.call(200, "GET", "/customers/"+cust+"/messages", nil)["items"].([]any)
		event, alert := false, false
		for _, e := range evs {
			e := e.(map[string]any)
			event = event || e["action"] == "device.fraud_suspected" && e["object"] == acc.device
		}
		for _, m := range ms {
			m := m.(map[string]any)
			alert = alert || m["kind"] == "fraud_alert" && m["to"] == "admin@acme.example"
		}
		if event && alert {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no fraud signal within 10 s: event %v, alert %v", event, alert)
		}
	}
}
