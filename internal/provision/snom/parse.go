package snom

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MaxFile is the largest file Parse reads.
const MaxFile = 1 << 20

// containers hold settings but are none themselves.
var containers = map[string]bool{"settings": true, "phone-settings": true, "functionKeys": true}

// Parse reads a Snom XML settings file into "name" or "name[idx]" keys
// (function keys also give "fkey[idx].label" and ".context"). The root must
// be <settings>; a setting given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	if len(body) > MaxFile {
		return nil, fmt.Errorf("snom: file of %d bytes is larger than %d", len(body), MaxFile)
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	out := map[string]string{}
	depth, root := 0, false
	key := ""
	var text strings.Builder
	add := func(k, v string) error {
		if _, dup := out[k]; dup {
			return fmt.Errorf("snom: %s is set twice", k)
		}
		out[k] = v
		return nil
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("snom: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "settings" {
					return nil, fmt.Errorf("snom: root element is <%s>, not <settings>", t.Name.Local)
				}
				root = true
			}
			if containers[t.Name.Local] {
				continue
			}
			if key != "" {
				return nil, fmt.Errorf("snom: setting %s contains an element", key)
			}
			key = t.Name.Local
			if idx := attr(t, "idx"); idx != "" {
				key += "[" + idx + "]"
			}
			if t.Name.Local == "fkey" {
				if err := add(key+".label", attr(t, "label")); err != nil {
					return nil, err
				}
				if err := add(key+".context", attr(t, "context")); err != nil {
					return nil, err
				}
			}
			text.Reset()
		case xml.CharData:
			if key != "" {
				text.Write(t)
			}
		case xml.EndElement:
			depth--
			if key != "" && !containers[t.Name.Local] {
				if err := add(key, text.String()); err != nil {
					return nil, err
				}
				key = ""
			}
		}
	}
	if !root {
		return nil, fmt.Errorf("snom: no <settings> element")
	}
	return out, nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// Account extracts identity n (from 1) the way the phone registers it: all
// requests go to the outbound host, "host:port;transport=x".
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	i := "[" + strconv.Itoa(n) + "]"
	if parsed["user_active"+i] != "on" || parsed["user_name"+i] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("snom: identity %d is not active in the profile", n)
	}
	hostPort, params, _ := strings.Cut(parsed["user_outbound"+i], ";")
	host, portText, err := net.SplitHostPort(hostPort)
	if err != nil {
		return switchboard.LineAccount{}, fmt.Errorf("snom: identity %d has no outbound host:port", n)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 {
		return switchboard.LineAccount{}, fmt.Errorf("snom: identity %d has no valid port", n)
	}
	t := switchboard.TransportUDP
	for _, p := range strings.Split(params, ";") {
		if v, ok := strings.CutPrefix(p, "transport="); ok {
			t = switchboard.Transport(strings.ToLower(v))
		}
	}
	if !t.Valid() {
		return switchboard.LineAccount{}, fmt.Errorf("snom: identity %d has an unknown transport", n)
	}
	srtp := switchboard.SRTP(parsed["user_savp"+i])
	if parsed["user_srtp"+i] != "on" {
		srtp = switchboard.SRTPOff
	}
	if !srtp.Valid() {
		return switchboard.LineAccount{}, fmt.Errorf("snom: identity %d has an unknown SRTP setting", n)
	}
	return switchboard.LineAccount{
		Username: parsed["user_name"+i], AuthName: parsed["user_pname"+i], Password: parsed["user_pass"+i],
		DisplayName: parsed["user_realname"+i], Registrar: host, Port: port, Transport: t, SRTP: srtp,
	}, nil
}
