package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/sim"
)

// TestSimAgainstServe runs "switchboard sim" against "switchboard serve":
// a phone of every vendor the simulator plays fetches its profile from the
// provisioning server, registers with the registrar and shows online in
// the device status; a second run reuses the devices of the first.
func TestSimAgainstServe(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	addr, stop := startServe(t, data)
	defer stop()
	n := len(sim.Vendors())
	args := []string{"sim", "--server", "http://" + addr, "--data", data, "--phones", "8",
		"--vendors", strings.Join(sim.Vendors(), ","), "--ca", filepath.Join(data, "tls.crt"), "--boot-timeout", "60s"}
	if n != 8 {
		t.Fatalf("the test expects 8 vendors, the simulator plays %d", n)
	}
	summary := regexp.MustCompile(`(?m)^8 phones: 8 online, 0 errors, [0-9.]+ s$`)
	out := mustRun(t, args...)
	if !summary.MatchString(out) {
		t.Fatalf("first run:\n%s", out)
	}
	api := apiclient.New("http://"+addr, readToken(t, data))
	ctx := context.Background()
	customer := ""
	customers, err := api.List(ctx, "/api/v1/customers", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range customers {
		var c struct{ ID, Name string }
		if json.Unmarshal(raw, &c) == nil && c.Name == sim.CustomerName {
			customer = c.ID
		}
	}
	devices, err := api.List(ctx, "/api/v1/customers/"+customer+"/devices", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	online := 0
	for _, raw := range devices {
		var d struct{ ID, Kind string }
		var st struct{ State string }
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatal(err)
		}
		if err := api.Do(ctx, "GET", "/api/v1/devices/"+d.ID+"/status", nil, &st); err != nil {
			t.Fatal(err)
		}
		if st.State == "online" {
			online++
		}
	}
	if online != 8 {
		t.Errorf("%d of %d devices show online in their status, want the 8 phones", online, len(devices))
	}
	out = mustRun(t, args...)
	if !summary.MatchString(out) {
		t.Fatalf("second run:\n%s", out)
	}
	again, err := api.List(ctx, "/api/v1/customers/"+customer+"/devices", nil, 0)
	if err != nil || len(again) != len(devices) {
		t.Errorf("the second run created devices instead of reusing them: %d, then %d (%v)", len(devices), len(again), err)
	}
}

func readToken(t *testing.T, data string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, operatorTokenFile))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// TestSimRefusals: one way to start, and no traffic to other hosts
// without --allow-remote.
func TestSimRefusals(t *testing.T) {
	if _, err := run(t, "sim", "--ztp", "--login", "--server", "http://127.0.0.1:1"); err == nil || !strings.Contains(err.Error(), "give one") {
		t.Errorf("--ztp --login: %v", err)
	}
	if _, err := run(t, "sim", "--server", "http://192.0.2.10:8080", "--token", "sb_x"); err == nil || !strings.Contains(err.Error(), "--allow-remote") {
		t.Errorf("remote API: %v", err)
	}
	if _, err := run(t, "sim", "--vendors", "acme", "--server", "http://127.0.0.1:1", "--token", "sb_x"); err == nil || !strings.Contains(err.Error(), "cannot play vendor") {
		t.Errorf("unknown vendor: %v", err)
	}
}

// TestSimOfficeBehindOneAddress boots an office of 50 phones of every
// vendor the simulator plays, all from one address (loopback), against
// serve with its default refusal limits: each phone asks for the files its
// firmware asks for besides its own, as after a power cut, and every one
// comes online with no refusal in the security log.
func TestSimOfficeBehindOneAddress(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	addr, stop := startServe(t, data)
	defer stop()
	out := mustRun(t, "sim", "--server", "http://"+addr, "--data", data, "--phones", "50",
		"--vendors", strings.Join(sim.Vendors(), ","), "--ca", filepath.Join(data, "tls.crt"), "--boot-timeout", "90s")
	if !regexp.MustCompile(`(?m)^50 phones: 50 online, 0 errors, [0-9.]+ s$`).MatchString(out) {
		t.Fatalf("office boot:\n%s", out)
	}
	api := apiclient.New("http://"+addr, readToken(t, data))
	events, err := api.List(context.Background(), "/api/v1/events", url.Values{"kind": {"security"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range events {
		t.Errorf("the booting office caused a security event: %s", raw)
	}
}

// TestSimAgainstDefaultPublicHost runs sim against a serve that puts this
// machine's host name into its provisioning URLs (the default
// --public-host), as the README's commands do: the host name is this
// machine, so every phone comes online without --allow-remote.
func TestSimAgainstDefaultPublicHost(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	n, _ := startDefaultHost(t, data)
	defer n.stop()
	out := mustRun(t, "sim", "--server", "http://"+n.http, "--data", data, "--phones", "4", "--insecure", "--boot-timeout", "60s")
	if !regexp.MustCompile(`(?m)^4 phones: 4 online, 0 errors, [0-9.]+ s$`).MatchString(out) {
		t.Fatalf("sim against the default public host:\n%s", out)
	}
}

// TestSimRemoteTargetCreatesNothing: a serve whose phones are sent to
// another host is refused before the simulator creates anything.
func TestSimRemoteTargetCreatesNothing(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	addr, stop := startServe(t, data, "--public-host", "pbx.example.net")
	defer stop()
	out, err := run(t, "sim", "--server", "http://"+addr, "--data", data, "--phones", "3", "--insecure")
	if err == nil || !strings.Contains(err.Error(), "pbx.example.net") || !strings.Contains(err.Error(), "--allow-remote") {
		t.Fatalf("sim against a remote target: %v\n%s", err, out)
	}
	api := apiclient.New("http://"+addr, readToken(t, data))
	customers, err := api.List(context.Background(), "/api/v1/customers", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range customers {
		var c struct{ ID, Name string }
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		devices, err := api.List(context.Background(), "/api/v1/customers/"+c.ID+"/devices", nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(devices) != 0 || c.Name == sim.CustomerName {
			t.Errorf("the refused run created customer %q with %d devices", c.Name, len(devices))
		}
	}
}
