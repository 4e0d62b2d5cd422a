package snom

import (
	"crypto/x509"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// CertMAC returns the MAC a Snom factory certificate names. "Every Snom
// phone (except the old 3xx series) is produced with a built-in TLS
// certificate" used for mutual authentication (service.snom.com wiki, "TLS
// Support"); where it writes the MAC is not documented there, so it is
// looked for in the common name and the alternative names.
func CertMAC(cert *x509.Certificate) string { return vendorkit.CertMACAnywhere(cert) }
