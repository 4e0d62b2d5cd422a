package snom

import (
	"fmt"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// format is the settings file.
var format = vendorkit.XML{Vendor: Vendor, Root: "settings"}

// containers hold settings but are none themselves.
var containers = map[string]bool{"settings": true, "phone-settings": true, "functionKeys": true}

// Parse reads a Snom XML settings file into "name" or "name[idx]" keys
// (function keys also give "fkey[idx].label" and ".context"). The root must
// be <settings>; a setting given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	key := ""
	return format.Parse(body, func(out vendorkit.Settings, e vendorkit.Element) error {
		switch {
		case containers[e.Name()]:
			return nil
		case e.End:
			k := key
			key = ""
			return out.Set(k, e.Text())
		case key != "":
			return fmt.Errorf("setting %s contains an element", key)
		}
		key = e.Name()
		if idx := e.Attr("idx"); idx != "" {
			key += "[" + idx + "]"
		}
		if e.Name() != "fkey" {
			return nil
		}
		if err := out.Set(key+".label", e.Attr("label")); err != nil {
			return err
		}
		return out.Set(key+".context", e.Attr("context"))
	})
}

// Account extracts identity n (from 1) the way the phone registers it: all
// requests go to the outbound host, "host:port;transport=x".
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	i := "[" + strconv.Itoa(n) + "]"
	if parsed["user_active"+i] != "on" || parsed["user_name"+i] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("snom: identity %d is not active in the profile", n)
	}
	hostPort, params, _ := strings.Cut(parsed["user_outbound"+i], ";")
	host, port := vendorkit.HostPort(hostPort)
	t := switchboard.TransportUDP
	for _, p := range strings.Split(params, ";") {
		if v, ok := strings.CutPrefix(p, "transport="); ok {
			t = switchboard.Transport(strings.ToLower(v))
		}
	}
	srtp := switchboard.SRTP(parsed["user_savp"+i])
	if parsed["user_srtp"+i] != "on" {
		srtp = switchboard.SRTPOff
	}
	return vendorkit.CheckAccount(fmt.Sprintf("snom: identity %d", n), switchboard.LineAccount{
		Username: parsed["user_name"+i], AuthName: parsed["user_pname"+i], Password: parsed["user_pass"+i],
		DisplayName: parsed["user_realname"+i], Registrar: host, Port: port, Transport: t, SRTP: srtp,
	})
}
