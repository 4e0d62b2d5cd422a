package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest/peers"
)

// TestServeRegistersTrunk: a trunk added through the API with register on
// is registered by serve at its registrar (the SIP package's SIPp
// registrar: 401 and a digest check each time, 2 s granted, then 60 s on
// the refresh); the trunk's view shows it registered, and deleting the
// trunk unregisters it (Expires: 0).
func TestServeRegistersTrunk(t *testing.T) {
	bin := peers.NeedSIPp(t)
	scenario, err := os.ReadFile("../../internal/sip/testdata/sipp/trunk_register_uas.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sf, trace := filepath.Join(dir, "registrar.xml"), filepath.Join(dir, "messages.log")
	os.WriteFile(sf, []byte(strings.NewReplacer("TRUNK_USER", "acme-trunk", "TRUNK_PASSWORD", "trunk-pw-1").Replace(string(scenario))), 0o600)
	port := peers.FreePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- exec.CommandContext(ctx, bin, "-sf", sf, "-i", "127.0.0.1", "-p", strconv.Itoa(port), "-m", "1", "-nostdin",
			"-timeout", "20s", "-timeout_error", "-trace_msg", "-message_file", trace).Run()
	}()

	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	cust := api.call(201, "POST", "/customers", map[string]any{"name": "Acme", "admin_email": "admin@acme.example", "sip_domain": "acme.example"})["id"].(string)
	id := api.call(201, "POST", "/customers/"+cust+"/trunks", map[string]any{"name": "carrier", "proxy": "127.0.0.1:" + strconv.Itoa(port),
		"domain": "trunk.example", "username": "acme", "auth_username": "acme-trunk", "password": "trunk-pw-1", "register": true})["id"].(string)
	deadline := time.Now().Add(10 * time.Second)
	for {
		reg := api.call(200, "GET", "/trunks/"+id, nil)["registration"].(map[string]any)
		at, _ := reg["expires_at"].(string)
		exp, _ := time.Parse(time.RFC3339, at)
		if reg["state"] == "registered" && time.Until(exp) > 30*time.Second {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the trunk's registration shows %v, want registered and refreshed", reg)
		}
		time.Sleep(100 * time.Millisecond)
	}
	api.call(204, "DELETE", "/trunks/"+id, nil)
	err = <-done
	msgs, _ := os.ReadFile(trace)
	if err != nil || !strings.Contains(string(msgs), "Expires: 0") {
		t.Fatalf("SIPp: %v\n%s", err, msgs)
	}
}
