package provision

import (
	"net/http"
	"net/netip"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// phonebook answers a device's request for its company phonebook file
// after the same checks as its profile files. The phonebook is read and
// rendered at each fetch, not cached with the profile: it depends on
// every workplace and contact of the customer, and a rename anywhere must
// reach the phones at their next fetch. Its entity tag is a hash of the
// body, so a phone that asks with If-None-Match learns of any change.
func (s *Server) phonebook(r *http.Request, e *entry, t target, addr netip.Addr) (renderedFile, string, error) {
	if _, reason := s.admit(e, t, r.UserAgent(), s.certs.mac(r), addr); reason != "" {
		return renderedFile{}, reason, nil
	}
	p := e.prov
	entries, err := s.src.Phonebook(r.Context(), p.CustomerID)
	if err != nil {
		return renderedFile{}, "", err
	}
	// A name, company or number fragment narrows the entries, for phones
	// whose directory sends what the user typed.
	if q := vendors.PhonebookSearch(p.Model, r.URL.Query()); q != "" {
		kept := entries[:0]
		for _, en := range entries {
			if en.Matches(q) {
				kept = append(kept, en)
			}
		}
		entries = kept
	}
	f, ok := vendors.Phonebook(p.Model, t.file, switchboard.Phonebook{Title: p.Profile(false).PhonebookTitle, Entries: entries})
	if !ok {
		return renderedFile{}, reasonNoFile, nil
	}
	return newRendered(f), "", nil
}
