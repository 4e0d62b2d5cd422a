package sim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

// TestUpgradeURLFromEveryVendor renders a profile naming a firmware URL
// for a model of each vendor the simulator plays and reads it back from
// the vendor's own key, as the phone would; a vendor without a firmware
// key yields none.
func TestUpgradeURLFromEveryVendor(t *testing.T) {
	models, err := Models(Vendors())
	if err != nil {
		t.Fatal(err)
	}
	const u = "https://prov.example.net:8448/0123456789abcdef0123456789abcdef0123456789abcdef/firmware-2.0-fw.bin"
	for _, m := range models {
		mac, _ := MAC(m.Vendor, "install", 1)
		files, err := vendors.Render(vendortest.SampleProfile(m, 1, mac, u), m)
		if err != nil {
			t.Fatalf("%s: %v", m.ID, err)
		}
		parsed, err := vendors.ParseFiles(m, files)
		if err != nil {
			t.Fatalf("%s: %v", m.ID, err)
		}
		got := upgradeURL(m, parsed)
		want := u
		if firmwares[m.Vendor].upgradeKey == "" {
			want = ""
		}
		if got != want {
			t.Errorf("%s: firmware URL read back %q, want %q", m.ID, got, want)
		}
	}
}

// TestFailingPhones checks that listed MACs and a share of all phones
// fail to install, the same ones every time.
func TestFailingPhones(t *testing.T) {
	o := Options{FailFirmwareMACs: []string{"001565000001"}, FailFirmwareShare: 0.25}
	if !o.FailsFirmware("001565000001") {
		t.Error("a listed MAC does not fail")
	}
	failing := 0
	for i := range 1000 {
		mac, _ := MAC("yealink", "share", i)
		if o.FailsFirmware(mac) {
			failing++
		}
		if o.FailsFirmware(mac) != o.FailsFirmware(mac) {
			t.Fatal("a phone fails only sometimes")
		}
	}
	if failing < 200 || failing > 300 {
		t.Errorf("%d of 1000 phones fail with a share of 0.25", failing)
	}
	if (&Options{}).FailsFirmware("001565000001") {
		t.Error("a phone fails without being told to")
	}
}

// TestDownloadReadsTheImageVersion serves a simulated image and a file
// that is none.
func TestDownloadReadsTheImageVersion(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sim.bin") {
			_, _ = w.Write(Image("66.86.0.200", 100_000))
			return
		}
		_, _ = w.Write([]byte("MZ\x90\x00 not an image of ours"))
	}))
	defer srv.Close()
	for path, want := range map[string]string{"/sim.bin": "66.86.0.200", "/other.bin": ""} {
		got, err := download(context.Background(), srv.Client(), srv.URL+path, "Yealink SIP-T46S 66.86.0.160")
		if err != nil || got != want {
			t.Errorf("%s: version %q, %v; want %q", path, got, err, want)
		}
	}
}
