package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestCLIFleetDiffQR runs "fleet", "device diff" and "device qr" against
// the real API as a customer's administrator: the fleet counts the
// device, the difference shows the never-fetched file whole, and a desk
// phone's QR code is refused with the reason.
func TestCLIFleetDiffQR(t *testing.T) {
	srv, svc, customer, token := apiServer(t)
	d, err := svc.CreateDevice(context.Background(), switchboard.System, customer, "", app.DeviceInput{Model: "yealink-t54w", MAC: "001565aa0001"})
	if err != nil {
		t.Fatal(err)
	}
	global := []string{"--server", srv.URL, "--token", token}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"fleet"}, "devices"},
		{[]string{"fleet", "--customer", customer, "--json"}, `"never_seen"`},
		{[]string{"device", "diff", d.ID}, "(not_fetched)"},
	} {
		out, _, err := runSplit(t, append(c.args, global...)...)
		if err != nil || !strings.Contains(out, c.want) {
			t.Errorf("%v: %v, output lacks %q:\n%s", c.args, err, c.want, out)
		}
	}
	soft, err := svc.CreateDevice(context.Background(), switchboard.System, customer, "", app.DeviceInput{Model: "softclient-mobile"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "soft.png")
	if _, _, err := runSplit(t, append([]string{"device", "qr", soft.ID, "--out", file, "--size", "128"}, global...)...); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("QR code file: %v, not a PNG", err)
	}
	_, _, err = runSplit(t, append([]string{"device", "qr", d.ID, "--out", filepath.Join(t.TempDir(), "qr.png")}, global...)...)
	if err == nil || !strings.Contains(err.Error(), "only soft clients") {
		t.Errorf("QR code of a desk phone: %v, want the refusal's reason", err)
	}
}
