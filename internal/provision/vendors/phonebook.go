package vendors

import (
	"net/url"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// IsPhonebook reports whether the requested file is the model's company
// phonebook (Model.PhonebookFile, without regard to case). A "{mac}" in
// the name matches any twelve hex digits: whether they are the device's
// MAC is the identification's business, as for every other file.
func IsPhonebook(m switchboard.Model, requested string) bool {
	f, ok := Lookup(m.Vendor)
	if !ok || m.PhonebookFile == "" || f.Phonebook == nil {
		return false
	}
	name := strings.ReplaceAll(m.PhonebookFile, "{MAC}", "{mac}")
	prefix, suffix, hasMAC := strings.Cut(name, "{mac}")
	if !hasMAC {
		return strings.EqualFold(requested, name)
	}
	if len(requested) != len(prefix)+12+len(suffix) || !strings.EqualFold(requested[:len(prefix)], prefix) ||
		!strings.EqualFold(requested[len(prefix)+12:], suffix) {
		return false
	}
	_, err := switchboard.CanonicalMAC(requested[len(prefix) : len(prefix)+12])
	return err == nil
}

// Phonebook writes the company phonebook for a device of model m in its
// vendor's format, named as requested; ok is false for a model without
// one.
func Phonebook(m switchboard.Model, requested string, book switchboard.Phonebook) (switchboard.File, bool) {
	f, ok := Lookup(m.Vendor)
	if !ok || f.Phonebook == nil || m.PhonebookFile == "" {
		return switchboard.File{}, false
	}
	return switchboard.File{Name: requested, ContentType: vendorkit.XMLType, Body: f.Phonebook(book)}, true
}

// PhonebookSearch returns what a phonebook request searches for: the
// value of "q", else of the first of the family's search parameters
// (Family.PhonebookSearch) the request carries, without the "*"
// wildcards; "" for the whole phonebook.
func PhonebookSearch(m switchboard.Model, query url.Values) string {
	names := []string{"q"}
	if f, ok := Lookup(m.Vendor); ok {
		names = append(names, f.PhonebookSearch...)
	}
	for _, n := range names {
		if v := strings.Trim(strings.TrimSpace(query.Get(n)), "*"); v != "" {
			return v
		}
	}
	return ""
}
