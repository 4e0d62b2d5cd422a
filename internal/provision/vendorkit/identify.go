package vendorkit

import (
	"regexp"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MaxUserAgent bounds the User-Agent a vendor looks at: no phone sends a
// longer one, and a pattern need not run over a hostile one.
const MaxUserAgent = 512

// MatchUA returns the submatches of re in userAgent, or nil when it does
// not match or is longer than MaxUserAgent.
func MatchUA(re *regexp.Regexp, userAgent string) []string {
	if len(userAgent) > MaxUserAgent {
		return nil
	}
	return re.FindStringSubmatch(userAgent)
}

// MAC returns the canonical form of v, or "" when v is not a device's MAC:
// a request that shows no usable MAC shows none.
func MAC(v string) string {
	mac, err := switchboard.CanonicalMAC(v)
	if err != nil {
		return ""
	}
	return mac
}

// HasOUI reports whether mac starts with one of the vendor's prefixes, so
// that a bare MAC file name is taken as the vendor's only for its own MACs.
func HasOUI(mac string, ouis ...string) bool {
	for _, o := range ouis {
		if mac != "" && strings.HasPrefix(mac, o) {
			return true
		}
	}
	return false
}

// Sighting is what one request shows of a device: whether it looks like
// the vendor's at all, the model it names, and the MACs in its User-Agent
// and file name.
type Sighting struct {
	Known   bool
	Model   string
	UAMAC   string
	FileMAC string
}

// Identity turns the sighting into the vendor's answer to Identify: the
// MAC of the file name before that of the User-Agent, and a conflict when
// the two differ (such a request is refused like a wrong MAC).
func (s Sighting) Identity(vendor string) (switchboard.Identity, bool) {
	id := switchboard.Identity{Vendor: vendor, Model: s.Model, MAC: s.FileMAC}
	if id.MAC == "" {
		id.MAC = s.UAMAC
	}
	id.Conflict = s.UAMAC != "" && s.FileMAC != "" && s.UAMAC != s.FileMAC
	return id, s.Known
}

// Identifier is how most vendors recognise a request: a User-Agent
// pattern whose first submatch names the model (and whose submatch UAMAC,
// when not 0, holds a MAC), and a file-name pattern whose first submatch
// is the MAC.
type Identifier struct {
	Vendor    string
	Catalogue []switchboard.Model
	// ModelPrefix and the lower-cased model name give the catalogue id.
	ModelPrefix string
	UA          *regexp.Regexp
	UAMAC       int
	File        *regexp.Regexp
	// FileKnown makes any file name File matches the vendor's; without
	// it, only a MAC with one of OUIs does.
	FileKnown bool
	OUIs      []string
}

// Identify reports what a request shows about a device of the vendor; ok
// is false when neither the User-Agent nor the file name looks like one.
func (r Identifier) Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	var s Sighting
	if m := MatchUA(r.UA, userAgent); m != nil {
		s.Known = true
		s.Model = ModelID(r.Catalogue, r.ModelPrefix+strings.ToLower(m[1]))
		if r.UAMAC > 0 {
			s.UAMAC = MAC(m[r.UAMAC])
		}
	}
	if m := r.File.FindStringSubmatch(fileName); m != nil {
		s.FileMAC = MAC(m[1])
		s.Known = s.Known || r.FileKnown || HasOUI(s.FileMAC, r.OUIs...)
	}
	return s.Identity(r.Vendor)
}
