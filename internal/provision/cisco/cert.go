package cisco

import (
	"crypto/x509"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// CertMAC returns the MAC a Cisco multiplatform phone's client certificate
// names. The unique certificate's subject carries the product name in OU,
// the serial number in L and the MAC in S (state or province), as in
// "OU=CP-8841-3PCC, L=88012BA01234, S=000e08abcdef"; units without one
// send a generic certificate with "ciscogeneric" there, which names no MAC
// (Cisco IP Phone 8800 Series Multiplatform Phones Administration Guide,
// "Multiplatform Phone CA Client Root Certificate").
func CertMAC(cert *x509.Certificate) string {
	return vendorkit.MACIn(cert.Subject.Province...)
}
