package audiocodes

import (
	"bytes"
	"fmt"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var transportCodes = vendorkit.TransportCodes("0", "1", "2")

// Render writes the adapter's INI file ("<mac>.ini", "{mac}.ini" without a
// MAC): global SIP parameters, then one row per port in the proxy,
// authentication, trunk group and caller display tables.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	for i, l := range p.Lines {
		for _, v := range []string{l.Username, l.AuthName, l.Password} {
			if clean(v) != v {
				return nil, fmt.Errorf("audiocodes: the SIP account of line %d contains quotes, commas, ';' or control characters, which the INI format cannot carry", i+1)
			}
		}
	}
	s := p.Server
	hostPort := fmt.Sprintf("%s:%d", s.Registrar, s.ActivePort())
	proxy := hostPort
	if s.Proxy != "" {
		proxy = fmt.Sprintf("%s:%d", s.Proxy, s.ActivePort())
	}
	var b bytes.Buffer
	b.WriteString("; Switchboard device profile for an " + clean(m.Name) + "\n\n[SIP Params]\n")
	set := func(k, v string) { b.WriteString(k + " = " + v + "\n") }
	set("IsProxyUsed", "1")
	set("ProxyName", "'"+clean(s.Domain)+"'")
	set("IsRegisterNeeded", "1")
	set("RegistrarIP", "'"+clean(hostPort)+"'")
	set("SIPTransportType", transportCodes[s.Transport])
	switch s.SRTP {
	case switchboard.SRTPOff:
		set("EnableMediaSecurity", "0")
	case switchboard.SRTPOptional:
		set("EnableMediaSecurity", "1")
		set("MediaSecurityBehaviour", "0")
	default:
		set("EnableMediaSecurity", "1")
		set("MediaSecurityBehaviour", "1")
	}
	set("AuthenticationMode", "0")
	// The gateway ignores the check-sync NOTIFY the model declares unless
	// SIP remote reset is on; it is off by default.
	set("EnableSIPRemoteReset", "1")
	if p.ProvisioningURL != "" {
		set("IniFileURL", "'"+clean(p.ProvisioningURL)+"'")
	}
	table := func(name string, columns []string, rows [][]string) {
		fmt.Fprintf(&b, "\n[ %s ]\nFORMAT %s_Index = %s;\n", name, name, strings.Join(prefixed(name, columns), ", "))
		for i, r := range rows {
			fmt.Fprintf(&b, "%s %d = %s;\n", name, i, strings.Join(r, ", "))
		}
		fmt.Fprintf(&b, "[ \\%s ]\n", name)
	}
	table("ProxyIp", []string{"IpAddress", "TransportType", "ProxySetId"},
		[][]string{{quote(proxy), transportCodes[s.Transport], "0"}})
	var auth, trunk, display [][]string
	for i, l := range p.Lines {
		port := fmt.Sprint(i + 1)
		auth = append(auth, []string{quote(vendorkit.Or(l.AuthName, l.Username)), quote(l.Password), "1", port})
		trunk = append(trunk, []string{"1", port, port, quote(l.Username), "1"})
		display = append(display, []string{quote(l.DisplayName), "0", port, "1"})
	}
	table("Authentication", []string{"UserId", "UserPassword", "Module", "Port"}, auth)
	table("TrunkGroup", []string{"TrunkGroupNum", "FirstBChannel", "LastBChannel", "FirstPhoneNumber", "Module"}, trunk)
	table("CallerDisplayInfo", []string{"DisplayString", "IsCidRestricted", "Port", "Module"}, display)
	return []switchboard.File{{Name: vendorkit.Or(p.MAC, "{mac}") + ".ini", ContentType: vendorkit.TextType, Body: b.Bytes()}}, nil
}

func prefixed(table string, cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = table + "_" + c
	}
	return out
}

// clean drops what would end a value early: quotes, ';' and line breaks.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '"' || r == '\'' || r == ';' || r == ',':
			return -1
		case r < 0x20 || r == 0x7f:
			return ' '
		}
		return r
	}, s)
}

func quote(s string) string { return `"` + clean(s) + `"` }
