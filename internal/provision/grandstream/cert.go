package grandstream

import (
	"crypto/x509"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// CertMAC returns the MAC a Grandstream factory certificate names.
// Grandstream phones carry a factory certificate, but no public document
// found says where it writes the MAC, so it is looked for in the common
// name and the alternative names.
func CertMAC(cert *x509.Certificate) string { return vendorkit.CertMACAnywhere(cert) }
