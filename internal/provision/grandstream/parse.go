package grandstream

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

// Parse reads a <gs_provision> file: each element inside <config> is a
// P-value named by the element. A P-value given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	if len(body) > MaxFile {
		return nil, fmt.Errorf("grandstream: file of %d bytes is larger than %d", len(body), MaxFile)
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	out := map[string]string{}
	var path []string
	var text strings.Builder
	root := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("grandstream: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) == 0 {
				if t.Name.Local != "gs_provision" {
					return nil, fmt.Errorf("grandstream: root element is <%s>, not <gs_provision>", t.Name.Local)
				}
				root = true
			}
			if len(path) == 3 {
				return nil, fmt.Errorf("grandstream: P-value %s contains an element", path[2])
			}
			path = append(path, t.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if len(path) == 3 && path[1] == "config" {
				if _, dup := out[path[2]]; dup {
					return nil, fmt.Errorf("grandstream: %s is set twice", path[2])
				}
				out[path[2]] = text.String()
			}
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
	if !root {
		return nil, fmt.Errorf("grandstream: no <gs_provision> element")
	}
	return out, nil
}

var transports = map[string]switchboard.Transport{"0": switchboard.TransportUDP, "1": switchboard.TransportTCP, "2": switchboard.TransportTLS}
var srtps = map[string]switchboard.SRTP{"": switchboard.SRTPOff, "0": switchboard.SRTPOff, "1": switchboard.SRTPOptional, "2": switchboard.SRTPMandatory}

// Account extracts account n; only account 1 is provisioned.
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	if n != 1 || parsed["P271"] != "1" || parsed["P35"] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("grandstream: account %d is not active in the profile", n)
	}
	host, portText, err := net.SplitHostPort(parsed["P47"])
	if err != nil {
		return switchboard.LineAccount{}, fmt.Errorf("grandstream: the SIP server is not host:port")
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 {
		return switchboard.LineAccount{}, fmt.Errorf("grandstream: the SIP server has no valid port")
	}
	t, ok := transports[parsed["P130"]]
	if !ok {
		return switchboard.LineAccount{}, fmt.Errorf("grandstream: unknown transport")
	}
	s, ok := srtps[parsed["P183"]]
	if !ok {
		return switchboard.LineAccount{}, fmt.Errorf("grandstream: unknown SRTP mode")
	}
	proxy, _, _ := net.SplitHostPort(parsed["P48"])
	return switchboard.LineAccount{
		Username: parsed["P35"], AuthName: parsed["P36"], Password: parsed["P34"], DisplayName: parsed["P3"],
		Registrar: host, Proxy: proxy, Port: port, Transport: t, SRTP: s,
	}, nil
}
