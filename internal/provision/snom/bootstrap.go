package snom

import (
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Bootstrap writes the per-device file a Snom phone gets at the zero-touch
// URLs (named after mac, "{MAC}" without one): setting_server set to the
// phone's own provisioning URL and settings_refresh_timer to a minute
// (srcProv), so the phone reads its own URL within a minute; its own
// profile then sets the real interval.
func Bootstrap(m switchboard.Model, mac, url string) ([]switchboard.File, error) {
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<settings>\n  <phone-settings>\n")
	b.Leaf("    ", "setting_server", ` perm="R"`, url)
	b.Leaf("    ", "settings_refresh_timer", ` perm="R"`, "60")
	b.WriteString("  </phone-settings>\n</settings>\n")
	model := strings.TrimPrefix(m.Name, "Snom ")
	return []switchboard.File{{
		Name: "snom" + model + "-" + vendorkit.Or(strings.ToUpper(mac), "{MAC}") + ".htm", ContentType: vendorkit.XMLType, Body: b.Bytes(),
	}}, nil
}

// BootstrapURL reads the provisioning URL back from a parsed bootstrap, as
// the phone takes it.
func BootstrapURL(parsed map[string]string) string { return parsed["setting_server"] }
