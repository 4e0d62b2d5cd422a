package sip

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Binding is one registration: a contact of a device's account, where it
// came from and until when it is valid.
type Binding struct {
	DeviceID string `json:"device"`
	// Username is the digest user name the device authenticated with; the
	// NOTIFY sender answers the phone's challenges with its password.
	Username string `json:"username"`
	// AOR is the address of record the binding belongs to, e.g. sip:u@dom.
	AOR string `json:"aor"`
	// Contact is the contact URI requests to the device are sent to.
	Contact string `json:"contact"`
	// Source is the address and port the REGISTER came from; requests to
	// the device go there, over the same socket or connection, so they
	// cross NAT.
	Source string `json:"source"`
	// Transport is UDP, TCP, TLS, WS or WSS.
	Transport string `json:"transport"`
	UserAgent string `json:"user_agent"`
	// MAC is the MAC address found in the User-Agent, 12 lower-case hex
	// digits, or empty.
	MAC string `json:"mac,omitempty"`
	// Instance is the +sip.instance of the contact (RFC 5626), RegID its
	// reg-id; a REGISTER with the same pair replaces the binding.
	Instance string `json:"instance,omitempty"`
	RegID    int    `json:"reg_id,omitempty"`
	CallID   string `json:"call_id"`
	CSeq     uint32 `json:"cseq"`
	// Path is the Path header values of the REGISTER (RFC 3327), used as
	// the route set of requests to the device.
	Path []string `json:"path,omitempty"`
	// AccessInfo is the P-Access-Network-Info the network supplied.
	AccessInfo string `json:"access_info,omitempty"`
	// Encrypted is true when the device registered over TLS (or WSS) and its
	// profile requires SRTP.
	Encrypted    bool      `json:"encrypted"`
	Expires      time.Time `json:"expires"`
	RegisteredAt time.Time `json:"registered_at"`
}

// IP returns the source address without the port.
func (b *Binding) IP() string { return sourceIP(b.Source) }

// sourceIP returns a source address without the port.
func sourceIP(source string) string {
	if ap, err := netip.ParseAddrPort(source); err == nil {
		return ap.Addr().Unmap().String()
	}
	if i := strings.LastIndexByte(source, ':'); i > 0 {
		return source[:i]
	}
	return source
}

// macSeparators are what a User-Agent writes between a MAC's digits.
var macSeparators = strings.NewReplacer(":", "", "-", "")

var macPattern = regexp.MustCompile(`(?i)(?:^|[^0-9a-f:-])((?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}|[0-9a-f]{12})(?:$|[^0-9a-f:-])`)

// macFromUserAgent finds a MAC address in a User-Agent, as many phones put
// theirs there (e.g. "Yealink SIP-T54W 96.86.0.100 80:5e:c0:11:22:33").
func macFromUserAgent(ua string) string {
	m := macPattern.FindStringSubmatch(ua)
	if m == nil {
		return ""
	}
	mac := strings.ToLower(macSeparators.Replace(m[1]))
	if mac == "000000000000" {
		return ""
	}
	return mac
}

// doubleRegistration reports whether the bindings come from two different
// devices at once: different MACs, different instance ids, or different
// source addresses.
func doubleRegistration(bs []binding) bool {
	for i := 0; i < len(bs); i++ {
		for j := i + 1; j < len(bs); j++ {
			a, b := &bs[i], &bs[j]
			if a.mac != "" && b.mac != "" && a.mac != b.mac {
				return true
			}
			if ai, bi := a.part(partInstance), b.part(partInstance); ai != "" && bi != "" && ai != bi {
				return true
			}
			if a.ip() != b.ip() {
				return true
			}
		}
	}
	return false
}

// Status is what the status endpoint shows for a device.
type Status struct {
	Online bool `json:"online"`
	// ExpiresAt is the latest expiry of the current bindings; zero offline.
	ExpiresAt time.Time `json:"expires_at"`
	UserAgent string    `json:"user_agent"`
	// IP is the address of the current registration, or of the last one
	// when offline; empty when the device never registered.
	IP        string `json:"ip"`
	LastIP    string `json:"last_ip"`
	Contact   string `json:"contact"`
	Transport string `json:"transport"`
	// Encrypted reflects the transport actually used (TLS) and the SRTP
	// requirement of the device's profile.
	Encrypted bool `json:"encrypted"`
	// AccessInfo is the P-Access-Network-Info of the registration.
	AccessInfo         string `json:"access_info,omitempty"`
	DoubleRegistration bool   `json:"double_registration"`
	// Bindings counts the current bindings.
	Bindings int `json:"bindings"`
}

// statusOf builds the status at now from the device's bindings and the
// newest binding it ever had (nil when the device never registered).
// Bindings that expired but were not swept yet count as gone.
func statusOf(bs []binding, last *binding, now time.Time) Status {
	t := now.UnixNano()
	expired := func(k binding) bool { return k.expires <= t }
	current := bs
	if slices.ContainsFunc(bs, expired) {
		current = slices.DeleteFunc(slices.Clone(bs), expired)
	}
	var st Status
	var newest *binding
	var expires int64
	for i := range current {
		b := &current[i]
		if newest == nil || b.registered > newest.registered {
			newest = b
		}
		expires = max(expires, b.expires)
	}
	if newest == nil {
		newest = last
	} else {
		st.Online = true
		st.ExpiresAt = fromUnixNano(expires)
		st.Bindings = len(current)
		st.DoubleRegistration = doubleRegistration(current)
	}
	if newest != nil {
		st.IP = newest.ip()
		st.LastIP = st.IP
		st.UserAgent = newest.userAgent
		if st.Online {
			st.Contact = newest.part(partContact)
			st.Transport = newest.part(partTransport)
			st.Encrypted = newest.encrypted
			st.AccessInfo = newest.part(partAccessInfo)
		}
	}
	return st
}
