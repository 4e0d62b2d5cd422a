package cisco_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/cisco"
)

func TestCertMAC(t *testing.T) {
	for _, c := range []struct {
		subject pkix.Name
		want    string
	}{
		{pkix.Name{OrganizationalUnit: []string{"CP-8841-3PCC"}, Locality: []string{"88012BA01234"}, Province: []string{"000e08abcdef"}}, "000e08abcdef"},
		{pkix.Name{OrganizationalUnit: []string{"cisco.com"}, Locality: []string{"ciscogeneric"}, Province: []string{"ciscogeneric"}}, ""},
		// The serial number in L is hex of a MAC's length, but not the MAC.
		{pkix.Name{Locality: []string{"88012BA01234"}}, ""},
	} {
		if got := cisco.CertMAC(&x509.Certificate{Subject: c.subject}); got != c.want {
			t.Errorf("CertMAC(%v) = %q, want %q", c.subject, got, c.want)
		}
	}
}
