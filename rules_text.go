package switchboard

import (
	"net/mail"
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ValidateName checks a required human-readable name such as a customer's
// or a user's.
func ValidateName(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return FieldErrorf(field, "%s is required", field)
	}
	if utf8.RuneCountInString(v) > 200 {
		return FieldErrorf(field, "%s must be at most 200 characters", field)
	}
	if strings.ContainsFunc(v, Unprintable) {
		return FieldErrorf(field, "%s must not contain control characters or bidirectional formatting characters such as U+202E", field)
	}
	return nil
}

// ValidateText checks an optional one-line text people read, such as an
// address: at most 200 characters and, as in names, no control or
// bidirectional formatting characters.
func ValidateText(field, v string) error {
	if utf8.RuneCountInString(v) > 200 {
		return FieldErrorf(field, "%s must be at most 200 characters", field)
	}
	if strings.ContainsFunc(v, Unprintable) {
		return FieldErrorf(field, "%s must not contain control characters such as line breaks, nor bidirectional formatting characters such as U+202E", field)
	}
	return nil
}

// Unprintable reports whether r has no place in a text shown to people: a
// control character, or a bidirectional formatting character (U+061C,
// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069). Those reorder the text
// after them, so a customer named "Acme\u202egnp.exe" displays as
// "Acmeexe.png" in the portal, in lists and on a phone's screen. Text in
// right-to-left scripts needs none of them to display correctly.
func Unprintable(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// ValidateEmail checks a required e-mail address of the plain form
// local@domain, without a display name.
func ValidateEmail(field, v string) error {
	if v == "" {
		return FieldErrorf(field, "%s is required", field)
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || a.Name != "" || !strings.Contains(v[strings.LastIndexByte(v, '@'):], ".") {
		return FieldErrorf(field, "%s %q is not an e-mail address of the form name@example.com", field, v)
	}
	return nil
}

// ValidateEmailPair checks the e-mail for authentication given twice
// (seed 001): both must be given and be the same.
func ValidateEmailPair(email, confirm string) error {
	if err := ValidateEmail("email", email); err != nil {
		return err
	}
	if confirm != email {
		return FieldErrorf("email_confirm", "the e-mail confirmation does not match the e-mail address")
	}
	return nil
}

// ValidateDomain checks a DNS name such as a SIP domain.
func ValidateDomain(field, v string) error {
	if v == "" || len(v) > 253 {
		return FieldErrorf(field, "%s must be a domain name of 1 to 253 characters", field)
	}
	for _, label := range strings.Split(v, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return FieldErrorf(field, "%s %q is not a valid domain name", field, v)
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return FieldErrorf(field, "%s %q is not a valid domain name (lower-case letters, digits, '-' and '.')", field, v)
			}
		}
	}
	return nil
}

// MaxNTPServers is how many time servers a site may name; the vendors
// with the fewest slots take two, the rest are ignored by them.
const MaxNTPServers = 4

// ValidateNTPServers checks a list of time servers: each a host name or an
// IP address, at most MaxNTPServers, none twice.
func ValidateNTPServers(field string, servers []string) error {
	if len(servers) > MaxNTPServers {
		return FieldErrorf(field, "%s may name at most %d time servers", field, MaxNTPServers)
	}
	seen := map[string]bool{}
	for _, v := range servers {
		if _, err := netip.ParseAddr(v); err != nil && ValidateDomain(field, v) != nil {
			return FieldErrorf(field, "%s: %q is neither a host name such as ntp.example.net nor an IP address", field, v)
		}
		if seen[v] {
			return FieldErrorf(field, "%s names %q twice", field, v)
		}
		seen[v] = true
	}
	return nil
}

// Resync interval bounds in minutes: often enough that a missed NOTIFY is
// caught up within a week, rarely enough that a fleet's periodic fetches
// stay a trickle beside its boot storms.
const (
	MinResyncMinutes = 15
	MaxResyncMinutes = 7 * 24 * 60
)

// ValidateResyncMinutes checks a periodic resync interval; zero means the
// operator's default.
func ValidateResyncMinutes(field string, v int) error {
	if v != 0 && (v < MinResyncMinutes || v > MaxResyncMinutes) {
		return FieldErrorf(field, "%s must be 0 (the operator's default) or %d to %d minutes", field, MinResyncMinutes, MaxResyncMinutes)
	}
	return nil
}

// Validate checks that every entry is a CIDR prefix and that an enabled
// list is not empty, which would lock every device out.
func (a AllowList) Validate() error {
	for _, c := range a.CIDRs {
		if _, err := netip.ParsePrefix(c); err != nil {
			return FieldErrorf("ip_allow_list", "%q is not a network in CIDR form such as 192.0.2.0/24", c)
		}
	}
	if a.Enabled && len(a.CIDRs) == 0 {
		return FieldErrorf("ip_allow_list", "an enabled IP allow-list needs at least one network")
	}
	return nil
}

// Allows reports whether addr may fetch under this allow-list.
func (a AllowList) Allows(addr netip.Addr) bool {
	if !a.Enabled {
		return true
	}
	addr = addr.Unmap()
	for _, c := range a.CIDRs {
		if p, err := netip.ParsePrefix(c); err == nil && p.Contains(addr) {
			return true
		}
	}
	return false
}

// ValidateTimeZone checks an IANA time zone name; empty means the default.
func ValidateTimeZone(field, v string) error {
	if v == "" {
		return nil
	}
	if _, err := time.LoadLocation(v); err != nil || v == "Local" {
		return FieldErrorf(field, "%s %q is not an IANA time zone such as Europe/Berlin", field, v)
	}
	return nil
}

// Languages are the languages Switchboard writes messages and profiles in.
var Languages = []string{"de", "en", "fr"}

// ValidateLanguage checks a language code; empty means the default.
func ValidateLanguage(field, v string) error {
	if v == "" {
		return nil
	}
	for _, l := range Languages {
		if v == l {
			return nil
		}
	}
	return FieldErrorf(field, "%s must be one of de, en, fr", field)
}
