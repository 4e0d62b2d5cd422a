package grandstream

import (
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// format is the <gs_provision> file.
var format = vendorkit.XML{Vendor: Vendor, Root: "gs_provision"}

// Parse reads a <gs_provision> file: each element inside <config> is a
// P-value named by the element. A P-value given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	return format.Parse(body, func(out vendorkit.Settings, e vendorkit.Element) error {
		switch {
		case !e.End && e.Depth() > 3:
			return fmt.Errorf("P-value %s contains an element", e.Path[2])
		case e.End && e.Depth() == 3 && e.Path[1] == "config":
			return out.Set(e.Name(), e.Text())
		}
		return nil
	})
}

// Account extracts account n with the P-values of its slot. A missing
// SRTP mode means off.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	if n < 1 || n > 6 {
		return switchboard.LineAccount{}, fmt.Errorf("grandstream: no phone has an account %d", n)
	}
	a := accountP(n)
	if parsed[a.active] != "1" || parsed[a.userID] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("grandstream: account %d is not active in the profile", n)
	}
	host, port := vendorkit.HostPort(parsed[a.server])
	proxy, _ := vendorkit.HostPort(parsed[a.proxy])
	t, _ := transportCodes.Value(parsed[a.transport])
	s, _ := srtpCodes.Value(vendorkit.Or(parsed[a.srtp], "0"))
	return vendorkit.CheckAccount(fmt.Sprintf("grandstream: account %d", n), switchboard.LineAccount{
		Username: parsed[a.userID], AuthName: parsed[a.authID], Password: parsed[a.password], DisplayName: parsed[a.display],
		Registrar: host, Proxy: proxy, Port: port, Transport: t, SRTP: s,
	})
}
