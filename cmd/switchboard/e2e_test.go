package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sim"
)

// serveNode is one serve running in-process with the addresses a phone
// and the API client need.
type serveNode struct {
	http, sip, sipTLS string
	ls                *listeners
	// done receives what serve returned; stop ends serve and checks it
	// returned nil.
	done <-chan error
	stop func()
}

// startNode runs serve in-process on listeners bound to loopback port 0,
// kept open and handed over, and waits for /readyz.
func startNode(t *testing.T, dataDir string, extra ...string) *serveNode {
	t.Helper()
	const port0 = "127.0.0.1:0"
	return startNodeOn(t, dataDir, serveConfig{http: port0, prov: port0, sip: port0, sipTLS: port0}, extra...)
}

// startNodeOn is startNode with the phone-facing listeners on the
// addresses of c (port 0) instead of loopback.
func startNodeOn(t *testing.T, dataDir string, c serveConfig, extra ...string) *serveNode {
	t.Helper()
	ls, err := listen(c)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	n := &serveNode{http: ls.http.Addr().String(), sip: ls.sipTCP.Addr().String(), sipTLS: ls.sipTLS.Addr().String(), ls: ls, done: done}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := serveCommandOn(&globals{data: dataDir}, ls)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(append([]string{"--public-host", "127.0.0.1", "--log-level", "warn"}, extra...))
	exited := make(chan struct{})
	go func() { done <- cmd.ExecuteContext(ctx); close(exited) }()
	n.stop = func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve ended with %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop within 20 s of the signal")
		}
	}
	if err := waitHealthy(ctx, "http://"+n.http+"/readyz", exited); err != nil {
		cancel()
		if errors.Is(err, errStopped) {
			err = <-done
		}
		t.Fatalf("serve did not become ready: %v", err)
	}
	if resp, err := http.Get("http://" + n.http + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("a ready node is not alive: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	return n
}

// startServe runs serve as startNode does and returns its API address.
func startServe(t *testing.T, dataDir string, extra ...string) (httpAddr string, stop func()) {
	t.Helper()
	n := startNode(t, dataDir, extra...)
	return n.http, n.stop
}

// run executes one CLI command in-process and returns what it printed.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	root := newRoot()
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := run(t, args...)
	if err != nil {
		t.Fatalf("switchboard %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func jsonField(t *testing.T, out, field string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	s, _ := m[field].(string)
	return s
}

// startDefaultHost runs serve as the README does, with the default
// --public-host (this machine's host name), its phone-facing listeners on
// the address that name resolves to; where the name is not this machine's
// it falls back to loopback. It returns the node and the host phones are
// sent to.
func startDefaultHost(t *testing.T, data string) (*serveNode, string) {
	t.Helper()
	name, err := os.Hostname()
	ip, ok := sim.LocalAddr(name)
	if err != nil || !ok {
		t.Logf("host name %q is not this machine's (%v): serving on loopback", name, err)
		return startNode(t, data), "127.0.0.1"
	}
	at := net.JoinHostPort(ip.String(), "0")
	return startNodeOn(t, data, serveConfig{http: "127.0.0.1:0", prov: at, sip: at, sipTLS: at}, "--public-host="), name
}

// TestReadmeWalkthrough follows the README: start the server on a fresh
// data directory with its default public host, set up a customer from the
// command line, then run the README's sim command against it.
func TestReadmeWalkthrough(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	n, host := startDefaultHost(t, data)
	defer n.stop()
	addr := n.http

	fi, err := os.Stat(filepath.Join(data, operatorTokenFile))
	if err != nil {
		t.Fatalf("first start wrote no operator token: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("operator token mode %v, want 0600", fi.Mode().Perm())
	}
	cli := []string{"--server", "http://" + addr, "--data", data}
	c := func(args ...string) string { return mustRun(t, append(args, cli...)...) }

	cust := jsonField(t, c("customer", "create", "--name", "Acme GmbH", "--admin-email", "it@acme.example", "--json"), "id")
	site := jsonField(t, c("site", "create", "--customer", cust, "--name", "Berlin", "--time-zone", "Europe/Berlin", "--json"), "id")
	c("number", "add", "--customer", cust, "+49301234500", "+49 30 1234501")
	free := c("number", "list", "--customer", cust, "--free")
	if !strings.Contains(free, "+49301234501") {
		t.Fatalf("free numbers table lacks the added number:\n%s", free)
	}
	wp := jsonField(t, c("workplace", "create", "--customer", cust, "--site", site, "--first-name", "Anna",
		"--last-name", "Schmidt", "--email", "anna@acme.example", "--email-confirm", "anna@acme.example",
		"--no-mobile", "--username", "anna.schmidt", "--extension", "200", "--numbers", "+49301234500",
		"--package", "basic", "--json"), "id")
	free = c("number", "list", "--customer", cust, "--free")
	if strings.Contains(free, "+49301234500") {
		t.Errorf("assigned number still listed as free:\n%s", free)
	}
	table := c("workplace", "list", "--customer", cust)
	if !strings.Contains(table, "anna.schmidt") || !strings.Contains(table, "USERNAME") {
		t.Errorf("workplace table:\n%s", table)
	}
	// The workplace is ordered; serve's order worker activates it.
	state := ""
	for deadline := time.Now().Add(15 * time.Second); state != "active" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		state = jsonField(t, c("workplace", "get", wp, "--json"), "state")
	}
	if state != "active" {
		t.Errorf("workplace is %q after its order, want active", state)
	}
	if !strings.Contains(c("event", "list", "--customer", cust), "order.done") {
		t.Error("the carried-out order is missing from the audit trail")
	}
	if orders := c("order", "list", "--customer", cust); !strings.Contains(orders, "create_workplace") || !strings.Contains(orders, "done") {
		t.Errorf("order table does not show the done workplace order:\n%s", orders)
	}
	// Without --smtp the mails wait in the outbox, readable by the operator.
	if msgs := c("message", "list", "--customer", cust, "--state", "pending"); !strings.Contains(msgs, "welcome") || !strings.Contains(msgs, "anna@acme.example") {
		t.Errorf("welcome mail not waiting in the outbox:\n%s", msgs)
	}
	if out, err := run(t, append([]string{"workplace", "admin-password", wp}, cli...)...); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("admin password shown before any device fetched it: %v\n%s", err, out)
	}

	// A rule from the seeds refused with its reason, and nothing created.
	out, err := run(t, append([]string{"workplace", "create", "--customer", cust, "--site", site, "--first-name", "B",
		"--last-name", "B", "--email", "b@acme.example", "--email-confirm", "b@acme.example", "--no-mobile",
		"--username", "bernd", "--extension", "7812"}, cli...)...)
	if err == nil || !strings.Contains(err.Error(), "77 or 78") {
		t.Errorf("extension 7812 accepted or reason missing: %v\n%s", err, out)
	}
	if strings.Contains(c("workplace", "list", "--customer", cust), "bernd") {
		t.Error("refused workplace was created")
	}

	models := c("model", "list", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(models), &list); err != nil {
		t.Fatalf("model list: %v\n%s", err, models)
	}
	model := ""
	for _, m := range list {
		if m["vendor"] == "yealink" && m["kind"] == "desk_phone" {
			model = m["id"].(string)
			break
		}
	}
	if model == "" {
		t.Fatalf("no Yealink desk phone in the catalogue:\n%s", models)
	}
	dev := c("device", "create", "--workplace", wp, "--model", model, "--mac", "00:15:65:12:34:56", "--json")
	devID := jsonField(t, dev, "id")
	if url := jsonField(t, dev, "provisioning_url"); !strings.HasPrefix(url, "https://"+host+":") || !strings.HasSuffix(url, "/") || jsonField(t, dev, "url_form") != "directory" {
		t.Errorf("provisioning_url = %q", url)
	}
	sip := c("device", "sip-account", devID, "--json")
	if jsonField(t, sip, "username") == "" || jsonField(t, sip, "password") == "" {
		t.Errorf("device has no SIP account on creation:\n%s", sip)
	}
	if !strings.Contains(c("event", "list", "--customer", cust), "device.create") {
		t.Error("device creation missing from the audit trail")
	}

	// The README's sim command, as written but for the port.
	out, err = run(t, "sim", "--api", "http://"+addr, "--phones", "100", "--vendors", "yealink,poly,snom,grandstream", "--insecure", "--data", data)
	if err != nil || !regexp.MustCompile(`(?m)^100 phones: 100 online, 0 errors, [0-9.]+ s$`).MatchString(out) {
		t.Errorf("the README's sim command: %v\n%s", err, out)
	}
	// A simulated phone in the user's own customer, as the README shows.
	out, err = run(t, "sim", "--api", "http://"+addr, "--customer", cust, "--phones", "1", "--insecure", "--data", data)
	if err != nil || !regexp.MustCompile(`(?m)^1 phones: 1 online, 0 errors, [0-9.]+ s$`).MatchString(out) {
		t.Errorf("the README's sim command for the own customer: %v\n%s", err, out)
	}
}

// TestOfflineTokenAndRestart creates an admin token offline in the data
// directory of a stopped server, restarts it, and uses the token.
func TestOfflineTokenAndRestart(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	addr, stop := startServe(t, data)
	cust := jsonField(t, mustRun(t, "customer", "create", "--name", "Beta AG", "--admin-email", "it@beta.example",
		"--json", "--server", "http://"+addr, "--data", data), "id")
	stop()

	tok := strings.TrimSpace(mustRun(t, "token", "create", "--offline", "--data", data, "--role", "admin", "--customer", cust))
	if !strings.HasPrefix(tok, "sb_") {
		t.Fatalf("offline token %q", tok)
	}
	first, _ := os.ReadFile(filepath.Join(data, operatorTokenFile))

	addr, stop = startServe(t, data)
	defer stop()
	second, _ := os.ReadFile(filepath.Join(data, operatorTokenFile))
	if !bytes.Equal(first, second) {
		t.Error("restart replaced the operator token")
	}
	out := mustRun(t, "customer", "get", cust, "--server", "http://"+addr, "--token", tok)
	if !strings.Contains(out, "Beta AG") {
		t.Errorf("admin token cannot read its customer:\n%s", out)
	}
	if _, err := run(t, "customer", "create", "--name", "X", "--admin-email", "x@x.example", "--server", "http://"+addr, "--token", tok); err == nil {
		t.Error("an admin token created a customer")
	}
	if _, err := run(t, "customer", "list", "--server", "http://"+addr, "--token", "sb_wrong"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("unknown token: %v", err)
	}
}

// TestEnvironmentOverridesFlags checks SWITCHBOARD_<FLAG> for serve flags.
func TestEnvironmentOverridesFlags(t *testing.T) {
	t.Setenv("SWITCHBOARD_ACCESS_NETWORKS", "not-a-cidr")
	_, err := run(t, "serve", "--data", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "access-networks") {
		t.Errorf("bad SWITCHBOARD_ACCESS_NETWORKS not reported: %v", err)
	}
}
