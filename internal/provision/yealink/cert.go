package yealink

import (
	"crypto/x509"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// CertMAC returns the MAC a Yealink factory certificate names. Yealink
// phones carry a unique certificate per MAC issued by the Yealink CA, or a
// generic one shared by all units when there is no unique one ("Using
// Security Certificates on Yealink IP Phones" V83, and the Administrator's
// Guide's "Server Certificate": "unique to an IP phone (based on the MAC
// address)"). Where the unique certificate writes the MAC is not in those
// documents, so the MAC is looked for in the common name and the
// alternative names; the generic certificate names none.
func CertMAC(cert *x509.Certificate) string { return vendorkit.CertMACAnywhere(cert) }
