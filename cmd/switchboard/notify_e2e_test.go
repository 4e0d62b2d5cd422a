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

	"github.com/switchboard-pbx/switchboard/internal/notify/sms/smstest"
)

// TestServeDeliversWorkplaceMessages starts serve with --sms-url pointing
// at a test gateway and without --smtp, orders a workplace through the API
// and checks what its order sends: the initial password by SMS, while the
// welcome and the confirmation stay in the outbox, readable by the
// operator, as on a trial installation without a mail server.
func TestServeDeliversWorkplaceMessages(t *testing.T) {
	gw := smstest.New(t)
	data := t.TempDir()
	addr, stop := startServe(t, data, "--sms-url", gw.URL)
	defer stop()
	tok, err := os.ReadFile(filepath.Join(data, operatorTokenFile))
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path string, body any) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, "http://"+addr+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(tok)))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %v", method, path, resp.StatusCode, out)
		}
		return out
	}
	cust := call("POST", "/api/v1/customers", map[string]any{"name": "Acme", "admin_email": "admin@acme.example"})["id"].(string)
	site := call("POST", "/api/v1/customers/"+cust+"/sites", map[string]any{"name": "HQ"})["id"].(string)
	call("POST", "/api/v1/customers/"+cust+"/workplaces", map[string]any{"site": site, "first_name": "Anna",
		"last_name": "Schmidt", "email": "anna@acme.example", "email_confirm": "anna@acme.example",
		"mobile": "+491701234567", "username": "anna.schmidt", "extension": "200"})

	deadline := time.Now().Add(20 * time.Second)
	for len(gw.Delivered()) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if d := gw.Delivered(); len(d) != 1 || d[0].To != "+491701234567" || !strings.Contains(d[0].Text, "anna.schmidt") {
		t.Errorf("SMS delivered: %+v, want the initial password to the user's mobile", d)
	}
	msgs, _ := call("GET", "/api/v1/customers/"+cust+"/messages?channel=email", nil)["items"].([]any)
	kinds := map[string]string{}
	for _, m := range msgs {
		m := m.(map[string]any)
		if text, _ := m["text"].(string); text != "" && m["state"] == "pending" {
			kinds[m["kind"].(string)] = m["to"].(string)
		}
	}
	if kinds["welcome"] != "anna@acme.example" || kinds["order_confirmation"] != "admin@acme.example" || len(kinds) != 2 {
		t.Errorf("mail in the outbox: %v, want the welcome and the confirmation, pending and readable", kinds)
	}
}
