package vendorkit

import (
	"crypto/x509"
	"regexp"
)

// certMACPattern finds a MAC written as 12 hex digits, plain or with ':'
// or '-' between the pairs, that is not part of a longer hex run.
var certMACPattern = regexp.MustCompile(`(?i)(?:^|[^0-9a-f])((?:[0-9a-f]{2}[:-]?){5}[0-9a-f]{2})(?:$|[^0-9a-f:-])`)

// MACIn returns the first MAC written in one of values, canonical, or "".
func MACIn(values ...string) string {
	for _, v := range values {
		if len(v) > 256 {
			continue
		}
		if m := certMACPattern.FindStringSubmatch(v); m != nil {
			if mac := MAC(m[1]); mac != "" {
				return mac
			}
		}
	}
	return ""
}

// CertMACAnywhere is CertMAC for a vendor that does not document where its
// factory certificate carries the MAC: the first MAC in the subject's
// common name, then in the subject alternative names (DNS names, e-mail
// addresses, URIs). A generic certificate without a MAC names none.
func CertMACAnywhere(cert *x509.Certificate) string {
	values := append([]string{cert.Subject.CommonName}, cert.DNSNames...)
	values = append(values, cert.EmailAddresses...)
	for _, u := range cert.URIs {
		values = append(values, u.String())
	}
	return MACIn(values...)
}
