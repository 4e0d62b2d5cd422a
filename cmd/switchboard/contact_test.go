package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIContacts adds a contact, imports two more from a file, lists all
// three and deletes one; a file with a bad line is refused with the line
// named.
func TestCLIContacts(t *testing.T) {
	srv, _, customer, token := apiServer(t)
	common := []string{"--server", srv.URL, "--token", token, "--customer", customer}
	run := func(args ...string) (string, string, error) {
		return runSplit(t, append(args, common...)...)
	}
	out, errOut, err := run("contact", "add", "--name", "Empfang", "--number", "100", "--number", "+49 30 1234567", "--json")
	if err != nil || !strings.Contains(out, `"+49301234567"`) {
		t.Fatalf("add: %v\n%s%s", err, out, errOut)
	}
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.csv"), filepath.Join(dir, "bad.csv")
	for name, body := range map[string]string{
		good: "name;numbers;company\nMüller;+4930555|300;Bau AG\nLager;301;\n",
		bad:  "name,numbers\nOk,302\nBroken,abc\n",
	} {
		if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, errOut, err := run("contact", "import", good); err != nil || !strings.HasPrefix(out, "imported 2 contacts") {
		t.Errorf("import: %v %q %q", err, out, errOut)
	}
	if _, errOut, err := run("contact", "import", bad); err == nil || !strings.Contains(errOut, "line 3") {
		t.Errorf("refused import: %v, stderr %q", err, errOut)
	}
	out, _, err = run("contact", "list")
	if err != nil || !strings.Contains(out, "Müller") || !strings.Contains(out, "Lager") || strings.Contains(out, "Broken") {
		t.Errorf("list: %v\n%s", err, out)
	}
	id := strings.Fields(strings.Split(strings.TrimSpace(out), "\n")[1])[0]
	if _, errOut, err := run("contact", "delete", id); err != nil {
		t.Errorf("delete %s: %v %s", id, err, errOut)
	}
	if _, _, err := run("contact", "show", id); err == nil {
		t.Errorf("show after delete succeeded")
	}
}
