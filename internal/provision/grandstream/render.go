package grandstream

import (
	"fmt"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var transportCodes = vendorkit.TransportCodes("0", "1", "2")

var srtpCodes = vendorkit.SRTPCodes("0", "1", "2")

// keyModes are wazo's FUNCKEY_TYPES names; an extension key dials the
// extension, a group key watches the group's extension.
var keyModes = map[switchboard.KeyType]string{
	switchboard.KeyLine: "Line", switchboard.KeySpeedDial: "SpeedDial", switchboard.KeyBLF: "BLF",
	switchboard.KeyExtension: "SpeedDial", switchboard.KeyGroup: "BLF",
}

// cet is the POSIX rule of Central European Time that wazo-grandstream
// writes into P64 for Europe/Paris (common/common.py TZ_NAME).
const cet = "CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00"

// timeZones are the P64 values: the zones that keep Central European Time
// with the EU daylight saving rule; others are left to the phone's default.
var timeZones = map[string]string{
	"Europe/Paris": cet, "Europe/Berlin": cet, "Europe/Amsterdam": cet, "Europe/Brussels": cet,
	"Europe/Madrid": cet, "Europe/Rome": cet, "Europe/Vienna": cet, "Europe/Prague": cet,
}

// Render writes cfg<mac>.xml ("cfg{mac}.xml" without a MAC).
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	s := p.Server
	l := p.Lines[0]
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<gs_provision version=\"1\">\n  <config version=\"1\">\n")
	set := func(p, v string) { b.Leaf("    ", p, "", v) }
	port := strconv.Itoa(s.ActivePort())
	set("P271", "1")
	set("P270", vendorkit.Or(l.Label, l.DisplayName))
	set("P47", s.Registrar+":"+port)
	if s.Proxy != "" {
		set("P48", s.Proxy+":"+port)
	}
	set("P35", l.Username)
	set("P36", vendorkit.Or(l.AuthName, l.Username))
	set("P34", l.Password)
	set("P3", l.DisplayName)
	if l.Voicemail != "" {
		set("P33", l.Voicemail)
	}
	set("P130", transportCodes[s.Transport])
	set("P183", srtpCodes[s.SRTP])
	if p.Language != "" {
		set("P1362", p.Language)
	}
	if tz, ok := timeZones[p.TimeZone]; ok {
		set("P64", tz)
	}
	if p.AdminPassword != "" {
		set("P2", p.AdminPassword)
	}
	if p.WebPassword != "" {
		set("P196", p.WebPassword)
	}
	if p.ProvisioningURL != "" {
		set("P212", "2")
		set("P237", strings.TrimPrefix(p.ProvisioningURL, "https://"))
	}
	if p.FirmwareURL != "" {
		set("P192", strings.TrimPrefix(p.FirmwareURL, "https://"))
	}
	for _, k := range p.Keys {
		base := 23000 + 5*(k.Index-1)
		value := k.Value
		if k.Type == switchboard.KeyLine {
			value = ""
		}
		set(fmt.Sprintf("P%d", base), keyModes[k.Type])
		set(fmt.Sprintf("P%d", base+1), "0")
		set(fmt.Sprintf("P%d", base+2), k.Label)
		set(fmt.Sprintf("P%d", base+3), value)
	}
	b.WriteString("  </config>\n</gs_provision>\n")
	return []switchboard.File{{Name: "cfg" + vendorkit.Or(p.MAC, "{mac}") + ".xml", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}
