package gigaset

import (
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Bootstrap writes the file a Gigaset base gets at the zero-touch URLs
// (named after mac, "{mac}" without one): Provisioning.global.
// ProvisioningServer set to the base's own directory URL (srcWazo). No key
// is known to make the base check again at once; it reads its own URL at
// its next check or restart.
func Bootstrap(m switchboard.Model, mac, url string) ([]switchboard.File, error) {
	b := vendorkit.NewXML(m.Name)
	b.WriteString(`<provisioning version="1.1" productID="e2">` + "\n  <nvm>\n")
	b.WriteString(`    <param name="Provisioning.global.ProvisioningServer"` + vendorkit.Attr("value", url) + "/>\n")
	b.WriteString("  </nvm>\n</provisioning>\n")
	return []switchboard.File{{Name: vendorkit.Or(mac, "{mac}") + ".xml", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}

// BootstrapURL reads the provisioning URL back from a parsed bootstrap, as
// the phone takes it.
func BootstrapURL(parsed map[string]string) string {
	return parsed["Provisioning.global.ProvisioningServer"]
}
