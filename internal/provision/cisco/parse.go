package cisco

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

// Parse reads a <flat-profile>: each child element is a parameter named by
// the element (attributes such as ua are access flags, not values). A
// parameter given twice is an error.
func Parse(body []byte) (map[string]string, error) {
	if len(body) > MaxFile {
		return nil, fmt.Errorf("cisco: file of %d bytes is larger than %d", len(body), MaxFile)
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	out := map[string]string{}
	depth := 0
	root := false
	var text strings.Builder
	name := ""
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("cisco: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch depth {
			case 1:
				if t.Name.Local != "flat-profile" {
					return nil, fmt.Errorf("cisco: root element is <%s>, not <flat-profile>", t.Name.Local)
				}
				root = true
			case 2:
				name = t.Name.Local
				text.Reset()
			default:
				return nil, fmt.Errorf("cisco: parameter %s contains an element", name)
			}
		case xml.CharData:
			if depth == 2 {
				text.Write(t)
			}
		case xml.EndElement:
			if depth == 2 {
				if _, dup := out[name]; dup {
					return nil, fmt.Errorf("cisco: %s is set twice", name)
				}
				out[name] = text.String()
			}
			depth--
		}
	}
	if !root {
		return nil, fmt.Errorf("cisco: no <flat-profile> element")
	}
	return out, nil
}

var srtps = map[string]switchboard.SRTP{"Optional": switchboard.SRTPOptional, "Required": switchboard.SRTPMandatory, "Strict": switchboard.SRTPMandatory}

// Account extracts line n (from 1).
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	s := fmt.Sprintf("_%d_", n)
	if parsed["Line_Enable"+s] != "Yes" || parsed["User_ID"+s] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("cisco: line %d is not enabled in the profile", n)
	}
	host, portText, err := net.SplitHostPort(parsed["Proxy"+s])
	if err != nil {
		return switchboard.LineAccount{}, fmt.Errorf("cisco: the proxy of line %d is not host:port", n)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 {
		return switchboard.LineAccount{}, fmt.Errorf("cisco: line %d has no valid port", n)
	}
	t := switchboard.Transport(strings.ToLower(parsed["SIP_Transport"+s]))
	if !t.Valid() {
		return switchboard.LineAccount{}, fmt.Errorf("cisco: line %d has an unknown transport", n)
	}
	srtp := switchboard.SRTPOff
	if parsed["Secure_Call_Serv"] == "Yes" {
		if v, ok := srtps[parsed["Secure_Call_Option"+s]]; ok {
			srtp = v
		}
	}
	auth := parsed["Auth_ID"+s]
	if auth == "" {
		auth = parsed["User_ID"+s]
	}
	proxy, _, _ := net.SplitHostPort(parsed["Outbound_Proxy"+s])
	return switchboard.LineAccount{
		Username: parsed["User_ID"+s], AuthName: auth, Password: parsed["Password"+s],
		DisplayName: parsed["Display_Name"+s], Registrar: host, Proxy: proxy, Port: port, Transport: t, SRTP: srtp,
	}, nil
}
