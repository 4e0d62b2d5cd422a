package provision_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus/pgbus"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/provision"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// pgNode is one switchboard node on the shared database: its own store
// handle, change bus, use cases and provisioning server.
type pgNode struct {
	svc *app.Service
	srv *provision.Server
}

func newPGNode(t *testing.T, url string, kr *keyring.Keyring) pgNode {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, url, kr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b, err := pgbus.New(ctx, st.Pool(), pgbus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	cat, err := vendors.New()
	if err != nil {
		t.Fatal(err)
	}
	svc := app.New(app.Options{Store: st, Catalogue: cat, ProvisioningURL: provURL,
		SIP: app.SIPSettings{Domain: "sip.example.net", Registrar: "sip.example.net"}, Bus: b, FirmwareFiles: app.StoreFirmwareFiles(st)})
	srv, err := provision.New(provision.Options{Source: svc, Changes: b, FlushInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return pgNode{svc: svc, srv: srv}
}

// fetch asks node n for path.
func (n pgNode) fetch(path string) (int, string) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "10.0.0.5:5060"
	n.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// eventually polls cond for up to fifteen seconds (the machine may be busy).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 15s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCachesFollowChangesMadeOnAnotherNode(t *testing.T) {
	url := pgtest.URL(t)
	kr, err := keyring.New([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := newPGNode(t, url, kr), newPGNode(t, url, kr)
	ctx, sys := context.Background(), switchboard.System
	c, err := a.svc.CreateCustomer(ctx, sys, app.CustomerInput{Name: "Acme GmbH", AdminEmail: "admin@acme.example"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.svc.CreateDevice(ctx, sys, c.ID, "", app.DeviceInput{Model: "yealink-t54w", MAC: "001565aabbcc"})
	if err != nil {
		t.Fatal(err)
	}
	old := "/" + key(d) + ".cfg"
	// Node a's notices about the new device may still be on their way
	// and keep b from caching its first answer; it caches soon after.
	eventually(t, "node b caches the profile", func() bool {
		code, _ := b.fetch(old)
		return code == http.StatusOK && b.srv.Cached() == 1
	})

	_, err = a.svc.SetKeys(ctx, sys, d.ID, []switchboard.FunctionKey{{Module: 0, Index: 3, Type: switchboard.KeyBLF, Value: "203", Label: "Zentrale"}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	eventually(t, "node b serves the keys set on node a", func() bool {
		_, body := b.fetch(old)
		return strings.Contains(body, "Zentrale")
	})
	t.Logf("node b followed node a's change after %v", time.Since(start))

	nd, err := a.svc.NewKey(ctx, sys, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "node b refuses the old key", func() bool {
		code, _ := b.fetch(old)
		return code == http.StatusNotFound
	})
	if code, body := b.fetch("/" + key(nd) + ".cfg"); code != http.StatusOK || !strings.Contains(body, "Zentrale") {
		t.Errorf("node b with the new key: %d", code)
	}
}

// TestFirmwareUploadedOnOneNodeIsServedByAnother uploads a firmware of
// three chunks on node a and pins it: node b names it in the profile and
// serves it, whole and in a range, from the shared database.
func TestFirmwareUploadedOnOneNodeIsServedByAnother(t *testing.T) {
	url := pgtest.URL(t)
	kr, err := keyring.New([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := newPGNode(t, url, kr), newPGNode(t, url, kr)
	ctx, sys := context.Background(), switchboard.System
	c, err := a.svc.CreateCustomer(ctx, sys, app.CustomerInput{Name: "Acme GmbH", AdminEmail: "admin@acme.example"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.svc.CreateDevice(ctx, sys, c.ID, "", app.DeviceInput{Model: "yealink-t54w", MAC: "001565aabbcc"})
	if err != nil {
		t.Fatal(err)
	}
	content := strings.Repeat("0123456789", 250_000)
	fw, err := a.svc.UploadFirmware(ctx, sys, app.FirmwareUpload{Model: "yealink-t54w", Version: "96.86.0.120", FileName: "T54W.rom",
		Body: strings.NewReader(content)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.svc.SetFirmwarePin(ctx, sys, c.ID, app.PinInput{Model: "yealink-t54w", Firmware: fw.ID}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "node b names the pinned firmware", func() bool {
		_, body := b.fetch("/" + key(d) + ".cfg")
		return strings.Contains(body, fw.ServedName())
	})
	path := "/" + key(d) + "/" + fw.ServedName()
	if code, body := b.fetch(path); code != http.StatusOK || body != content {
		t.Fatalf("node b serves the firmware: %d, %d bytes of %d", code, len(body), len(content))
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "10.0.0.5:5060"
	req.Header.Set("Range", "bytes=2097150-2097159")
	b.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusPartialContent || rec.Body.String() != content[2097150:2097160] {
		t.Errorf("range across the second chunk border: %d %q", rec.Code, rec.Body.String())
	}
}
