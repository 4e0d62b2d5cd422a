package vendors_test

import (
	"bytes"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// TestFirmwareKeyIsDeclaredTruly renders every model's profile with a
// pinned firmware: the URL appears in the files exactly for the models
// that declare a firmware key, so the use cases refuse pins for the
// others and accept them for these (Model.CheckFirmwarePin).
func TestFirmwareKeyIsDeclaredTruly(t *testing.T) {
	const u = "https://prov.example.net:8448/0123456789abcdef0123456789abcdef0123456789abcdef/firmware-2.65.0-image.bin"
	for _, m := range catalogue(t).Models() {
		named := false
		if m.Kind != switchboard.KindDECTHandset {
			p := sample(m, "f")
			p.FirmwareURL, p.FirmwareVersion = u, "2.65.0"
			files, err := vendors.Render(p, m)
			if err != nil {
				t.Fatalf("%s: %v", m.ID, err)
			}
			for _, f := range files {
				// Some write it without the scheme (Grandstream's P192).
				named = named || bytes.Contains(f.Body, []byte(strings.TrimPrefix(u, "https://")))
			}
		}
		if named != m.FirmwareKey {
			t.Errorf("%s: the profile names the firmware: %v; the model declares a firmware key: %v", m.ID, named, m.FirmwareKey)
		}
	}
}
