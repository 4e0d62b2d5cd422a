package sim

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// phoneCurves are the key exchanges desk phone firmware offers: classic
// elliptic curves, no post-quantum hybrid (which would also cost the
// simulator more than the phones it plays).
var phoneCurves = []tls.CurveID{tls.X25519, tls.CurveP256}

// ClientTLS builds the TLS settings phones use to fetch their profiles.
// With caFile, the server's certificate must chain to the certificates in
// that PEM file (e.g. the self-signed pair serve generates); with insecure
// it is not checked at all; with neither, the system's roots apply.
func ClientTLS(caFile string, insecure bool) (*tls.Config, error) {
	c := &tls.Config{MinVersion: tls.VersionTLS12, CurvePreferences: phoneCurves}
	switch {
	case insecure:
		c.InsecureSkipVerify = true
	case caFile != "":
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("read CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA file %s holds no PEM certificate", caFile)
		}
		c.RootCAs = pool
	}
	return c, nil
}
