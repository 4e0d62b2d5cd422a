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

// Account extracts account n; only account 1 is provisioned. A missing
// SRTP mode means off.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	if n != 1 || parsed["P271"] != "1" || parsed["P35"] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("grandstream: account %d is not active in the profile", n)
	}
	host, port := vendorkit.HostPort(parsed["P47"])
	proxy, _ := vendorkit.HostPort(parsed["P48"])
	t, _ := transportCodes.Value(parsed["P130"])
	s, _ := srtpCodes.Value(vendorkit.Or(parsed["P183"], "0"))
	return vendorkit.CheckAccount("grandstream: account 1", switchboard.LineAccount{
		Username: parsed["P35"], AuthName: parsed["P36"], Password: parsed["P34"], DisplayName: parsed["P3"],
		Registrar: host, Proxy: proxy, Port: port, Transport: t, SRTP: s,
	})
}
