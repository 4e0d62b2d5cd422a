package tlscert

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
)

func TestLoadGeneratesOnceAndReuses(t *testing.T) {
	dir := t.TempDir()
	c1, err := Load(dir, "", "", []string{"127.0.0.1", "pbx.example.test"})
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(c1.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := leaf.VerifyHostname("127.0.0.1"); err != nil {
		t.Errorf("certificate not valid for 127.0.0.1: %v", err)
	}
	if err := leaf.VerifyHostname("pbx.example.test"); err != nil {
		t.Errorf("certificate not valid for the public host: %v", err)
	}
	fi, _ := os.Stat(filepath.Join(dir, KeyFile))
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v, want 0600", fi.Mode().Perm())
	}
	c2, err := Load(dir, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(c1.Certificate[0]) != string(c2.Certificate[0]) {
		t.Error("second Load generated a new certificate instead of reusing the stored one")
	}
}

func TestLoadFromFilesNeedsBoth(t *testing.T) {
	if _, err := Load(t.TempDir(), "cert.pem", "", nil); err == nil {
		t.Fatal("a certificate without key was accepted")
	}
	dir := t.TempDir()
	if _, err := Load(dir, "", "", []string{"localhost"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(t.TempDir(), filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile), nil)
	if err != nil || len(c.Certificate) == 0 {
		t.Fatalf("loading given files: %v", err)
	}
	cfg := ServerConfig(c)
	if cfg.MinVersion != tls.VersionTLS12 {
		t.Error("listeners must refuse TLS below 1.2")
	}
	if !cfg.DynamicRecordSizingDisabled {
		t.Error("records start small: a profile costs a system call per TCP segment")
	}
}
