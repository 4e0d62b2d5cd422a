package poly

import (
	"fmt"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// format is any XML file: element names do not matter.
var format = vendorkit.XML{Vendor: Vendor}

// Parse reads a Poly configuration file: every attribute of every element
// is a setting, element names do not matter (vendors.md §2 "Format"). A
// setting given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	return format.Parse(body, func(out vendorkit.Settings, e vendorkit.Element) error {
		if e.End {
			return nil
		}
		for _, a := range e.Start.Attr {
			k := a.Name.Local
			if a.Name.Space != "" {
				k = a.Name.Space + ":" + k
			}
			if err := out.Set(k, a.Value); err != nil {
				return err
			}
		}
		return nil
	})
}

// Account extracts line n (from 1) of the merged parse of a profile's
// files the way the phone would register it.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	r := fmt.Sprintf("reg.%d.", n)
	user, _, _ := strings.Cut(parsed[r+"address"], "@")
	if user == "" {
		return switchboard.LineAccount{}, fmt.Errorf("poly: registration %d is not in the profile", n)
	}
	t, _ := transportNames.Value(parsed[r+"server.1.transport"])
	return vendorkit.CheckAccount(fmt.Sprintf("poly: registration %d", n), switchboard.LineAccount{
		Username: user, AuthName: parsed[r+"auth.userId"], Password: parsed[r+"auth.password"],
		DisplayName: parsed[r+"displayName"], Registrar: parsed[r+"server.1.address"],
		Proxy: parsed[r+"outboundProxy.address"], Port: vendorkit.Port(parsed[r+"server.1.port"]), Transport: t,
		SRTP: vendorkit.SRTPOf(parsed["sec.srtp.enable"] == "1", parsed["sec.srtp.require"] == "1"),
	})
}
