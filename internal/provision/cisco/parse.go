package cisco

import (
	"fmt"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// format is the <flat-profile> file.
var format = vendorkit.XML{Vendor: Vendor, Root: "flat-profile"}

// Parse reads a <flat-profile>: each child element is a parameter named by
// the element (attributes such as ua are access flags, not values). A
// parameter given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	return format.Parse(body, func(out vendorkit.Settings, e vendorkit.Element) error {
		switch {
		case !e.End && e.Depth() > 2:
			return fmt.Errorf("parameter %s contains an element", e.Path[1])
		case e.End && e.Depth() == 2:
			return out.Set(e.Name(), e.Text())
		}
		return nil
	})
}

var srtps = map[string]switchboard.SRTP{"Optional": switchboard.SRTPOptional, "Required": switchboard.SRTPMandatory, "Strict": switchboard.SRTPMandatory}

// Account extracts line n (from 1).
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	s := fmt.Sprintf("_%d_", n)
	if parsed["Line_Enable"+s] != "Yes" || parsed["User_ID"+s] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("cisco: line %d is not enabled in the profile", n)
	}
	host, port := vendorkit.HostPort(parsed["Proxy"+s])
	srtp := switchboard.SRTPOff
	if v, ok := srtps[parsed["Secure_Call_Option"+s]]; ok && parsed["Secure_Call_Serv"] == "Yes" {
		srtp = v
	}
	proxy, _ := vendorkit.HostPort(parsed["Outbound_Proxy"+s])
	return vendorkit.CheckAccount(fmt.Sprintf("cisco: line %d", n), switchboard.LineAccount{
		Username: parsed["User_ID"+s], AuthName: vendorkit.Or(parsed["Auth_ID"+s], parsed["User_ID"+s]), Password: parsed["Password"+s],
		DisplayName: parsed["Display_Name"+s], Registrar: host, Proxy: proxy, Port: port,
		Transport: switchboard.Transport(strings.ToLower(parsed["SIP_Transport"+s])), SRTP: srtp,
	})
}
