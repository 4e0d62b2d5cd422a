package gigaset

import (
	"fmt"
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// transportCodes are SipProvider.N.TransportProtocol values (wazo).
var transportCodes = vendorkit.TransportCodes("1", "2", "3")

// timeZones are the names the base accepts for DmGlobal.0.TimeZone (the
// European part of wazo's list); others are left to the base's default.
var timeZones = map[string]bool{
	"Europe/Amsterdam": true, "Europe/Berlin": true, "Europe/Brussels": true, "Europe/Copenhagen": true,
	"Europe/Dublin": true, "Europe/Helsinki": true, "Europe/Lisbon": true, "Europe/London": true,
	"Europe/Luxembourg": true, "Europe/Madrid": true, "Europe/Oslo": true, "Europe/Paris": true,
	"Europe/Prague": true, "Europe/Rome": true, "Europe/Stockholm": true, "Europe/Vienna": true,
	"Europe/Warsaw": true, "Europe/Zurich": true, "Europe/Athens": true, "Europe/Bucharest": true,
}

// hs writes a handset number the way the base does: five digits.
func hs(n int) string { return fmt.Sprintf("%05d", n) }

// Render writes the base's {mac}.xml: one SIP provider (the registrar) and
// one SIP account per handset, the account of the handset's first line; a
// line no handset uses is not written. Line n of the profile is read back
// as the account of handset n.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	s := p.Server
	b := vendorkit.NewXML(m.Name)
	b.WriteString(`<provisioning version="1.1" productID="e2">` + "\n  <nvm>\n")
	param := func(indent, name, value string) {
		b.WriteString(indent + `<param name="` + name + `"` + vendorkit.Attr("value", value) + "/>\n")
	}
	if p.AdminPassword != "" {
		param("    ", "WebUIAccounts.1.Password", p.AdminPassword)
	}
	if p.ProvisioningURL != "" {
		param("    ", "Provisioning.global.ProvisioningServer", p.ProvisioningURL)
	}
	if timeZones[p.TimeZone] {
		param("    ", "DmGlobal.0.TimeZone", p.TimeZone)
	}
	// The base obeys check-sync;reboot=true only when this is on (Gigaset
	// wiki "SIP check-sync mechanism", firmware 2.52 and later), and the
	// model declares that it can be restarted.
	param("    ", "SystemSettings.global.CheckSyncRebootEnabled", "1")
	proxy := vendorkit.Or(s.Proxy, s.Registrar)
	port := strconv.Itoa(s.ActivePort())
	param("    ", "SipProvider.0.Name", "Switchboard")
	param("    ", "SipProvider.0.Domain", s.Domain)
	param("    ", "SipProvider.0.ProxyServerAddress", proxy)
	param("    ", "SipProvider.0.ProxyServerPort", port)
	param("    ", "SipProvider.0.RegServerAddress", s.Registrar)
	param("    ", "SipProvider.0.RegServerPort", port)
	param("    ", "SipProvider.0.TransportProtocol", transportCodes[s.Transport])
	srtp, plain := "0", "1"
	if s.SRTP != switchboard.SRTPOff {
		srtp = "1"
	}
	if s.SRTP == switchboard.SRTPMandatory {
		plain = "0"
	}
	param("    ", "SipProvider.0.SRTP_Enabled", srtp)
	param("    ", "SipProvider.0.AcceptNonSRTPCalls", plain)
	for _, h := range p.Handsets {
		n := hs(h.Index)
		l := p.Lines[h.Lines[0]-1]
		b.WriteString(`    <oper name="add_hs" value="` + n + "\">\n")
		param("      ", "hs.RegStatus", "ToReg")
		b.WriteString("    </oper>\n")
		param("    ", "SipAccount."+n+".AuthName", vendorkit.Or(l.AuthName, l.Username))
		param("    ", "SipAccount."+n+".AuthPassword", l.Password)
		param("    ", "SipAccount."+n+".UserName", l.Username)
		param("    ", "SipAccount."+n+".DisplayName", l.DisplayName)
		param("    ", "SipAccount."+n+".ProviderId", "0")
		if l.Voicemail != "" {
			param("    ", "SipAccount."+n+".VoiceMailMailbox", l.Voicemail)
			param("    ", "SipAccount."+n+".VoiceMailActive", "1")
		}
	}
	b.WriteString("  </nvm>\n</provisioning>\n")
	return []switchboard.File{{Name: vendorkit.Or(p.MAC, "{mac}") + ".xml", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}
