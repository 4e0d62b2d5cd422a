package api_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

// TestSoftClientQR fetches the QR code of a soft client's provisioning URL
// in two sizes, and sees a desk phone refused and another tenant's
// administrator told the device does not exist.
func TestSoftClientQR(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	soft := e.must(201, "POST", "/api/v1/workplaces/"+a.wp1+"/devices", a.admin, `{"model": "acme-soft"}`).str("id")
	for _, c := range []struct {
		query string
		size  int
	}{{"", 256}, {"?size=512", 512}} {
		r := e.must(200, "GET", "/api/v1/devices/"+soft+"/qr.png"+c.query, a.user1, nil)
		if ct := r.header.Get("Content-Type"); ct != "image/png" {
			t.Errorf("content type %q, want image/png", ct)
		}
		img, err := png.Decode(bytes.NewReader(r.raw))
		if err != nil {
			t.Fatalf("not a PNG: %v", err)
		}
		if bs := img.Bounds(); bs.Dx() != c.size || bs.Dy() != c.size {
			t.Errorf("size %v, want %d square", bs, c.size)
		}
	}
	r := e.must(409, "GET", "/api/v1/devices/"+a.dev1+"/qr.png", a.admin, nil)
	if !strings.Contains(string(r.raw), "only soft clients") {
		t.Errorf("refusal does not say why: %s", r.raw)
	}
	e.must(404, "GET", "/api/v1/devices/"+soft+"/qr.png", b.admin, nil)
	e.must(422, "GET", "/api/v1/devices/"+soft+"/qr.png?size=5000", a.admin, nil)
}
