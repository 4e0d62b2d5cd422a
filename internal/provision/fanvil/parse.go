package fanvil

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

// Parse reads a <sysConf> file into its leaf settings, each named by its
// element path below the root with "[i]" for an index attribute, e.g.
// "sip.line[1].PhoneNumber". A setting given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	if len(body) > MaxFile {
		return nil, fmt.Errorf("fanvil: file of %d bytes is larger than %d", len(body), MaxFile)
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	out := map[string]string{}
	var path []string
	var text strings.Builder
	leaf := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("fanvil: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) == 0 && t.Name.Local != "sysConf" {
				return nil, fmt.Errorf("fanvil: root element is <%s>, not <sysConf>", t.Name.Local)
			}
			if len(path) > 16 {
				return nil, fmt.Errorf("fanvil: elements nested too deep")
			}
			name := t.Name.Local
			for _, a := range t.Attr {
				if a.Name.Local == "index" {
					name += "[" + a.Value + "]"
				}
			}
			path = append(path, name)
			text.Reset()
			leaf = true
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if leaf && len(path) > 1 {
				k := strings.Join(path[1:], ".")
				if _, dup := out[k]; dup {
					return nil, fmt.Errorf("fanvil: %s is set twice", k)
				}
				out[k] = text.String()
			}
			leaf = false
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("fanvil: no setting in the file")
	}
	return out, nil
}

var transports = map[string]switchboard.Transport{"0": switchboard.TransportUDP, "1": switchboard.TransportTCP, "3": switchboard.TransportTLS}
var cryptos = map[string]switchboard.SRTP{"": switchboard.SRTPOff, "0": switchboard.SRTPOff, "1": switchboard.SRTPOptional, "2": switchboard.SRTPMandatory}

// Account extracts SIP line n (from 1).
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	l := fmt.Sprintf("sip.line[%d].", n)
	if parsed[l+"EnableReg"] != "1" || parsed[l+"PhoneNumber"] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("fanvil: line %d is not registered in the profile", n)
	}
	port, err := strconv.Atoi(parsed[l+"RegisterPort"])
	if err != nil || port < 1 || port > 65535 {
		return switchboard.LineAccount{}, fmt.Errorf("fanvil: line %d has no valid port", n)
	}
	t, ok := transports[parsed[l+"Transport"]]
	if !ok {
		return switchboard.LineAccount{}, fmt.Errorf("fanvil: line %d has an unknown transport", n)
	}
	s, ok := cryptos[parsed[l+"MediaCrypto"]]
	if !ok {
		return switchboard.LineAccount{}, fmt.Errorf("fanvil: line %d has an unknown SRTP setting", n)
	}
	return switchboard.LineAccount{
		Username: parsed[l+"PhoneNumber"], AuthName: parsed[l+"RegisterUser"], Password: parsed[l+"RegisterPswd"],
		DisplayName: parsed[l+"DisplayName"], Registrar: parsed[l+"RegisterAddr"], Proxy: parsed[l+"ProxyAddr"],
		Port: port, Transport: t, SRTP: s,
	}, nil
}
