package sbtest

import (
	"crypto/tls"
	"crypto/x509"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/tlscert"
)

// Certificate makes a self-signed certificate for hosts, valid from now,
// for a test server, and a pool that trusts it, for its clients.
func Certificate(t testing.TB, hosts ...string) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	certPEM, keyPEM, err := tlscert.Generate(hosts, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return pair, pool
}
