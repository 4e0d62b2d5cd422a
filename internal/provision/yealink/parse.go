package yealink

import (
	"errors"
	"fmt"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// passwordKey may appear once per user ("admin:<pw>", "user:<pw>"); Parse
// stores each as passwordKey + "[" + user + "]".
const passwordKey = "static.security.user_password"

// format is the line format of every Yealink file.
var format = vendorkit.Lines{Vendor: Vendor, Header: header, Comment: '#'}

// Parse reads a Yealink configuration file into its keys and values, the
// way the phone does: the first line must be the version header, '#' starts
// a comment, each other line is "key = value". A key given twice is an
// error, except the password key, which is kept per user.
func Parse(body []byte) (map[string]string, error) {
	return format.Parse(body, func(out vendorkit.Settings, line string) error {
		k, v, ok := vendorkit.KeyValue(line)
		if !ok {
			return errors.New("not key = value")
		}
		if k == passwordKey {
			user, _, found := strings.Cut(v, ":")
			if !found || user == "" {
				return fmt.Errorf("%s needs user:password", passwordKey)
			}
			k += "[" + user + "]"
		}
		return out.Set(k, v)
	})
}

// Account extracts line n (from 1) of a parsed profile the way the phone
// would register it. Merge the parsed maps of all fetched files first. A
// missing srtp_encryption means off.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	a := fmt.Sprintf("account.%d.", n)
	if parsed[a+"enable"] != "1" || parsed[a+"user_name"] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("yealink: account %d is not enabled in the profile", n)
	}
	t, _ := transportCodes.Value(parsed[a+"sip_server.1.transport_type"])
	s, _ := srtpCodes.Value(vendorkit.Or(parsed[a+"srtp_encryption"], "0"))
	acc := switchboard.LineAccount{
		Username: parsed[a+"user_name"], AuthName: parsed[a+"auth_name"], Password: parsed[a+"password"],
		DisplayName: parsed[a+"display_name"], Registrar: parsed[a+"sip_server.1.address"],
		Port: vendorkit.Port(parsed[a+"sip_server.1.port"]), Transport: t, SRTP: s,
	}
	if parsed[a+"outbound_proxy_enable"] == "1" {
		acc.Proxy = parsed[a+"outbound_proxy.1.address"]
	}
	return vendorkit.CheckAccount(fmt.Sprintf("yealink: account %d", n), acc)
}
