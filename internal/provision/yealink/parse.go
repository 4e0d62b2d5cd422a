package yealink

import (
	"errors"
	"fmt"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// passwordKey may appear once per web interface account ("<login
// name>:<pw>"); Parse stores each as passwordKey + "[" + account + "]".
const passwordKey = "static.security.user_password"

// webAccounts are the firmware's web interface accounts; each is named by
// static.security.user_name.<account>, by default the account itself.
var webAccounts = []string{"admin", "user", "var"}

// format is the line format of every Yealink file.
var format = vendorkit.Lines{Vendor: Vendor, Header: header, Comment: '#'}

// Parse reads a Yealink configuration file into its keys and values, the
// way the phone does: the first line must be the version header, '#' starts
// a comment, each other line is "key = value". A key given twice is an
// error, except the password key, which is kept per account: the login
// name before its ':' picks the account (static.security.user_name.*, or
// the account's default name), and the value is stored under
// passwordKey + "[admin]", "[user]" or "[var]" (under the login name
// itself when it names no account).
func Parse(body []byte) (map[string]string, error) {
	out, err := format.Parse(body, func(out vendorkit.Settings, line string) error {
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
	if err != nil {
		return nil, err
	}
	return byAccount(out)
}

// byAccount moves each password from its login name to its account.
func byAccount(parsed map[string]string) (map[string]string, error) {
	moves := map[string]string{}
	for k := range parsed {
		name, ok := strings.CutPrefix(k, passwordKey+"[")
		if !ok {
			continue
		}
		name = strings.TrimSuffix(name, "]")
		for _, acc := range webAccounts {
			if vendorkit.Or(parsed["static.security.user_name."+acc], acc) == name {
				if acc != name {
					moves[k] = passwordKey + "[" + acc + "]"
				}
				break
			}
		}
	}
	for from, to := range moves {
		if _, dup := parsed[to]; dup {
			return nil, fmt.Errorf("%s: %s is set twice", Vendor, to)
		}
		parsed[to] = parsed[from]
		delete(parsed, from)
	}
	return parsed, nil
}

// Account extracts line n (from 1) of a parsed profile the way the phone
// would register it. Merge the parsed maps of all fetched files first. A
// missing srtp_encryption means off, %NULL% an empty value.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	a := fmt.Sprintf("account.%d.", n)
	get := func(k string) string {
		if v := parsed[a+k]; v != null {
			return v
		}
		return ""
	}
	if get("enable") != "1" || get("user_name") == "" {
		return switchboard.LineAccount{}, fmt.Errorf("yealink: account %d is not enabled in the profile", n)
	}
	t, _ := transportCodes.Value(get("sip_server.1.transport_type"))
	s, _ := srtpCodes.Value(vendorkit.Or(get("srtp_encryption"), "0"))
	acc := switchboard.LineAccount{
		Username: get("user_name"), AuthName: get("auth_name"), Password: get("password"),
		DisplayName: get("display_name"), Registrar: get("sip_server.1.address"),
		Port: vendorkit.Port(get("sip_server.1.port")), Transport: t, SRTP: s,
	}
	if get("outbound_proxy_enable") == "1" {
		acc.Proxy = get("outbound_proxy.1.address")
	}
	return vendorkit.CheckAccount(fmt.Sprintf("yealink: account %d", n), acc)
}
