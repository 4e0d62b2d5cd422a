// Package tlscert provides the certificate of the phone-facing listeners
// (provisioning HTTPS, SIP over TLS): the operator's files when given, else a
// self-signed ECDSA P-256 pair generated once into the data directory so a
// trial installation works without a certificate authority.
package tlscert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// File names of the generated pair inside the data directory.
const (
	CertFile = "tls.crt"
	KeyFile  = "tls.key"
)

// Load returns the pair in certFile and keyFile when both are given, else
// the generated pair in dir, creating it for hosts (names or IP addresses)
// when it does not exist yet.
func Load(dir, certFile, keyFile string, hosts []string) (tls.Certificate, error) {
	if certFile != "" || keyFile != "" {
		if certFile == "" || keyFile == "" {
			return tls.Certificate{}, errors.New("give both the TLS certificate and key files, or neither")
		}
		c, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return tls.Certificate{}, fmt.Errorf("load TLS pair %s, %s: %w", certFile, keyFile, err)
		}
		return c, nil
	}
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile)
	if c, err := tls.LoadX509KeyPair(certPath, keyPath); err == nil {
		return c, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return tls.Certificate{}, fmt.Errorf("load generated TLS pair in %s: %w", dir, err)
	}
	certPEM, keyPEM, err := Generate(hosts, time.Now())
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return tls.Certificate{}, fmt.Errorf("create data directory: %w", err)
	}
	if err := os.WriteFile(keyPath, keyPEM, 0o600); err != nil {
		return tls.Certificate{}, fmt.Errorf("write TLS key: %w", err)
	}
	if err := os.WriteFile(certPath, certPEM, 0o644); err != nil {
		return tls.Certificate{}, fmt.Errorf("write TLS certificate: %w", err)
	}
	return tls.X509KeyPair(certPEM, keyPEM)
}

// Generate makes a self-signed ECDSA P-256 certificate valid for hosts for
// ten years and returns it and its key in PEM.
func Generate(hosts []string, now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generate TLS key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, fmt.Errorf("generate serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "Switchboard", Organization: []string{"Switchboard"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("create TLS certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("encode TLS key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), nil
}

// ServerConfig is the TLS configuration of the provisioning listener: TLS
// 1.2 or newer only, Go's cipher suites and key exchanges (the phones'
// X25519 and P-256 among them, chosen without a HelloRetryRequest when the
// phone sends a key share for one), session tickets for phones that fetch
// again. Records are always as large as TLS allows, as nginx writes them:
// Go's default starts a connection with records of one TCP segment,
// growing slowly, so that a browser can show a page's first bytes
// earlier; a phone needs its whole profile, and every record costs its
// own system call (a 39 KB profile, the size of a Yealink T54W's, took
// nine writes instead of three).
func ServerConfig(c tls.Certificate) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{c}, MinVersion: tls.VersionTLS12, DynamicRecordSizingDisabled: true}
}
