package poly

import (
	"crypto/x509"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// CertMAC returns the MAC a Poly factory certificate names. The
// factory-installed device certificate is "unique to a device (based on
// the MAC address) and signed by the Polycom Certificate Authority" (UC
// Software Administrator's Guide 5.9, "Using the Factory-Installed
// Certificate"; Feature Profile 37148 "Device Certificates on Polycom
// Phones"); neither says in which field the MAC is, so it is looked for in
// the common name and the alternative names.
func CertMAC(cert *x509.Certificate) string { return vendorkit.CertMACAnywhere(cert) }
