package portal_test

import (
	"bytes"
	"image/png"
	"net/http"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestQRCode: a soft client's page shows its QR code to its user, and the
// image is a PNG; a desk phone has none; another workplace's user gets
// neither.
func TestQRCode(t *testing.T) {
	e := newEnv(t, portal.Options{})
	sc, err := e.svc.CreateDevice(e.ctx, switchboard.System, e.acme.cust.ID, e.acme.wp1.ID,
		app.DeviceInput{Model: "softclient-mobile", Description: "acme mobile"})
	e.must(err)
	img := `<img class="qr" src="/devices/` + sc.ID + `/qr.png"`
	user, other := e.loggedIn(e.acme.wp1.Username), e.loggedIn(e.acme.wp2.Username)
	if p := user.get("/devices/" + sc.ID); !strings.Contains(p.body, img) {
		t.Errorf("the soft client's page shows no QR code: %d", p.status)
	}
	p := user.get("/devices/" + sc.ID + "/qr.png")
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "image/png" {
		t.Fatalf("QR code: %d %q", p.status, p.header.Get("Content-Type"))
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader([]byte(p.body))); err != nil || cfg.Width != 256 {
		t.Errorf("QR code is no 256 px PNG: %v %+v", err, cfg)
	}
	for _, c := range []struct {
		who    *browser
		path   string
		status int
	}{
		{user, "/devices/" + e.acme.desk1.ID + "/qr.png", http.StatusConflict},
		{other, "/devices/" + sc.ID + "/qr.png", http.StatusNotFound},
	} {
		if got := c.who.get(c.path); got.status != c.status {
			t.Errorf("%s: %d, want %d", c.path, got.status, c.status)
		}
	}
	if p := user.get("/devices/" + e.acme.desk1.ID); p.status != http.StatusOK || strings.Contains(p.body, `class="qr"`) {
		t.Errorf("a desk phone's page: %d, QR code shown %v", p.status, strings.Contains(p.body, `class="qr"`))
	}
}
