package switchboard_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// FuzzFirmwareValidate feeds versions and file names an uploader sends:
// whatever Validate accepts makes a served name a provisioning URL can
// carry unescaped (the provisioning server's own path rules), and never
// one that climbs out of the key directory.
func FuzzFirmwareValidate(f *testing.F) {
	for _, s := range [][2]string{{"66.86.0.160", "T46S-66.86.0.160.rom"}, {"1.0", "sip.ld"}, {"../x", "a"}, {"1", ".hidden"},
		{"1", "a/b"}, {"1", "a%2e%2e"}, {strings.Repeat("9", 33), "x"}, {"1", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, version, name string) {
		fw := switchboard.Firmware{Model: "yealink-t46s", Version: version, FileName: name}
		if fw.Validate() != nil {
			return
		}
		served := fw.ServedName()
		if len(served) > 96 || strings.Contains(served, "..") || strings.ContainsAny(served, "/%\\ ") || served[0] == '.' {
			t.Fatalf("accepted version %q and file name %q give the served name %q", version, name, served)
		}
		for _, c := range served {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '_' || c == '-') {
				t.Fatalf("served name %q holds %q", served, c)
			}
		}
	})
}
