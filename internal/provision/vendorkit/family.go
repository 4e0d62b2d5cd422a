// Package vendorkit holds the mechanics the vendor packages under
// internal/provision share, so that each of them keeps only what is its
// vendor's: the Family a vendor package offers, catalogue and
// identification helpers, the line and XML readers its parser is built on,
// the checks its Account ends with, and the writers its renderer uses.
// File names, keys, User-Agent patterns and the source of each key stay in
// the vendor's own package (DESIGN §2); this package names no vendor.
package vendorkit

import (
	"crypto/x509"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Family is what a vendor package offers; the list in package vendors and
// the test harness in package vendortest both take it.
type Family struct {
	// Name is the family's name, the Vendor of its models.
	Name string
	// Models returns the family's catalogue entries.
	Models func() []switchboard.Model
	// Identify reports what a request shows about a device of the family;
	// ok is false when the request does not look like one.
	Identify func(userAgent, fileName string) (id switchboard.Identity, ok bool)
	// Firmware returns the firmware version a device of the family names
	// in its User-Agent, "" when it names none; the fleet statistics group
	// devices by it. nil for a family whose devices send no version.
	Firmware func(userAgent string) string
	// Render writes a profile as the files a model fetches; the first is
	// the main file (what the file form of the provisioning URL answers).
	Render func(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error)
	// Parse reads one file of the family's format into key/value pairs;
	// nil for a family without files.
	Parse func(body []byte) (map[string]string, error)
	// Account extracts line n (from 1) from the merged parse of a
	// profile's files.
	Account func(parsed map[string]string, n int) (switchboard.LineAccount, error)
	// Bootstrap writes the files a phone of model m with MAC mac gets at
	// the shared zero-touch URLs ("/login/", "/ztp/"): only what moves it
	// onto its own provisioning URL url and makes it fetch from there.
	// Their names are among the model's Files; nil for a family whose
	// devices take no such file.
	Bootstrap func(m switchboard.Model, mac, url string) ([]switchboard.File, error)
	// BootstrapURL reads the provisioning URL back from the merged parse
	// of a bootstrap, as the phone takes it; the phone simulator follows it.
	BootstrapURL func(parsed map[string]string) string
	// Phonebook writes the company phonebook in the vendor's own
	// remote-phonebook format (content type XMLType), served under the
	// models' PhonebookFile; nil for a family without one.
	Phonebook func(book switchboard.Phonebook) []byte
	// PhonebookSearch names the query parameters the family's firmware
	// sends what the user typed in when it searches the phonebook URL
	// ("*" wildcards allowed); empty when it only fetches the whole file.
	PhonebookSearch []string
	// CertMAC returns the MAC a verified factory client certificate of the
	// vendor names, "" when it names none (a generic certificate); nil for
	// a family whose devices carry no factory certificate.
	CertMAC func(cert *x509.Certificate) string
	// Keys lists every key Render may emit ('#' is a number) with its
	// values in the vendor's encoding and its source; the vendor test
	// reads every rendering against it.
	Keys []Key
}

// CopyModels returns a copy of a vendor's catalogue, so that a caller who
// changes an entry does not change the catalogue.
func CopyModels(catalogue []switchboard.Model) []switchboard.Model {
	return append([]switchboard.Model(nil), catalogue...)
}

// ModelID returns id when the catalogue declares it, else "": what a
// request names is only a model when Switchboard knows it.
func ModelID(catalogue []switchboard.Model, id string) string {
	for _, m := range catalogue {
		if m.ID == id {
			return id
		}
	}
	return ""
}

// Check is what every renderer does first: it refuses a model of another
// vendor and a profile the model cannot carry (Profile.CheckFor), so that
// no format ever carries half a profile.
func Check(vendor string, p *switchboard.Profile, m switchboard.Model) error {
	if m.Vendor != vendor {
		return fmt.Errorf("%s: cannot render model %q of vendor %q", vendor, m.ID, m.Vendor)
	}
	return p.CheckFor(m)
}
