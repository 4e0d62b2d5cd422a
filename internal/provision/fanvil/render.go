package fanvil

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var transportCodes = vendorkit.TransportCodes("0", "1", "3")

var cryptoCodes = vendorkit.SRTPCodes("0", "1", "2")

// Render writes {mac}.cfg ("{mac}.cfg" without a MAC).
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	s := p.Server
	port := strconv.Itoa(s.ActivePort())
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<sysConf>\n    <Version>2.0000000000</Version>\n    <sip>\n")
	set := func(indent, name, value string) { b.Leaf(indent, name, "", value) }
	const in = "            "
	for i, l := range p.Lines {
		fmt.Fprintf(b, "        <line index=\"%d\">\n", i+1)
		set(in, "PhoneNumber", l.Username)
		set(in, "DisplayName", l.DisplayName)
		set(in, "RegisterAddr", s.Registrar)
		set(in, "RegisterPort", port)
		set(in, "RegisterUser", vendorkit.Or(l.AuthName, l.Username))
		set(in, "RegisterPswd", l.Password)
		set(in, "EnableReg", "1")
		if s.Proxy != "" {
			set(in, "ProxyAddr", s.Proxy)
			set(in, "ProxyPort", port)
		}
		set(in, "Transport", transportCodes[s.Transport])
		set(in, "MediaCrypto", cryptoCodes[s.SRTP])
		if l.Voicemail != "" {
			set(in, "MWINum", l.Voicemail)
		}
		b.WriteString("        </line>\n")
	}
	b.WriteString("    </sip>\n")
	if p.AdminPassword != "" {
		b.WriteString("    <phone>\n")
		set("        ", "MenuPassword", p.AdminPassword)
		b.WriteString("    </phone>\n")
	}
	if u, err := url.Parse(p.ProvisioningURL); err == nil && u.Scheme == "https" && u.Host != "" {
		b.WriteString("    <ap>\n")
		set("        ", "FlashServerIP", u.Host)
		set("        ", "FlashFileName", strings.TrimPrefix(u.Path, "/"))
		set("        ", "FlashProtocol", "5")
		b.WriteString("    </ap>\n")
	}
	b.WriteString("</sysConf>\n")
	return []switchboard.File{{Name: vendorkit.Or(p.MAC, "{mac}") + ".cfg", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}
