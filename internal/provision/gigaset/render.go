package gigaset

import (
	"fmt"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// transportCodes are SipProvider.N.TransportProtocol values (wazo).
var transportCodes = vendorkit.TransportCodes("1", "2", "3")

// hs writes a handset number the way the base does: five digits.
func hs(n int) string { return fmt.Sprintf("%05d", n) }

// regWindow is how long the registration window stays open for a handset
// to be paired, in seconds (wazo's value).
const regWindow = 900

// Render writes the base's {mac}.xml: one SIP provider (the registrar) and
// one SIP account per handset, the account of the handset's first line
// (the base gives each handset one account, so further lines of a handset
// are not written); a line no handset uses is not written. Line n of the
// profile is read back as the account of handset n. Handsets the file
// does not add are removed from the base (DeleteNotProvisionedHS), so a
// handset removed in Switchboard loses its registration and account.
// Every handset gets the base's PIN; when one is to be paired, the
// registration window opens when the base reads the file.
//
// A pinned firmware goes into <firmware><file version url> (srcFirmware):
// the base fetches the file when the version is newer than its own and
// restarts into it. It does not go back to an older version this way, so
// a rollback leaves a base that installed the new version on it.
//
// The base gets no resync interval: the sources in keys.go name no
// provisioning parameter for a periodic fetch of the N670/N870 (the
// "Provisioning polling" page of the Gigaset wiki is for the Desktop IP
// PRO desk phones, whose settings carry Snom's names, not for the bases),
// so Profile.Resync is not written; the base fetches at boot and on
// check-sync.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	s := p.Server
	b := vendorkit.NewXML(m.Name)
	b.WriteString(`<provisioning version="1.1" productID="e2">` + "\n")
	if p.FirmwareURL != "" && p.FirmwareVersion != "" {
		b.WriteString("  <firmware>\n    <file" + vendorkit.Attr("version", p.FirmwareVersion) + vendorkit.Attr("url", p.FirmwareURL) + "/>\n  </firmware>\n")
	}
	b.WriteString("  <nvm>\n")
	param := func(indent, name, value string) {
		b.WriteString(indent + `<param name="` + name + `"` + vendorkit.Attr("value", value) + "/>\n")
	}
	b.WriteString("    <oper name=\"DeleteNotProvisionedHS\"/>\n")
	if p.AdminPassword != "" {
		param("    ", "WebUIAccounts.1.Password", p.AdminPassword)
	}
	if p.ProvisioningURL != "" {
		param("    ", "Provisioning.global.ProvisioningServer", p.ProvisioningURL)
	}
	writeDirectory(param, p)
	if len(p.NTPServers) > 0 {
		param("    ", "DmGlobal.0.NtpServer", strings.Join(p.NTPServers, ","))
	}
	if tz, ok := timeZones[p.TimeZone]; ok {
		param("    ", "DmGlobal.0.TimeZone", tz)
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
	pair := false
	for _, h := range p.Handsets {
		n := hs(h.Index)
		l := p.Lines[h.Lines[0]-1]
		b.WriteString(`    <oper name="add_hs" value="` + n + "\">\n")
		param("      ", "hs.RegStatus", "ToReg")
		b.WriteString("    </oper>\n")
		if p.HandsetPIN != "" {
			param("    ", "hs."+n+".DECT_AC", p.HandsetPIN)
		}
		param("    ", "SipAccount."+n+".AuthName", vendorkit.Or(l.AuthName, l.Username))
		param("    ", "SipAccount."+n+".AuthPassword", l.Password)
		param("    ", "SipAccount."+n+".UserName", l.Username)
		param("    ", "SipAccount."+n+".DisplayName", l.DisplayName)
		param("    ", "SipAccount."+n+".ProviderId", "0")
		vm, active := l.Voicemail, "0"
		if vm != "" {
			active = "1"
		}
		param("    ", "SipAccount."+n+".VoiceMailMailbox", vm)
		param("    ", "SipAccount."+n+".VoiceMailActive", active)
		pair = pair || h.Pair
	}
	if pair && !p.BuiltAt.IsZero() {
		// Opens the base's registration window from the fetch on, so
		// the person only starts the registration on the handset and
		// types the PIN.
		b.WriteString("    <oper name=\"update_dm\" value=\"local\">\n")
		param("      ", "RegStart", strconv.FormatInt(p.BuiltAt.Unix(), 10))
		param("      ", "RegDuration", strconv.Itoa(regWindow))
		b.WriteString("    </oper>\n")
	}
	b.WriteString("  </nvm>\n</provisioning>\n")
	return []switchboard.File{{Name: vendorkit.Or(p.MAC, "{mac}") + ".xml", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}
