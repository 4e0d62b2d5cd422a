package vendorkit_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"net/url"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

func TestCertMACAnywhere(t *testing.T) {
	urn, _ := url.Parse("urn:dev:mac:0004f2a1b2c3")
	for _, c := range []struct {
		name string
		cert x509.Certificate
		want string
	}{
		{"plain CN", x509.Certificate{Subject: pkix.Name{CommonName: "001565AABBCC"}}, "001565aabbcc"},
		{"CN with words and colons", x509.Certificate{Subject: pkix.Name{CommonName: "Yealink 00:15:65:aa:bb:cc"}}, "001565aabbcc"},
		{"DNS name", x509.Certificate{DNSNames: []string{"snom-000413aabbcc.example"}}, "000413aabbcc"},
		{"URI", x509.Certificate{URIs: []*url.URL{urn}}, "0004f2a1b2c3"},
		{"generic", x509.Certificate{Subject: pkix.Name{CommonName: "Yealink generic certificate"}}, ""},
		{"longer hex run", x509.Certificate{Subject: pkix.Name{CommonName: "0123456789abcdef0123"}}, ""},
	} {
		if got := vendorkit.CertMACAnywhere(&c.cert); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// FuzzMACIn: what MACIn finds is a canonical MAC or nothing.
func FuzzMACIn(f *testing.F) {
	for _, s := range []string{"001565aabbcc", "CN=00:15:65:AA:BB:CC", "S=ciscogeneric", "00-15-65-aa-bb-cc-dd", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		mac := vendorkit.MACIn(v)
		if c, err := switchboard.CanonicalMAC(mac); mac != "" && (err != nil || c != mac) {
			t.Fatalf("MACIn(%q) = %q, not canonical", v, mac)
		}
	})
}
