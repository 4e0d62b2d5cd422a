package main

import (
	"encoding/json"
	"net"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/snom/snomtest"
)

// TestRedirectAccountFromTheCLI follows the README's redirect section
// against serve: the operator connects a Snom SRAPS account (a fake on
// loopback), a device created with its MAC set to "once" is registered
// there pointing at serve's /ztp/ URL, the device shows it, the check
// command confirms it, and deleting the device releases the MAC.
func TestRedirectAccountFromTheCLI(t *testing.T) {
	fake := snomtest.New("sraps-password")
	srv := httptest.NewServer(fake)
	defer srv.Close()
	data := filepath.Join(t.TempDir(), "data")
	n := startNode(t, data)
	defer n.stop()
	cli := []string{"--server", "http://" + n.http, "--data", data}
	c := func(args ...string) string { return mustRun(t, append(args, cli...)...) }

	acc := c("redirect-account", "create", "--service", "snom", "--name", "Operator SRAPS", "--url", srv.URL+snomtest.Path,
		"--credentials", "user="+redirecttest.Ours+",password=sraps-password", "--json")
	if strings.Contains(acc, "sraps-password") || jsonField(t, acc, "title") != "Snom SRAPS" {
		t.Fatalf("account answer shows its password or lacks its title:\n%s", acc)
	}
	if table := c("redirect-account", "list"); !strings.Contains(table, "Operator SRAPS") {
		t.Errorf("account missing from the list:\n%s", table)
	}
	cust := jsonField(t, c("customer", "create", "--name", "Acme GmbH", "--admin-email", "it@acme.example", "--json"), "id")
	dev := jsonField(t, c("device", "create", "--customer", cust, "--model", "snom-d735", "--mac", "00:04:13:00:00:01",
		"--mac-provisioning", "once", "--json"), "id")

	var st struct {
		Redirect struct{ State, Message string }
	}
	for deadline := time.Now().Add(15 * time.Second); st.Redirect.State != "registered" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err := json.Unmarshal([]byte(c("device", "get", dev, "--json")), &st); err != nil {
			t.Fatal(err)
		}
	}
	_, port, _ := net.SplitHostPort(n.ls.prov.Addr().String())
	ztp := "https://127.0.0.1:" + port + "/ztp/"
	if st.Redirect.State != "registered" || !strings.Contains(st.Redirect.Message, "Registered at Snom SRAPS") {
		t.Fatalf("device redirect status %+v, want registered at Snom SRAPS", st.Redirect)
	}
	if e, ok := fake.Get("000413000001"); !ok || e.URL != ztp || e.Owner != redirecttest.Ours {
		t.Fatalf("SRAPS holds %+v (%v), want our account pointing at %s", e, ok, ztp)
	}
	if out := c("device", "redirect", dev, "--json"); jsonField(t, out, "state") != "ours" {
		t.Errorf("check says:\n%s", out)
	}
	c("device", "delete", dev)
	held := true
	for deadline := time.Now().Add(15 * time.Second); held && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		_, held = fake.Get("000413000001")
	}
	if held {
		t.Error("SRAPS still holds the MAC of the deleted device")
	}
}
