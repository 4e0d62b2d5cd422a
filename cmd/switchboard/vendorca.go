package main

import (
	"crypto/x509"
	"fmt"
	"os"
	"strings"
)

// vendorCAs reads the --vendor-ca values, VENDOR=FILE.pem each, into one
// certificate pool per vendor; a vendor given twice gets the certificates
// of both files.
func vendorCAs(values []string) (map[string]*x509.CertPool, error) {
	pools := map[string]*x509.CertPool{}
	for _, v := range values {
		vendor, file, ok := strings.Cut(v, "=")
		if !ok || vendor == "" || file == "" {
			return nil, fmt.Errorf("--vendor-ca: %q is not VENDOR=FILE.pem", v)
		}
		pem, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("--vendor-ca %s: %w", vendor, err)
		}
		if pools[vendor] == nil {
			pools[vendor] = x509.NewCertPool()
		}
		if !pools[vendor].AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--vendor-ca %s: %s holds no PEM certificate", vendor, file)
		}
	}
	return pools, nil
}
