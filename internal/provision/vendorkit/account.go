package vendorkit

import (
	"fmt"
	"net"
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Codes are a vendor's codes for the values of one setting, such as its
// transport numbers. The renderer writes them and Account reads them back
// through the same table, so the two cannot drift apart.
type Codes[T comparable] map[T]string

// Value returns the value a code stands for; ok is false for an unknown
// code.
func (c Codes[T]) Value(code string) (v T, ok bool) {
	for v, k := range c {
		if k == code {
			return v, true
		}
	}
	return v, false
}

// TransportCodes are a vendor's codes for UDP, TCP and TLS.
func TransportCodes(udp, tcp, tls string) Codes[switchboard.Transport] {
	return Codes[switchboard.Transport]{switchboard.TransportUDP: udp, switchboard.TransportTCP: tcp, switchboard.TransportTLS: tls}
}

// SRTPCodes are a vendor's codes for SRTP off, optional and mandatory.
func SRTPCodes(off, optional, mandatory string) Codes[switchboard.SRTP] {
	return Codes[switchboard.SRTP]{switchboard.SRTPOff: off, switchboard.SRTPOptional: optional, switchboard.SRTPMandatory: mandatory}
}

// Port reads a port number, 0 when text is not one.
func Port(text string) int {
	port, err := strconv.Atoi(text)
	if err != nil || port < 1 || port > 65535 {
		return 0
	}
	return port
}

// HostPort splits "host:port": "" and 0 when s is not of that form, the
// host and 0 when its port is not a port.
func HostPort(s string) (string, int) {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0
	}
	return host, Port(port)
}

// SRTPOf is the policy of formats that write SRTP as two switches: SRTP
// on, and plain RTP refused.
func SRTPOf(on, required bool) switchboard.SRTP {
	switch {
	case on && required:
		return switchboard.SRTPMandatory
	case on:
		return switchboard.SRTPOptional
	}
	return switchboard.SRTPOff
}

// CheckAccount is how every Account ends: it returns a, or an error naming
// what (such as "yealink: account 2") when a phone could not register
// with it, having no port, or a transport or SRTP policy it does not know.
func CheckAccount(what string, a switchboard.LineAccount) (switchboard.LineAccount, error) {
	switch {
	case a.Port == 0:
		return switchboard.LineAccount{}, fmt.Errorf("%s has no valid port", what)
	case !a.Transport.Valid():
		return switchboard.LineAccount{}, fmt.Errorf("%s has an unknown transport", what)
	case !a.SRTP.Valid():
		return switchboard.LineAccount{}, fmt.Errorf("%s has an unknown SRTP setting", what)
	}
	return a, nil
}
