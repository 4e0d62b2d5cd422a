package main

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/yealink/yealinktest"
)

// notAPICommands are the commands that do not print an API answer as a
// table: servers, simulators, offline key and account handling and
// generators.
var notAPICommands = []string{
	"serve", "sim", "demo", "bench", "key", "operator", "completion", "help", "man", "version", "device import",
	"contact import", "device import-from", "customer export", "customer import",
}

// leafCommands lists the runnable commands under root as "parent child".
func leafCommands(root *cobra.Command) []string {
	var out []string
	var walk func(c *cobra.Command, path string)
	walk = func(c *cobra.Command, path string) {
		for _, sub := range c.Commands() {
			p := strings.TrimSpace(path + " " + sub.Name())
			if slices.ContainsFunc(notAPICommands, func(n string) bool { return p == n || strings.HasPrefix(p, n+" ") }) {
				continue
			}
			if sub.HasSubCommands() {
				walk(sub, p)
			} else if sub.Runnable() {
				out = append(out, p)
			}
		}
	}
	walk(root, "")
	return out
}

// TestEveryCommandPrintsATable runs every API command of the CLI in table
// mode against a served instance and checks what a person reads.
func TestEveryCommandPrintsATable(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	addr, stop := startServe(t, data)
	defer stop()
	cli := []string{"--server", "http://" + addr, "--data", data}
	c := func(args ...string) string { return mustRun(t, append(args, cli...)...) }

	cust := jsonField(t, c("customer", "create", "--name", "Tabelle GmbH", "--admin-email", "it@tabelle.example", "--json"), "id")
	site := jsonField(t, c("site", "create", "--customer", cust, "--name", "Köln", "--json"), "id")
	c("number", "add", "--customer", cust, "+49221555100", "+49221555101", "+49221555102")
	wp := jsonField(t, c("workplace", "create", "--customer", cust, "--site", site, "--first-name", "Tim",
		"--last-name", "Tabelle", "--email", "tim@tabelle.example", "--email-confirm", "tim@tabelle.example",
		"--no-mobile", "--username", "tim.tabelle", "--extension", "300", "--numbers", "+49221555100", "--json"), "id")
	var models []map[string]any
	if err := json.Unmarshal([]byte(c("model", "list", "--json")), &models); err != nil {
		t.Fatal(err)
	}
	model, other := "", ""
	for _, m := range models {
		if m["vendor"] == "yealink" && m["kind"] == "desk_phone" {
			if model != "" {
				other = m["id"].(string)
				break
			}
			model = m["id"].(string)
		}
	}
	dev := jsonField(t, c("device", "create", "--workplace", wp, "--model", model, "--json"), "id")
	delDev := jsonField(t, c("device", "create", "--customer", cust, "--model", model, "--json"), "id")
	soft := jsonField(t, c("device", "create", "--workplace", wp, "--model", "softclient-mobile", "--json"), "id")
	delSite := jsonField(t, c("site", "create", "--customer", cust, "--name", "Bonn", "--json"), "id")
	delCust := jsonField(t, c("customer", "create", "--name", "Weg AG", "--admin-email", "it@weg.example", "--json"), "id")
	var orders []map[string]any
	for deadline := time.Now().Add(15 * time.Second); len(orders) == 0 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err := json.Unmarshal([]byte(c("order", "list", "--customer", cust, "--json")), &orders); err != nil {
			t.Fatal(err)
		}
	}
	if len(orders) == 0 {
		t.Fatal("the workplace made no order")
	}
	order := orders[0]["id"].(string)
	// Hot-desking needs the workplace active: the order worker's job.
	for deadline := time.Now().Add(15 * time.Second); jsonField(t, c("workplace", "get", wp, "--json"), "state") != "active"; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the workplace was not activated")
		}
	}
	tokID := jsonField(t, c("token", "create", "--role", "admin", "--customer", cust, "--name", "table", "--json"), "id")
	rps := httptest.NewServer(yealinktest.New("rps-secret"))
	defer rps.Close()
	rda := jsonField(t, c("redirect-account", "create", "--service", "yealink", "--name", "Tabelle RPS", "--url", rps.URL,
		"--credentials", "access_key_id="+redirecttest.Ours+",access_key_secret=rps-secret", "--json"), "id")
	rdev := jsonField(t, c("device", "create", "--customer", cust, "--model", model, "--mac", "00:15:65:aa:bb:cc", "--json"), "id")
	keys := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(keys, []byte(`[{"module": 0, "index": 1, "type": "speed_dial", "value": "301", "label": "Tom"}]`), 0o600); err != nil {
		t.Fatal(err)
	}

	// Each command with the words its table must show; commands that
	// change something run after the reads that need it.
	con := jsonField(t, c("contact", "add", "--customer", cust, "--name", "Empfang", "--number", "100", "--json"), "id")
	trk := jsonField(t, c("trunk", "add", "--customer", cust, "--name", "carrier", "--proxy", "sip.carrier.example", "--password", "pw", "--json"), "id")
	mon := jsonField(t, c("monitoring", "add", "--customer", cust, "--username", "tabelle.cti", "--json"), "id")
	image := filepath.Join(t.TempDir(), "image.rom")
	if err := os.WriteFile(image, []byte("firmware image"), 0o600); err != nil {
		t.Fatal(err)
	}
	fw := jsonField(t, c("firmware", "upload", "--model", model, "--version", "1.0.1", image, "--json"), "id")
	fwDel := jsonField(t, c("firmware", "upload", "--model", model, "--version", "1.0.2", image, "--json"), "id")
	fwOther := jsonField(t, c("firmware", "upload", "--model", other, "--version", "2.0.0", image, "--json"), "id")
	// The rollout waits for its one offline device, so it can be paused.
	otherDev := jsonField(t, c("device", "create", "--customer", cust, "--model", other, "--json"), "id")
	rol := jsonField(t, c("firmware", "rollout", "start", "--customer", cust, "--model", other, "--firmware", fwOther,
		"--first-ring", otherDev, "--json"), "id")
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"customer", "list"}, []string{"NAME", "Tabelle GmbH"}},
		{[]string{"customer", "get", cust}, []string{"name:", "Tabelle GmbH"}},
		{[]string{"customer", "create", "--name", "Neu KG", "--admin-email", "it@neu.example"}, []string{"name:", "Neu KG"}},
		{[]string{"customer", "update", cust, "--sip-domain", "tabelle.sip.example"}, []string{"sip_domain:", "tabelle.sip.example"}},
		{[]string{"site", "list", "--customer", cust}, []string{"TIME_ZONE", "Köln"}},
		{[]string{"site", "get", site}, []string{"name:", "Köln"}},
		{[]string{"site", "create", "--customer", cust, "--name", "Aachen"}, []string{"name:", "Aachen"}},
		{[]string{"site", "update", site, "--address", "Domplatz 1"}, []string{"address:", "Domplatz 1"}},
		{[]string{"number", "list", "--customer", cust}, []string{"NUMBER", "+49221555100", wp}},
		{[]string{"number", "add", "--customer", cust, "+49221555103"}, []string{"+49221555103"}},
		{[]string{"number", "delete", "--customer", cust, "+49221555103"}, []string{"done"}},
		{[]string{"contact", "add", "--customer", cust, "--name", "Pforte", "--number", "150"}, []string{"name:", "Pforte"}},
		{[]string{"contact", "list", "--customer", cust}, []string{"NAME", "Empfang", "Pforte"}},
		{[]string{"contact", "show", "--customer", cust, con}, []string{"name:", "Empfang"}},
		{[]string{"contact", "delete", "--customer", cust, con}, []string{"done"}},
		{[]string{"trunk", "add", "--customer", cust, "--name", "backup", "--proxy", "192.0.2.1:5060"}, []string{"name:", "backup", "password_set:"}},
		{[]string{"trunk", "list", "--customer", cust}, []string{"PROXY", "carrier", "backup"}},
		{[]string{"trunk", "show", trk}, []string{"proxy:", "sip.carrier.example"}},
		{[]string{"trunk", "delete", trk}, []string{"done"}},
		{[]string{"monitoring", "add", "--customer", cust, "--username", "tabelle.cti2"}, []string{"username:", "password:"}},
		{[]string{"monitoring", "list", "--customer", cust}, []string{"USERNAME", "tabelle.cti"}},
		{[]string{"monitoring", "delete", "--customer", cust, mon}, []string{"done"}},
		{[]string{"monitoring", "dial-parameters", "--customer", cust}, []string{"internal_number_length:", "3"}},
		{[]string{"charges", "--customer", cust, "--month", "2026-02"}, []string{"month:", "2026-02", "spent:"}},
		{[]string{"calls", "set", wp, "--dnd"}, []string{"do_not_disturb:", "true"}},
		{[]string{"calls", "settings", wp}, []string{"no_answer_seconds:", "20"}},
		{[]string{"calls", "list", wp}, []string{"PERSONALITY", "REMOTE_ADDRESS"}},
		{[]string{"firmware", "upload", "--model", model, "--version", "1.0.3", image}, []string{"sha256:", "1.0.3"}},
		{[]string{"firmware", "list", "--model", model}, []string{"VERSION", "1.0.1", fwDel}},
		{[]string{"firmware", "delete", fwDel}, []string{"done"}},
		{[]string{"firmware", "pin", "set", "--customer", cust, "--model", model, "--firmware", fw}, []string{"firmware:", fw}},
		{[]string{"firmware", "pin", "list", "--customer", cust}, []string{"FIRMWARE", fw}},
		{[]string{"firmware", "pin", "delete", "--customer", cust, "--model", model}, []string{"done"}},
		{[]string{"firmware", "rollout", "start", "--customer", cust, "--model", model, "--firmware", fw, "--percents", "50,100"}, []string{"state:", "running"}},
		{[]string{"firmware", "rollout", "list", "--customer", cust}, []string{"STATE", rol}},
		{[]string{"firmware", "rollout", "show", rol}, []string{"state:", "2.0.0"}},
		{[]string{"firmware", "rollout", "pause", rol}, []string{"state:", "paused"}},
		{[]string{"firmware", "rollout", "resume", rol}, []string{"state:", "running"}},
		{[]string{"firmware", "rollout", "abort", rol}, []string{"state:", "aborted"}},
		{[]string{"site", "sync", site, "--spread", "1s"}, []string{"devices:", "sync"}},
		{[]string{"site", "reboot", site}, []string{"devices:", "reboot"}},
		{[]string{"workplace", "list", "--customer", cust}, []string{"USERNAME", "tim.tabelle"}},
		{[]string{"workplace", "get", wp}, []string{"username:", "tim.tabelle"}},
		{[]string{"workplace", "update", wp, "--first-name", "Timo"}, []string{"first_name:", "Timo"}},
		{[]string{"workplace", "create", "--customer", cust, "--site", site, "--first-name", "Ute", "--last-name", "U",
			"--email", "ute@tabelle.example", "--email-confirm", "ute@tabelle.example", "--no-mobile",
			"--username", "ute.u", "--extension", "301"}, []string{"username:", "ute.u"}},
		{[]string{"device", "list", "--workplace", wp}, []string{"MODEL", model, dev}},
		{[]string{"device", "get", dev}, []string{"model:", model}},
		{[]string{"device", "update", dev, "--description", "Empfang"}, []string{"description:", "Empfang"}},
		{[]string{"device", "sip-account", dev}, []string{"username:", "password:"}},
		{[]string{"device", "initial-login", dev}, []string{":"}},
		{[]string{"device", "status", dev}, []string{"state:", "offline"}},
		{[]string{"device", "diff", dev}, []string{"(not_fetched)", "@@ -1,0 +1,"}},
		{[]string{"device", "qr", soft, "--out", filepath.Join(t.TempDir(), "qr.png")}, []string{"wrote", "qr.png"}},
		{[]string{"fleet"}, []string{"online_share", "never_seen"}},
		{[]string{"device", "keys", "set", dev, "--file", keys}, []string{"LABEL", "Tom"}},
		{[]string{"device", "keys", "get", dev}, []string{"LABEL", "Tom"}},
		{[]string{"device", "sync", dev}, []string{"state:"}},
		{[]string{"device", "reset", dev}, []string{"state:"}},
		{[]string{"device", "reconfigure", dev}, []string{"state:"}},
		{[]string{"device", "reboot", dev}, []string{"state:"}},
		{[]string{"device", "new-key", dev}, []string{"provisioning_url:"}},
		{[]string{"hot-desk", "free-devices", "--customer", cust}, []string{"MODEL", delDev}},
		{[]string{"hot-desk", "site", site, "--auto-logout", "03:00"}, []string{"auto_logout:", "03:00"}},
		{[]string{"hot-desk", "site", site}, []string{"auto_logout:", "03:00"}},
		{[]string{"hot-desk", "free-workplaces", "--customer", cust}, []string{"USERNAME"}},
		{[]string{"hot-desk", "unlink", dev}, []string{"model:", model}},
		{[]string{"hot-desk", "free-workplaces", "--customer", cust}, []string{"USERNAME", "tim.tabelle"}},
		{[]string{"hot-desk", "login", wp, "--device", delDev}, []string{"device:", delDev}},
		{[]string{"hot-desk", "logout", wp}, []string{"workplace:", wp}},
		{[]string{"hot-desk", "link", dev, "--workplace", wp}, []string{"workplace:", wp}},
		{[]string{"device", "new-sip-credentials", dev}, []string{"sip_credentials_rotated_at=", "resync:"}},
		{[]string{"device", "rotate", dev}, []string{"provisioning_url=", "sip_credentials_rotated_at="}},
		{[]string{"device", "block", dev}, []string{"blocked_at:"}},
		{[]string{"device", "unblock", dev}, []string{"model:"}},
		{[]string{"workplace", "block", wp}, []string{"blocked_at:"}},
		{[]string{"workplace", "unblock", wp}, []string{"username:"}},
		{[]string{"customer", "update", cust, "--charge-limit", "50000"}, []string{"charge_limit:", "50000"}},
		{[]string{"workplace", "update", wp, "--charge-limit", "2500"}, []string{"charge_limit:", "2500"}},
		{[]string{"number", "limit", "--customer", cust, "+49221555100", "--charge-limit", "700"}, []string{"charge_limit:", "700"}},
		{[]string{"device", "create", "--customer", cust, "--model", model, "--description", "Zweit"}, []string{"description:", "Zweit"}},
		{[]string{"model", "list"}, []string{"VENDOR", model}},
		{[]string{"event", "list", "--customer", cust}, []string{"ACTION", "customer.create"}},
		{[]string{"order", "list", "--customer", cust}, []string{"KIND", order}},
		{[]string{"order", "get", order}, []string{"kind:", "items:", order}},
		{[]string{"message", "list", "--customer", cust}, []string{"CHANNEL", "tim@tabelle.example"}},
		{[]string{"token", "list"}, []string{"ROLE", tokID}},
		{[]string{"redirect-account", "list"}, []string{"SERVICE", "Tabelle RPS"}},
		{[]string{"redirect-account", "get", rda}, []string{"title:", "Yealink RPS"}},
		{[]string{"redirect-account", "create", "--customer", cust, "--service", "snom", "--name", "Kunde SRAPS",
			"--credentials", "user=u,password=p"}, []string{"name:", "Kunde SRAPS"}},
		{[]string{"redirect-account", "update", rda, "--name", "Neu RPS"}, []string{"name:", "Neu RPS"}},
		{[]string{"device", "redirect", rdev}, []string{"state:", "free"}},
		{[]string{"redirect-account", "delete", rda}, []string{"done"}},
		{[]string{"token", "create", "--role", "admin", "--customer", cust}, []string{"sb_"}},
		{[]string{"token", "delete", tokID}, []string{"done"}},
		{[]string{"workplace", "admin-password", wp}, nil},
		{[]string{"device", "history", dev}, []string{"VERSION", "CAUSE.ACTION"}},
		{[]string{"device", "history-diff", dev}, nil},
		{[]string{"device", "rollback", dev, "--version", "1"}, nil},
		{[]string{"site", "rollback", site, "--at", "2026-01-01T00:00:00Z"}, nil},
		{[]string{"device", "delete", delDev}, []string{"done"}},
		{[]string{"workplace", "delete", wp}, nil},
		{[]string{"site", "delete", delSite}, []string{"done"}},
		{[]string{"customer", "delete", delCust}, []string{"done"}},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		name := strings.Join(tc.args, " ")
		out, err := run(t, append(tc.args, cli...)...)
		if found, _, err := newRoot().Find(tc.args); err == nil {
			covered[strings.TrimPrefix(found.CommandPath(), "switchboard ")] = true
		}
		if tc.want == nil {
			// admin-password answers 404 before a device fetched it, as do
			// the settings history's difference and rollbacks; the
			// workplace delete is an order; all print an answer or a
			// reason, never a decoding error.
			if err != nil && strings.Contains(err.Error(), "unexpected") {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(out), "{") || strings.HasPrefix(strings.TrimSpace(out), "[") {
			t.Errorf("%s printed JSON in table mode:\n%s", name, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: table lacks %q:\n%s", name, w, out)
			}
		}
	}
	for _, leaf := range leafCommands(newRoot()) {
		if !covered[leaf] {
			t.Errorf("no table test for %q", leaf)
		}
	}
}
