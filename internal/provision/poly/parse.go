package poly

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MaxFile is the largest file Parse reads.
const MaxFile = 1 << 20

// Parse reads a Poly configuration file: every attribute of every element
// is a setting, element names do not matter (vendors.md §2 "Format"). A
// setting given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	if len(body) > MaxFile {
		return nil, fmt.Errorf("poly: file of %d bytes is larger than %d", len(body), MaxFile)
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	out := map[string]string{}
	elements := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("poly: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		elements++
		for _, a := range se.Attr {
			k := a.Name.Local
			if a.Name.Space != "" {
				k = a.Name.Space + ":" + k
			}
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("poly: %s is set twice", k)
			}
			out[k] = a.Value
		}
	}
	if elements == 0 {
		return nil, fmt.Errorf("poly: no XML element")
	}
	return out, nil
}

var transports = map[string]switchboard.Transport{
	"UDPOnly": switchboard.TransportUDP, "TCPOnly": switchboard.TransportTCP, "TLS": switchboard.TransportTLS,
}

// Account extracts line n (from 1) of the merged parse of a profile's
// files the way the phone would register it.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	r := fmt.Sprintf("reg.%d.", n)
	user, _, _ := strings.Cut(parsed[r+"address"], "@")
	if user == "" {
		return switchboard.LineAccount{}, fmt.Errorf("poly: registration %d is not in the profile", n)
	}
	port, err := strconv.Atoi(parsed[r+"server.1.port"])
	if err != nil || port < 1 || port > 65535 {
		return switchboard.LineAccount{}, fmt.Errorf("poly: registration %d has no valid port", n)
	}
	t, ok := transports[parsed[r+"server.1.transport"]]
	if !ok {
		return switchboard.LineAccount{}, fmt.Errorf("poly: registration %d has an unknown transport", n)
	}
	srtp := switchboard.SRTPOff
	if parsed["sec.srtp.enable"] == "1" {
		srtp = switchboard.SRTPOptional
		if parsed["sec.srtp.require"] == "1" {
			srtp = switchboard.SRTPMandatory
		}
	}
	return switchboard.LineAccount{
		Username: user, AuthName: parsed[r+"auth.userId"], Password: parsed[r+"auth.password"],
		DisplayName: parsed[r+"displayName"], Registrar: parsed[r+"server.1.address"],
		Proxy: parsed[r+"outboundProxy.address"], Port: port, Transport: t, SRTP: srtp,
	}, nil
}
