package poly

import (
	"encoding/xml"
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Bootstrap writes what a Poly phone gets at the zero-touch URLs (named
// after mac, "{mac}" without one): the master file, which carries no
// secret and names the per-device file as Render's does, and the
// per-device file that sets the provisioning server to the phone's own
// directory URL (device.prov.serverName with device.set, srcDevice). UC
// Software restarts to apply a changed device.* setting (as recalled from
// the Administrator's Guide's device parameters, not confirmed against a
// public copy) and so provisions from its own URL at once; polling is
// switched on as well (srcPolling) in case it does not. The per-device
// file is last: it is the one that spends a one-time claim.
func Bootstrap(m switchboard.Model, mac, url string) ([]switchboard.File, error) {
	dev := &element{name: "device"}
	dev.set("device.set", "1")
	dev.set("device.prov.serverName", url)
	dev.set("device.prov.serverName.set", "1")
	prov := &element{name: "prov"}
	prov.set("prov.polling.enabled", "1")
	prov.set("prov.polling.mode", "rel")
	prov.set("prov.polling.period", strconv.Itoa(minPolling))
	user := vendorkit.NewXML(m.Name)
	user.WriteString("<polycomConfig>\n")
	writeElement(user, dev)
	writeElement(user, prov)
	user.WriteString("</polycomConfig>\n")

	var master vendorkit.XMLWriter
	master.WriteString(xml.Header)
	writeElement(&master, &element{name: "APPLICATION", attrs: [][2]string{
		{"APP_FILE_PATH", "sip.ld"}, {"CONFIG_FILES", "[PHONE_MAC_ADDRESS]-user.cfg"},
	}})
	mac = vendorkit.Or(mac, "{mac}")
	return []switchboard.File{
		{Name: mac + ".cfg", ContentType: vendorkit.XMLType, Body: master.Bytes()},
		{Name: mac + "-user.cfg", ContentType: vendorkit.XMLType, Body: user.Bytes()},
	}, nil
}

// BootstrapURL reads the provisioning URL back from a parsed bootstrap, as
// the phone takes it.
func BootstrapURL(parsed map[string]string) string { return parsed["device.prov.serverName"] }
