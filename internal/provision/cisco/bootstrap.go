package cisco

import (
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Bootstrap writes the flat profile a Cisco multiplatform phone gets at
// the zero-touch URLs (named after mac, "{mac}" without one): Profile_Rule
// set to its own provisioning URL (srcNotes), resync on reset and on a SIP
// NOTIFY, and a periodic resync after a minute (srcFusion), so the phone
// reads its own URL within a minute; its own profile sets the real period.
func Bootstrap(m switchboard.Model, mac, url string) ([]switchboard.File, error) {
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<flat-profile>\n")
	for _, kv := range [][2]string{{"Profile_Rule", url}, {"Resync_On_Reset", "Yes"}, {"Resync_From_SIP", "Yes"}, {"Resync_Periodic", "60"}} {
		b.Leaf("  ", kv[0], ` ua="na"`, kv[1])
	}
	b.WriteString("</flat-profile>\n")
	return []switchboard.File{{Name: vendorkit.Or(mac, "{mac}") + ".xml", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}

// BootstrapURL reads the provisioning URL back from a parsed bootstrap, as
// the phone takes it.
func BootstrapURL(parsed map[string]string) string { return parsed["Profile_Rule"] }
