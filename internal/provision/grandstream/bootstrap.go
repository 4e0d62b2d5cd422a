package grandstream

import (
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Bootstrap writes the file a Grandstream phone gets at the zero-touch
// URLs (named after mac, "{mac}" without one): configuration over HTTPS
// (P212 2) from the phone's own directory (P237), checked every hour, the
// shortest interval the firmware takes (P194 1, P193 60; keys.go). A
// Grandstream phone applies a provisioning file without a restart (SIP
// Device Provisioning Guide, which describes a provisioning server
// redirecting a device to another one this way), and the next check reads
// its own URL.
func Bootstrap(m switchboard.Model, mac, url string) ([]switchboard.File, error) {
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<gs_provision version=\"1\">\n  <config version=\"1\">\n")
	for _, kv := range [][2]string{{"P212", "2"}, {"P237", strings.TrimPrefix(url, "https://")}, {"P194", "1"}, {"P193", "60"}} {
		b.Leaf("    ", kv[0], "", kv[1])
	}
	b.WriteString("  </config>\n</gs_provision>\n")
	return []switchboard.File{{Name: "cfg" + vendorkit.Or(mac, "{mac}") + ".xml", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}

// BootstrapURL reads the provisioning URL back from a parsed bootstrap, as
// the phone takes it.
func BootstrapURL(parsed map[string]string) string { return "https://" + parsed["P237"] }
