package audiocodes

import (
	"bytes"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Bootstrap writes the INI file an AudioCodes gateway gets at the
// zero-touch URLs (named after mac, "{mac}" without one): IniFileURL set
// to its own provisioning URL (srcNotes) and the automatic update every
// minute (AutoUpdateFrequency, srcAUPD), so it reads its own URL within a
// minute; its own profile sets the real interval.
func Bootstrap(m switchboard.Model, mac, url string) ([]switchboard.File, error) {
	var b bytes.Buffer
	b.WriteString("; Switchboard bootstrap for an " + clean(m.Name) + "\n\n[SYSTEM Params]\nAutoUpdateFrequency = 1\n\n[SIP Params]\n")
	b.WriteString("IniFileURL = '" + clean(url) + "'\n")
	return []switchboard.File{{Name: vendorkit.Or(mac, "{mac}") + ".ini", ContentType: vendorkit.TextType, Body: b.Bytes()}}, nil
}

// BootstrapURL reads the provisioning URL back from a parsed bootstrap, as
// the phone takes it.
func BootstrapURL(parsed map[string]string) string { return parsed["IniFileURL"] }
