package yealink

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MaxFile is the largest file Parse reads.
const MaxFile = 1 << 20

// passwordKey may appear once per user ("admin:<pw>", "user:<pw>"); Parse
// stores each as passwordKey + "[" + user + "]".
const passwordKey = "static.security.user_password"

// Parse reads a Yealink configuration file into its keys and values, the
// way the phone does: the first line must be the version header, '#' starts
// a comment, each other line is "key = value". A key given twice is an
// error, except the password key, which is kept per user.
func Parse(body []byte) (map[string]string, error) {
	if len(body) > MaxFile {
		return nil, fmt.Errorf("yealink: file of %d bytes is larger than %d", len(body), MaxFile)
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), MaxFile+1)
	out := map[string]string{}
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimSuffix(sc.Text(), "\r"))
		if n == 1 {
			if line != header {
				return nil, fmt.Errorf("yealink: first line must be %q", header)
			}
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			return nil, fmt.Errorf("yealink: line %d is not key = value", n)
		}
		if k == passwordKey {
			user, _, found := strings.Cut(v, ":")
			if !found || user == "" {
				return nil, fmt.Errorf("yealink: line %d: %s needs user:password", n, passwordKey)
			}
			k += "[" + user + "]"
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("yealink: line %d sets %s a second time", n, k)
		}
		out[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("yealink: %w", err)
	}
	if n == 0 {
		return nil, fmt.Errorf("yealink: empty file")
	}
	return out, nil
}

// transports maps transport_type codes back.
var transports = map[string]switchboard.Transport{"0": switchboard.TransportUDP, "1": switchboard.TransportTCP, "2": switchboard.TransportTLS}

// srtps maps srtp_encryption codes back.
var srtps = map[string]switchboard.SRTP{"": switchboard.SRTPOff, "0": switchboard.SRTPOff, "1": switchboard.SRTPOptional, "2": switchboard.SRTPMandatory}

// Account extracts line n (from 1) of a parsed profile the way the phone
// would register it. Merge the parsed maps of all fetched files first.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	a := fmt.Sprintf("account.%d.", n)
	if parsed[a+"enable"] != "1" || parsed[a+"user_name"] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("yealink: account %d is not enabled in the profile", n)
	}
	port, err := strconv.Atoi(parsed[a+"sip_server.1.port"])
	if err != nil || port < 1 || port > 65535 {
		return switchboard.LineAccount{}, fmt.Errorf("yealink: account %d has no valid port", n)
	}
	t, ok := transports[parsed[a+"sip_server.1.transport_type"]]
	if !ok {
		return switchboard.LineAccount{}, fmt.Errorf("yealink: account %d has an unknown transport", n)
	}
	s, ok := srtps[parsed[a+"srtp_encryption"]]
	if !ok {
		return switchboard.LineAccount{}, fmt.Errorf("yealink: account %d has an unknown SRTP setting", n)
	}
	acc := switchboard.LineAccount{
		Username: parsed[a+"user_name"], AuthName: parsed[a+"auth_name"], Password: parsed[a+"password"],
		DisplayName: parsed[a+"display_name"], Registrar: parsed[a+"sip_server.1.address"],
		Port: port, Transport: t, SRTP: s,
	}
	if parsed[a+"outbound_proxy_enable"] == "1" {
		acc.Proxy = parsed[a+"outbound_proxy.1.address"]
	}
	return acc, nil
}
