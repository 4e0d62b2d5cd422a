package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/siptest"
)

// apiClient calls serve's API with the operator token.
type apiClient struct {
	t     *testing.T
	addr  string
	token string
}

func newAPIClient(t *testing.T, addr, data string) *apiClient {
	tok, err := os.ReadFile(filepath.Join(data, operatorTokenFile))
	if err != nil {
		t.Fatal(err)
	}
	return &apiClient{t: t, addr: addr, token: strings.TrimSpace(string(tok))}
}

// call sends a request and decodes the JSON answer, failing the test when
// the status is not want.
func (c *apiClient) call(want int, method, path string, body any) map[string]any {
	c.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, "http://"+c.addr+"/api/v1"+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s: %d %v, want %d", method, path, resp.StatusCode, out, want)
	}
	return out
}

// sipAccount is a device's SIP account as GET /devices/{id}/sip-account
// shows it.
type sipAccount struct {
	device, username, password, domain string
	site                               string
}

// newDevice creates a customer with SIP domain acme.example, a site with
// the given encryption, a workplace and a Yealink on it, and returns the
// device's SIP account from the API.
func (c *apiClient) newDevice(encryption bool) sipAccount {
	c.t.Helper()
	cust := c.call(201, "POST", "/customers", map[string]any{"name": "Acme", "admin_email": "admin@acme.example", "sip_domain": "acme.example"})["id"].(string)
	site := c.call(201, "POST", "/customers/"+cust+"/sites", map[string]any{"name": "HQ", "encryption": encryption})["id"].(string)
	wp := c.call(201, "POST", "/customers/"+cust+"/workplaces", map[string]any{"site": site, "first_name": "Anna",
		"last_name": "Schmidt", "email": "anna@acme.example", "email_confirm": "anna@acme.example",
		"no_mobile": true, "username": "anna.schmidt", "extension": "200"})["id"].(string)
	dev := c.call(201, "POST", "/workplaces/"+wp+"/devices", map[string]any{"model": "yealink-t46s"})["id"].(string)
	acc := c.call(200, "GET", "/devices/"+dev+"/sip-account", nil)
	return sipAccount{device: dev, username: acc["username"].(string), password: acc["password"].(string), domain: acc["domain"].(string), site: site}
}

// status returns the device's status from the API.
func (c *apiClient) status(dev string) map[string]any {
	c.t.Helper()
	return c.call(200, "GET", "/devices/"+dev+"/status", nil)
}

// waitState polls the status until state is reached.
func (c *apiClient) waitState(dev, state string) map[string]any {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := c.status(dev)
		if st["state"] == state {
			return st
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("device %s did not become %s: %v", dev, state, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServeRegisterStatusAndReset registers a phone through serve with a
// SIP account created through the API: a wrong password is refused, the
// right one registers, status shows the registration, a reset reaches the
// phone as check-sync with reboot and shows the phone's answer, and the
// failed attempt is in the security log.
func TestServeRegisterStatusAndReset(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(false)
	if st := api.status(acc.device); st["state"] != "offline" || st["ip"] != "" {
		t.Fatalf("status of a device that never registered: %v", st)
	}

	phone := siptest.Dial(t, "UDP", n.sip)
	if code, _ := phone.Register(acc.username, acc.domain, "wrong-password", 300); code != 401 {
		t.Fatalf("REGISTER with a wrong password answered %d, want 401", code)
	}
	if code, reason := phone.Register(acc.username, acc.domain, acc.password, 300); code != 200 {
		t.Fatalf("REGISTER answered %d %s, want 200", code, reason)
	}
	st := api.status(acc.device)
	if st["state"] != "online" || st["ip"] != "127.0.0.1" || st["user_agent"] != "Switchboard test phone" ||
		st["transport"] != "UDP" || st["encrypted"] != false || st["double_registration"] != false || st["expires_at"] == nil {
		t.Fatalf("status after registering: %v", st)
	}

	done := make(chan *siptest.Msg, 1)
	go func() { done <- phone.WaitNotify(10 * time.Second) }()
	res := api.call(200, "POST", "/devices/"+acc.device+"/reset", nil)
	notify := <-done
	if ev := notify.Headers.Get("Event"); ev != "check-sync;reboot=true" {
		t.Errorf("NOTIFY Event = %q, want check-sync;reboot=true", ev)
	}
	bs, _ := res["bindings"].([]any)
	if res["state"] != "sent" || len(bs) != 1 || bs[0].(map[string]any)["state"] != "answered" || bs[0].(map[string]any)["code"] != float64(200) {
		t.Errorf("reset result: %v, want sent with one binding answered 200", res)
	}

	deadline := time.Now().Add(5 * time.Second)
	for {
		evs, _ := api.call(200, "GET", "/events?kind=security", nil)["items"].([]any)
		found := false
		for _, e := range evs {
			if e := e.(map[string]any); e["action"] == "sip.auth_failed" && e["object"] == acc.username && e["ip"] == "127.0.0.1" {
				found = true
			}
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no sip.auth_failed security event for the wrong password: %v", evs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestServePendingActionOnRegistration asks an offline device to sync: the
// action stays pending and reaches the device with its next registration.
func TestServePendingActionOnRegistration(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(false)
	if res := api.call(200, "POST", "/devices/"+acc.device+"/sync", nil); res["state"] != "pending" {
		t.Fatalf("sync of an offline device: %v, want pending", res)
	}
	phone := siptest.Dial(t, "TCP", n.sip)
	if code, reason := phone.Register(acc.username, acc.domain, acc.password, 300); code != 200 {
		t.Fatalf("REGISTER over TCP answered %d %s", code, reason)
	}
	if ev := phone.WaitNotify(10 * time.Second).Headers.Get("Event"); ev != "check-sync;reboot=false" {
		t.Errorf("pending sync delivered as Event %q, want check-sync;reboot=false", ev)
	}
}

// TestServeEncryptionPolicy checks seed 000's rule through serve: a device
// of a site with encryption is refused over UDP and TCP with the reason and
// registers over TLS (status shows it encrypted); a device of a site
// without encryption is refused over UDP from outside the access networks.
func TestServeEncryptionPolicy(t *testing.T) {
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(true)
	for _, tr := range []string{"UDP", "TCP"} {
		code, reason := siptest.Dial(t, tr, n.sip).Register(acc.username, acc.domain, acc.password, 300)
		if code != 403 || !strings.Contains(reason, "TLS") {
			t.Errorf("encrypted site over %s: %d %q, want 403 naming TLS", tr, code, reason)
		}
	}
	if st := api.status(acc.device); st["state"] != "offline" {
		t.Fatalf("refused device shows %v", st)
	}
	if code, reason := siptest.Dial(t, "TLS", n.sipTLS).Register(acc.username, acc.domain, acc.password, 300); code != 200 {
		t.Fatalf("encrypted site over TLS: %d %s, want 200", code, reason)
	}
	if st := api.status(acc.device); st["state"] != "online" || st["transport"] != "TLS" || st["encrypted"] != true {
		t.Errorf("status over TLS: %v, want online, TLS, encrypted", st)
	}

	outside := t.TempDir()
	n2 := startNode(t, outside, "--access-networks", "10.0.0.0/8")
	defer n2.stop()
	api2 := newAPIClient(t, n2.http, outside)
	plain := api2.newDevice(false)
	if code, reason := siptest.Dial(t, "UDP", n2.sip).Register(plain.username, plain.domain, plain.password, 300); code != 403 || !strings.Contains(reason, "TLS") {
		t.Errorf("outside the access networks over UDP: %d %q, want 403 naming TLS", code, reason)
	}
}
