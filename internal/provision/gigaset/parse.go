package gigaset

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MaxFile is the largest file Parse reads.
const MaxFile = 1 << 20

// Parse reads a Gigaset provisioning file: <param name value> elements,
// and <oper name value> elements whose own parameters are named
// "<oper name>.<oper value>.<param name>". A parameter given twice is an
// error; the root must be <provisioning>.
func Parse(body []byte) (map[string]string, error) {
	if len(body) > MaxFile {
		return nil, fmt.Errorf("gigaset: file of %d bytes is larger than %d", len(body), MaxFile)
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	out := map[string]string{}
	var stack []string
	oper := ""
	root := false
	add := func(k, v string) error {
		if _, dup := out[k]; dup {
			return fmt.Errorf("gigaset: %s is set twice", k)
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
			return nil, fmt.Errorf("gigaset: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if t.Name.Local != "provisioning" {
					return nil, fmt.Errorf("gigaset: root element is <%s>, not <provisioning>", t.Name.Local)
				}
				root = true
			}
			stack = append(stack, t.Name.Local)
			name, value := attr(t, "name"), attr(t, "value")
			switch t.Name.Local {
			case "oper":
				oper = name + "." + value
				if err := add(oper, ""); err != nil {
					return nil, err
				}
			case "param":
				if name == "" {
					return nil, fmt.Errorf("gigaset: a <param> has no name")
				}
				if oper != "" {
					name = oper + "." + name
				}
				if err := add(name, value); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				if stack[len(stack)-1] == "oper" {
					oper = ""
				}
				stack = stack[:len(stack)-1]
			}
		}
	}
	if !root {
		return nil, fmt.Errorf("gigaset: no <provisioning> element")
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

var transports = map[string]switchboard.Transport{"1": switchboard.TransportUDP, "2": switchboard.TransportTCP, "3": switchboard.TransportTLS}

// Account extracts the account of handset n, the profile's line n in
// Switchboard's samples, with the settings of the provider it uses.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	a := "SipAccount." + hs(n) + "."
	if parsed[a+"UserName"] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("gigaset: handset %d has no account in the profile", n)
	}
	sp := "SipProvider." + parsed[a+"ProviderId"] + "."
	port, err := strconv.Atoi(parsed[sp+"RegServerPort"])
	if err != nil || port < 1 || port > 65535 {
		return switchboard.LineAccount{}, fmt.Errorf("gigaset: provider of handset %d has no valid port", n)
	}
	t, ok := transports[parsed[sp+"TransportProtocol"]]
	if !ok {
		return switchboard.LineAccount{}, fmt.Errorf("gigaset: provider of handset %d has an unknown transport", n)
	}
	srtp := switchboard.SRTPOff
	if parsed[sp+"SRTP_Enabled"] == "1" {
		srtp = switchboard.SRTPOptional
		if parsed[sp+"AcceptNonSRTPCalls"] == "0" {
			srtp = switchboard.SRTPMandatory
		}
	}
	acc := switchboard.LineAccount{
		Username: parsed[a+"UserName"], AuthName: parsed[a+"AuthName"], Password: parsed[a+"AuthPassword"],
		DisplayName: parsed[a+"DisplayName"], Registrar: parsed[sp+"RegServerAddress"],
		Port: port, Transport: t, SRTP: srtp,
	}
	if px := parsed[sp+"ProxyServerAddress"]; px != acc.Registrar {
		acc.Proxy = px
	}
	return acc, nil
}
