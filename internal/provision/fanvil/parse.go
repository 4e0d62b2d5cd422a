package fanvil

import (
	"errors"
	"fmt"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// format is the <sysConf> file.
var format = vendorkit.XML{Vendor: Vendor, Root: "sysConf", Empty: "no setting in the file"}

// Parse reads a <sysConf> file into its leaf settings, each named by its
// element path below the root with "[i]" for an index attribute, e.g.
// "sip.line[1].PhoneNumber". A setting given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	var path []string
	return format.Parse(body, func(out vendorkit.Settings, e vendorkit.Element) error {
		if !e.End {
			if e.Depth() > 17 {
				return errors.New("elements nested too deep")
			}
			name := e.Name()
			for _, a := range e.Start.Attr {
				if a.Name.Local == "index" {
					name += "[" + a.Value + "]"
				}
			}
			path = append(path, name)
			return nil
		}
		defer func() { path = path[:len(path)-1] }()
		if e.Leaf && len(path) > 1 {
			return out.Set(strings.Join(path[1:], "."), e.Text())
		}
		return nil
	})
}

// Account extracts SIP line n (from 1); a missing MediaCrypto means no
// SRTP.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	l := fmt.Sprintf("sip.line[%d].", n)
	if parsed[l+"EnableReg"] != "1" || parsed[l+"PhoneNumber"] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("fanvil: line %d is not registered in the profile", n)
	}
	t, _ := transportCodes.Value(parsed[l+"Transport"])
	s, _ := cryptoCodes.Value(vendorkit.Or(parsed[l+"MediaCrypto"], "0"))
	return vendorkit.CheckAccount(fmt.Sprintf("fanvil: line %d", n), switchboard.LineAccount{
		Username: parsed[l+"PhoneNumber"], AuthName: parsed[l+"RegisterUser"], Password: parsed[l+"RegisterPswd"],
		DisplayName: parsed[l+"DisplayName"], Registrar: parsed[l+"RegisterAddr"], Proxy: parsed[l+"ProxyAddr"],
		Port: vendorkit.Port(parsed[l+"RegisterPort"]), Transport: t, SRTP: s,
	})
}
