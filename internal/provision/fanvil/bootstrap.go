package fanvil

import (
	"fmt"
	"net/url"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Bootstrap writes the file a Fanvil phone gets at the zero-touch URLs
// (named after mac, "{mac}" without one): its provisioning server and
// file (ap.Flash*, keys.go srcNotes) set to its own provisioning URL over
// HTTPS, checked every hour, the shortest interval (FlashMode 2,
// FlashInterval 1).
func Bootstrap(m switchboard.Model, mac, provURL string) ([]switchboard.File, error) {
	u, err := url.Parse(provURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("fanvil: the provisioning URL must be an https URL")
	}
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<sysConf>\n    <Version>2.0000000000</Version>\n    <ap>\n")
	const in1 = "        "
	for _, kv := range [][2]string{
		{"DownloadCommonConf", "0"}, {"FlashServerIP", u.Host}, {"FlashFileName", strings.TrimPrefix(u.Path, "/")},
		{"FlashProtocol", "5"}, {"FlashMode", "2"}, {"FlashInterval", "1"},
	} {
		b.Leaf(in1, kv[0], "", kv[1])
	}
	b.WriteString("    </ap>\n</sysConf>\n")
	return []switchboard.File{{Name: vendorkit.Or(mac, "{mac}") + ".cfg", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}

// BootstrapURL reads the provisioning URL back from a parsed bootstrap, as
// the phone takes it.
func BootstrapURL(parsed map[string]string) string {
	return "https://" + parsed["ap.FlashServerIP"] + "/" + parsed["ap.FlashFileName"]
}
