package switchboard

import (
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Limits of the call settings (seed 002: parallel ringing to further
// numbers, unanswered calls to the mailbox after a delay).
const (
	DefaultNoAnswerSeconds = 20
	MinNoAnswerSeconds     = 5
	MaxNoAnswerSeconds     = 120
	MaxParallelNumbers     = 10
)

// Feature codes a phone dials (seed 002).
const (
	CodeForwardVoicemailOn  = "*21"
	CodeForwardVoicemailOff = "#21"
	CodeVoicemail           = "*86"
	CodeCallPull            = "78811"
	CodeHotDeskLogIn        = "*55*"
	CodeHotDeskLogOut       = "#55"
)

// DefaultCallSettings are a workplace's settings before anyone changed
// them: every feature off, a mailbox after the default delay once on.
func DefaultCallSettings(w *Workplace) *CallSettings {
	return &CallSettings{WorkplaceID: w.ID, CustomerID: w.CustomerID, NoAnswerSeconds: DefaultNoAnswerSeconds,
		ParallelRingingNumbers: []string{}}
}

// CallDestination checks a number a call is sent to: an extension of the
// customer, or an E.164 number in any form CanonicalE164 takes. It returns
// the canonical form.
func CallDestination(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v != "" && !strings.HasPrefix(v, "+") && !strings.HasPrefix(v, "00") {
		if err := ValidateExtension(v); err != nil {
			return "", FieldErrorf(field, "%q is neither an extension nor an international number starting with +: %s", v, ErrorMessage(err))
		}
		return v, nil
	}
	return CanonicalE164(field, v)
}

// Validate checks s and brings its numbers into canonical form: the
// forwarding target (empty means the mailbox), the remote office number
// (required while remote office is on), 1 to MaxParallelNumbers parallel
// ringing numbers while parallel ringing is on, and the no-answer delay
// (0 takes the default).
func (s *CallSettings) Validate() error {
	var err error
	if s.ForwardTo != "" {
		if s.ForwardTo, err = CallDestination("forward_to", s.ForwardTo); err != nil {
			return err
		}
	}
	if s.RemoteOfficeNumber != "" {
		if s.RemoteOfficeNumber, err = CallDestination("remote_office_number", s.RemoteOfficeNumber); err != nil {
			return err
		}
	} else if s.RemoteOffice {
		return FieldErrorf("remote_office_number", "remote office needs the number where calls should ring")
	}
	if s.ParallelRingingNumbers == nil {
		s.ParallelRingingNumbers = []string{}
	}
	for i, n := range s.ParallelRingingNumbers {
		if s.ParallelRingingNumbers[i], err = CallDestination("parallel_ringing_numbers", n); err != nil {
			return err
		}
	}
	if n := len(s.ParallelRingingNumbers); s.ParallelRinging && (n < 1 || n > MaxParallelNumbers) {
		return FieldErrorf("parallel_ringing_numbers", "parallel ringing needs 1 to %d numbers, not %d", MaxParallelNumbers, n)
	}
	if s.NoAnswerSeconds == 0 {
		s.NoAnswerSeconds = DefaultNoAnswerSeconds
	}
	if s.NoAnswerSeconds < MinNoAnswerSeconds || s.NoAnswerSeconds > MaxNoAnswerSeconds {
		return FieldErrorf("no_answer_seconds", "no_answer_seconds must be %d to %d", MinNoAnswerSeconds, MaxNoAnswerSeconds)
	}
	return nil
}

// Trunk transports.
var trunkTransports = map[string]bool{"udp": true, "tcp": true, "tls": true}

// Validate checks a trunk: a name, a transport of udp, tcp or tls, a proxy
// host or IP literal with an optional port, inbound addresses that are IP
// addresses or prefixes, and a caller id in E.164 (brought into canonical
// form).
func (t *Trunk) Validate() error {
	if strings.TrimSpace(t.Name) == "" || len(t.Name) > 64 {
		return FieldErrorf("name", "name is required, at most 64 characters")
	}
	if t.Transport == "" {
		t.Transport = "udp"
	}
	if !trunkTransports[t.Transport] {
		return FieldErrorf("transport", "transport must be udp, tcp or tls, not %q", t.Transport)
	}
	if err := validHostPort("proxy", t.Proxy); err != nil {
		return err
	}
	if t.Domain != "" && !validHostname(t.Domain) {
		return FieldErrorf("domain", "domain %q is not a host name", t.Domain)
	}
	if t.Register && t.Username == "" {
		return FieldErrorf("username", "a trunk that registers needs the username it registers")
	}
	if t.InboundAddresses == nil {
		t.InboundAddresses = []string{}
	}
	for _, a := range t.InboundAddresses {
		if _, err := ParseAddressOrPrefix(a); err != nil {
			return FieldErrorf("inbound_addresses", "%q is neither an IP address nor a prefix like 192.0.2.0/24", a)
		}
	}
	if t.CallerID != "" {
		n, err := CanonicalE164("caller_id", t.CallerID)
		if err != nil {
			return err
		}
		t.CallerID = n
	}
	return nil
}

// ParseAddressOrPrefix reads an IP address (as a single-address prefix)
// or a prefix in CIDR notation.
func ParseAddressOrPrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// validHostPort checks host[:port] where host is a name or an IP literal
// (IPv6 in brackets when a port follows).
func validHostPort(field, v string) error {
	host, port := v, ""
	if h, p, err := net.SplitHostPort(v); err == nil {
		host, port = h, p
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return FieldErrorf(field, "%s %q has no valid port (1-65535)", field, v)
		}
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if _, err := netip.ParseAddr(host); err == nil || validHostname(host) {
		return nil
	}
	return FieldErrorf(field, "%s %q must be a host name or IP address with an optional :port", field, v)
}

// validHostname checks a DNS name: labels of letters, digits and hyphens.
func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, l := range strings.Split(h, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// FeatureCode is a feature code a phone dialled: Code is one of the Code
// constants; Extension and PIN are the hot-desk log-in's.
type FeatureCode struct {
	Code      string
	Extension string
	PIN       string
}

// ParseFeatureCode recognises a feature code in a dialled string: *21,
// #21, *86, 78811, #55 and *55*<extension>*<pin>, each also with a
// trailing # (the phone's send key).
func ParseFeatureCode(dialled string) (FeatureCode, bool) {
	d := strings.TrimSpace(dialled)
	if len(d) > 1 {
		d = strings.TrimSuffix(d, "#")
	}
	switch d {
	case CodeForwardVoicemailOn, CodeForwardVoicemailOff, CodeVoicemail, CodeCallPull, CodeHotDeskLogOut:
		return FeatureCode{Code: d}, true
	}
	rest, ok := strings.CutPrefix(d, CodeHotDeskLogIn)
	if !ok {
		return FeatureCode{}, false
	}
	ext, pin, ok := strings.Cut(rest, "*")
	if !ok || ext == "" || pin == "" || !allDigits(ext) || !allDigits(pin) {
		return FeatureCode{}, false
	}
	return FeatureCode{Code: CodeHotDeskLogIn, Extension: ext, PIN: pin}, true
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// twoDigitCountryCodes are the ITU-T E.164 country codes of two digits;
// 1 and 7 are the only one-digit codes, every other code has three.
var twoDigitCountryCodes = strings.Fields(`20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49
	51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98`)

// CountryCode returns the country code of a canonical E.164 number
// without the +, "" for anything else.
func CountryCode(e164 string) string {
	d, ok := strings.CutPrefix(e164, "+")
	if !ok || len(d) < 4 || !allDigits(d) {
		return ""
	}
	switch {
	case d[0] == '1' || d[0] == '7':
		return d[:1]
	case slices.Contains(twoDigitCountryCodes, d[:2]):
		return d[:2]
	}
	return d[:3]
}

// DialledNumber reads a dialled string as an E.164 number: international
// (+ or 00) as is, national (one leading 0) in the country countryCode
// (the caller's own number's). It says false for anything else, such as
// an extension.
func DialledNumber(dialled, countryCode string) (string, bool) {
	d := numberSeparators.Replace(strings.TrimSpace(dialled))
	if !strings.HasPrefix(d, "+") && !strings.HasPrefix(d, "00") {
		national, ok := strings.CutPrefix(d, "0")
		if !ok || countryCode == "" || !allDigits(national) || national == "" {
			return "", false
		}
		d = "+" + countryCode + national
	}
	n, err := CanonicalE164("number", d)
	return n, err == nil
}
