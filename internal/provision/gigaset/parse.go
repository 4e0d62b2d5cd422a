package gigaset

import (
	"errors"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// format is the <provisioning> file.
var format = vendorkit.XML{Vendor: Vendor, Root: "provisioning"}

// Parse reads a Gigaset provisioning file: <param name value> elements,
// <oper name value> elements whose own parameters are named
// "<oper name>.<oper value>.<param name>" (an <oper> without a value is
// named by its name alone), and the <file version url> of <firmware> as
// "firmware.version" and "firmware.url". A parameter given twice is an
// error; the root must be <provisioning>.
func Parse(body []byte) (map[string]string, error) {
	oper, firmware := "", false
	return format.Parse(body, func(out vendorkit.Settings, e vendorkit.Element) error {
		switch {
		case e.End:
			switch e.Name() {
			case "oper":
				oper = ""
			case "firmware":
				firmware = false
			}
		case e.Name() == "firmware":
			firmware = true
		case e.Name() == "file" && firmware:
			if err := out.Set("firmware.version", e.Attr("version")); err != nil {
				return err
			}
			return out.Set("firmware.url", e.Attr("url"))
		case e.Name() == "oper":
			oper = e.Attr("name")
			if v := e.Attr("value"); v != "" {
				oper += "." + v
			}
			return out.Set(oper, "")
		case e.Name() == "param":
			name := e.Attr("name")
			if name == "" {
				return errors.New("a <param> has no name")
			}
			if oper != "" {
				name = oper + "." + name
			}
			return out.Set(name, e.Attr("value"))
		}
		return nil
	})
}

// Account extracts the account of handset n, the profile's line n in
// Switchboard's samples, with the settings of the provider it uses.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	a := "SipAccount." + hs(n) + "."
	if parsed[a+"UserName"] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("gigaset: handset %d has no account in the profile", n)
	}
	sp := "SipProvider." + parsed[a+"ProviderId"] + "."
	t, _ := transportCodes.Value(parsed[sp+"TransportProtocol"])
	acc := switchboard.LineAccount{
		Username: parsed[a+"UserName"], AuthName: parsed[a+"AuthName"], Password: parsed[a+"AuthPassword"],
		DisplayName: parsed[a+"DisplayName"], Registrar: parsed[sp+"RegServerAddress"],
		Port: vendorkit.Port(parsed[sp+"RegServerPort"]), Transport: t,
		SRTP: vendorkit.SRTPOf(parsed[sp+"SRTP_Enabled"] == "1", parsed[sp+"AcceptNonSRTPCalls"] == "0"),
	}
	if px := parsed[sp+"ProxyServerAddress"]; px != acc.Registrar {
		acc.Proxy = px
	}
	return vendorkit.CheckAccount(fmt.Sprintf("gigaset: provider of handset %d", n), acc)
}
