package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/api"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
)

// apiServer runs the real API on the real SQLite store and the real
// catalogue behind an httptest server; it returns the server, the service
// and a customer with an admin token.
func apiServer(t *testing.T) (srv *httptest.Server, svc *app.Service, customer, token string) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sb.db"), keyring.Random())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := vendors.New()
	if err != nil {
		t.Fatal(err)
	}
	svc = app.New(app.Options{Store: db, Catalogue: cat, ProvisioningURL: "https://127.0.0.1:8448", Render: vendors.Render, Firmware: vendors.Firmware})
	srv = httptest.NewServer(api.New(svc, api.Options{}))
	t.Cleanup(srv.Close)
	c, err := svc.CreateCustomer(context.Background(), switchboard.System, app.CustomerInput{Name: "Import GmbH", AdminEmail: "admin@import.example"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := svc.CreateToken(context.Background(), switchboard.System, switchboard.RoleAdmin, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	return srv, svc, c.ID, tok.Secret
}

// runSplit executes one CLI command in-process and returns its standard
// output and error output apart.
func runSplit(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRoot()
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err = root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

// customerDevices counts the customer's devices through the service.
func customerDevices(t *testing.T, svc *app.Service, customer string) int {
	t.Helper()
	n := 0
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		ds, next, err := svc.SearchDevices(context.Background(), switchboard.System, customer, "", page)
		if err != nil {
			t.Fatal(err)
		}
		n += len(ds)
		if next == "" {
			return n
		}
		page.After = next
	}
}

// TestCLIImport uploads a CSV file with "switchboard device import" to the
// real API and checks the progress on stderr, the summary line, and a
// refused file's line-numbered errors.
func TestCLIImport(t *testing.T) {
	srv, svc, customer, token := apiServer(t)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("model,mac,description,workplace\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "yealink-t46s,80:5e:c0:%02x:%02x:%02x,Desk %d,\n", i>>16&0xff, i>>8&0xff, i&0xff, i)
	}
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	common := []string{"--server", srv.URL, "--token", token}
	out, errOut, err := runSplit(t, append([]string{"device", "import", "--customer", customer, good}, common...)...)
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, out, errOut)
	}
	if !regexp.MustCompile(`^imported 3000 devices in \d+\.\d s\n$`).MatchString(out) {
		t.Errorf("summary %q", out)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "(100%), 3000 rows") || !strings.HasPrefix(last, "sent ") {
		t.Errorf("progress ends with %q", last)
	}
	if got := customerDevices(t, svc, customer); got != 3000 {
		t.Errorf("%d devices stored, want 3000", got)
	}

	bad := filepath.Join(dir, "bad.csv")
	file := "model,mac,description,workplace\n" +
		"yealink-t46s,805ec1000001,a,\nyealink-t99,805ec1000002,b,\nyealink-t46s,805ec1000003,c,\n" +
		"yealink-t46s,805ec1000004,d,\nyealink-t46s,805ec1000005,e,\nyealink-t46s,80:5e:c0:00:00:01,f,\n"
	if err := os.WriteFile(bad, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, err = runSplit(t, append([]string{"device", "import", "--customer", customer, bad}, common...)...)
	if err == nil || !strings.Contains(err.Error(), "nothing was imported: 2 line(s)") || !strings.Contains(err.Error(), "HTTP 422") {
		t.Errorf("refused import: %v", err)
	}
	for _, want := range []string{`line 3 model: unknown model "yealink-t99"`, "line 7 mac: MAC 805ec0000001 is already registered"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if out != "" {
		t.Errorf("a refused import printed %q on stdout", out)
	}
	if got := customerDevices(t, svc, customer); got != 3000 {
		t.Errorf("a refused import left %d devices, want 3000", got)
	}
	// Without --customer the admin token's customer is the one: the same
	// file meets the same refusal.
	if _, _, err := runSplit(t, append([]string{"device", "import", bad}, common...)...); err == nil || !strings.Contains(err.Error(), "line(s) of the file have errors") {
		t.Errorf("without --customer: %v", err)
	}
}

// TestCLIKeys sets a device's function keys from a JSON file and reads
// them back; a bad key is refused with the key named.
func TestCLIKeys(t *testing.T) {
	srv, svc, customer, token := apiServer(t)
	d, err := svc.CreateDevice(context.Background(), switchboard.System, customer, "", app.DeviceInput{Model: "yealink-t46s"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keys := `[{"module": 0, "index": 1, "type": "blf", "value": "201", "label": "Anna"},
		{"module": 1, "index": 40, "type": "speed_dial", "value": "*21#"}]`
	file := filepath.Join(dir, "keys.json")
	if err := os.WriteFile(file, []byte(keys), 0o600); err != nil {
		t.Fatal(err)
	}
	common := []string{"--server", srv.URL, "--token", token}
	out, _, err := runSplit(t, append([]string{"device", "keys", "set", d.ID, "--file", file}, common...)...)
	if err != nil || !strings.Contains(out, "Anna") || !strings.Contains(out, "*21#") {
		t.Fatalf("keys set: %v\n%s", err, out)
	}
	out, _, err = runSplit(t, append([]string{"device", "keys", "get", d.ID, "--json"}, common...)...)
	var got []switchboard.FunctionKey
	if err != nil || json.Unmarshal([]byte(out), &got) != nil || len(got) != 2 || got[1] != (switchboard.FunctionKey{Module: 1, Index: 40, Type: "speed_dial", Value: "*21#"}) {
		t.Errorf("keys get: %v %s", err, out)
	}
	if err := os.WriteFile(file, []byte(`[{"module": 0, "index": 99, "type": "blf", "value": "201"}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runSplit(t, append([]string{"device", "keys", "set", d.ID, "--file", file}, common...)...); err == nil || !strings.Contains(err.Error(), "key 99 on the phone") {
		t.Errorf("bad key: %v", err)
	}
	if err := os.WriteFile(file, []byte(`{"module": 0}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runSplit(t, append([]string{"device", "keys", "set", d.ID, "--file", file}, common...)...); err == nil || !strings.Contains(err.Error(), "JSON list") {
		t.Errorf("not a list: %v", err)
	}
}
