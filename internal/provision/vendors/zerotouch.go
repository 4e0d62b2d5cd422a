package vendors

import (
	"crypto/x509"
	"fmt"
	"slices"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Bootstrap writes the files a phone of model m gets at the shared
// zero-touch URLs, moving it onto its own provisioning URL url (see
// vendorkit.Family.Bootstrap). The last file is the one that carries url.
func Bootstrap(m switchboard.Model, mac, url string) ([]switchboard.File, error) {
	f, ok := Lookup(m.Vendor)
	if !ok || f.Bootstrap == nil || len(m.Files) == 0 {
		return nil, fmt.Errorf("vendors: model %q takes no bootstrap", m.ID)
	}
	return f.Bootstrap(m, mac, url)
}

// FollowBootstrap reads the provisioning URL a fetched bootstrap moves the
// phone to, as the phone does; the phone simulator follows it.
func FollowBootstrap(m switchboard.Model, files []switchboard.File) (string, error) {
	f, ok := Lookup(m.Vendor)
	if !ok || f.BootstrapURL == nil {
		return "", fmt.Errorf("vendors: model %q takes no bootstrap", m.ID)
	}
	parsed, err := ParseFiles(m, files)
	if err != nil {
		return "", err
	}
	return f.BootstrapURL(parsed), nil
}

// BootstrapFile says whether a model is given the requested file at the
// zero-touch URLs (serve) and whether it is the one that carries the
// provisioning URL (spend): a one-time claim is spent only on that one.
// An empty name asks for the file that carries the URL, for phones given
// the shared URL itself.
func BootstrapFile(m switchboard.Model, requested, mac string) (serve, spend bool) {
	files, err := Bootstrap(m, mac, "https://localhost/")
	if err != nil || len(files) == 0 {
		return false, false
	}
	if requested == "" {
		return true, true
	}
	for i, f := range files {
		if _, ok := FindFile([]switchboard.File{f}, requested, mac, ""); ok {
			return true, i == len(files)-1
		}
	}
	return false, false
}

// CertVendors lists the families whose devices carry factory client
// certificates Switchboard can read a MAC from.
func CertVendors() []string {
	var out []string
	for _, f := range families {
		if f.CertMAC != nil {
			out = append(out, f.Name)
		}
	}
	return out
}

// CertMAC returns the MAC a factory certificate of the vendor names, ""
// when it names none; ok is false for a vendor without such certificates.
func CertMAC(vendor string, cert *x509.Certificate) (mac string, ok bool) {
	f, found := Lookup(vendor)
	if !found || f.CertMAC == nil {
		return "", false
	}
	return f.CertMAC(cert), true
}

// HasCertificates reports whether the vendor's devices carry factory
// client certificates Switchboard reads.
func HasCertificates(vendor string) bool {
	return slices.Contains(CertVendors(), vendor)
}
