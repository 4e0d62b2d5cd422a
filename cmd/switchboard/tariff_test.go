package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLoadTariff: serve's --tariff file prices calls; a bad line or a
// missing file stops serve with the file and line named; no file is no
// tariff (calls cost nothing).
func TestLoadTariff(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	log := slog.New(slog.DiscardHandler)
	tariff, err := loadTariff(write("ok.csv", "# prices\n+49,9,10\n"), log)
	if err != nil || tariff.Cost("+4930123456", 90*time.Second) != 28 {
		t.Errorf("good tariff: %v", err)
	}
	if none, err := loadTariff("", log); err != nil || none.Cost("+4930123456", time.Hour) != 0 {
		t.Errorf("no tariff: %v", err)
	}
	bad := write("bad.csv", "+49,9\n+33,nine\n")
	for path, want := range map[string]string{bad: "tariff line 2", filepath.Join(dir, "missing.csv"): "--tariff"} {
		if _, err := loadTariff(path, log); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("loadTariff(%s) = %v; want an error naming %q", path, err, want)
		}
	}
}

// TestCLICharges shows a month's spending of the customer by its flags.
func TestCLICharges(t *testing.T) {
	srv, _, customer, token := apiServer(t)
	out, _, err := runSplit(t, "charges", "--customer", customer, "--month", "2026-02", "--json", "--server", srv.URL, "--token", token)
	if err != nil || !strings.Contains(out, `"month": "2026-02"`) || !strings.Contains(out, `"workplaces": []`) {
		t.Errorf("charges: %v\n%s", err, out)
	}
	if _, _, err := runSplit(t, "charges", "--customer", customer, "--month", "February", "--server", srv.URL, "--token", token); err == nil {
		t.Errorf("charges --month February: no error")
	}
}
