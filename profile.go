package switchboard

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Transport is the SIP transport a device registers over.
type Transport string

// SIP transports.
const (
	TransportUDP Transport = "udp"
	TransportTCP Transport = "tcp"
	TransportTLS Transport = "tls"
)

// Valid reports whether t is a known transport.
func (t Transport) Valid() bool {
	return t == TransportUDP || t == TransportTCP || t == TransportTLS
}

// SRTP is a device's policy for encrypting media.
type SRTP string

// SRTP policies: plain RTP, SRTP offered but not required, SRTP only.
const (
	SRTPOff       SRTP = "off"
	SRTPOptional  SRTP = "optional"
	SRTPMandatory SRTP = "mandatory"
)

// Valid reports whether s is a known policy.
func (s SRTP) Valid() bool {
	return s == SRTPOff || s == SRTPOptional || s == SRTPMandatory
}

// SIPServer is where a device's lines register and how.
type SIPServer struct {
	// Domain is the SIP domain, the host part of each line's address.
	Domain string `json:"domain"`
	// Registrar is the host name (or address) the device registers with.
	Registrar string `json:"registrar"`
	// Proxy is the outbound proxy host; empty means the registrar.
	Proxy string `json:"proxy"`
	// Port is the plain SIP port (UDP and TCP), TLSPort the SIP-over-TLS one.
	Port    int `json:"port"`
	TLSPort int `json:"tls_port"`
	// Transport and SRTP are what the device is told to use.
	Transport Transport `json:"transport"`
	SRTP      SRTP      `json:"srtp"`
}

// ActivePort is the port the device uses with its transport: TLSPort for
// TLS, Port otherwise.
func (s SIPServer) ActivePort() int {
	if s.Transport == TransportTLS {
		return s.TLSPort
	}
	return s.Port
}

// Encrypt switches the server settings to SIP over TLS with mandatory SRTP,
// as MustEncrypt demands for devices outside the access networks.
func (s *SIPServer) Encrypt() {
	s.Transport = TransportTLS
	s.SRTP = SRTPMandatory
}

// ProfileLine is one SIP account a device carries.
type ProfileLine struct {
	Username    string `json:"username"`
	AuthName    string `json:"auth_name"`
	Password    string `json:"-"`
	DisplayName string `json:"display_name"`
	// Label is the short text shown next to the line key.
	Label string `json:"label"`
	// Voicemail is the number the device dials for voicemail; optional.
	Voicemail string `json:"voicemail,omitempty"`
}

// Handset maps one DECT handset of a base station to its lines.
type Handset struct {
	// Index is the handset's number on the base, from 1.
	Index int    `json:"index"`
	Name  string `json:"name"`
	// Lines are the profile's line numbers (from 1) the handset rings on
	// and dials out with; the first is its default outgoing line.
	Lines []int `json:"lines"`
	// Pair is set while the handset was added in Switchboard but not yet
	// paired with the base: the base opens its registration window for it
	// (where the vendor offers one), so a person only has to start the
	// registration on the handset and type the base's HandsetPIN.
	Pair bool `json:"pair,omitempty"`
}

// Profile is the vendor-neutral device profile: everything a vendor package
// needs to render a device's configuration files. It holds secrets and is
// never sent to API clients as it is.
type Profile struct {
	// Model is the catalogue id; MAC the device's canonical MAC or empty.
	Model string `json:"model"`
	MAC   string `json:"mac"`

	Server SIPServer     `json:"server"`
	Lines  []ProfileLine `json:"lines"`
	Keys   []FunctionKey `json:"keys"`
	// Handsets is the handset-to-line mapping of a DECT base station.
	Handsets []Handset `json:"handsets,omitempty"`

	// AdminPassword protects the device's admin menu and web interface;
	// WebUser and WebPassword are the user-level login (seed 004).
	AdminPassword string `json:"-"`
	WebUser       string `json:"web_user"`
	WebPassword   string `json:"-"`

	// Language is one of Languages, TimeZone an IANA name; both optional.
	Language string `json:"language"`
	TimeZone string `json:"time_zone"`
	// NTPServers are the time servers the device keeps its clock with,
	// preferred first (the site's, else the operator's default). A phone
	// without one shows the wrong time and cannot check TLS certificates.
	NTPServers []string `json:"ntp_servers"`
	// Resync is how often the device asks for its profile by itself, so a
	// check-sync NOTIFY it missed (offline, behind NAT) is caught up; zero
	// leaves the device's own setting.
	Resync time.Duration `json:"resync"`
	// HandsetPIN is the access code DECT handsets type to register with
	// the base (4 digits); empty for everything but bases.
	HandsetPIN string `json:"-"`
	// BuiltAt is when the profile was built: at the fetch that asked for
	// it after a change. A registration window the profile opens for a
	// handset to pair starts then.
	BuiltAt time.Time `json:"-"`

	// ProvisioningURL is the device's own URL for later fetches (file or
	// directory form, see Model.URLForm); FirmwareURL is optional.
	// FirmwareVersion is the version of the file FirmwareURL names, for
	// firmwares that compare it with their own before they fetch the file
	// (Gigaset's <file version>).
	ProvisioningURL string `json:"provisioning_url"`
	FirmwareURL     string `json:"firmware_url,omitempty"`
	FirmwareVersion string `json:"firmware_version,omitempty"`
	// PhonebookURL is where the device fetches its customer's company
	// phonebook (issue 17), in the device's own directory under the
	// vendor's file name; empty when the vendor takes none.
	// PhonebookTitle is the name the phone lists it under.
	PhonebookURL   string `json:"phonebook_url,omitempty"`
	PhonebookTitle string `json:"phonebook_title,omitempty"`
}

// CheckFor checks that the profile fits the model before it is rendered:
// at least one line and no more than the model carries, valid transport and
// SRTP, valid function keys, and a handset mapping that points at existing
// lines. Renderers call it so that no vendor format ever carries half a
// profile.
func (p *Profile) CheckFor(m Model) error {
	switch {
	case m.Kind == KindDECTHandset:
		return Errorf(EINVALID, "a %s has no profile of its own: its line goes into the profile of its base station", m.Name)
	case len(p.Lines) == 0:
		return Errorf(EINVALID, "the profile of the %s has no line", m.Name)
	case len(p.Lines) > m.Lines:
		return Errorf(EINVALID, "the %s carries %d line(s), the profile has %d", m.Name, m.Lines, len(p.Lines))
	case !p.Server.Transport.Valid():
		return Errorf(EINVALID, "transport %q is not one of udp, tcp, tls", p.Server.Transport)
	case !p.Server.SRTP.Valid():
		return Errorf(EINVALID, "SRTP %q is not one of off, optional, mandatory", p.Server.SRTP)
	case p.Server.Registrar == "" || p.Server.Domain == "":
		return Errorf(EINVALID, "the profile has no SIP domain or registrar")
	case p.Server.ActivePort() < 1 || p.Server.ActivePort() > 65535:
		return Errorf(EINVALID, "SIP port %d is not a port", p.Server.ActivePort())
	case len(p.Handsets) > m.Handsets:
		return Errorf(EINVALID, "the %s carries %d handset(s), the profile has %d", m.Name, m.Handsets, len(p.Handsets))
	}
	if p.Resync < 0 {
		return Errorf(EINVALID, "the resync interval %s is negative", p.Resync)
	}
	if err := ValidateNTPServers("ntp_servers", p.NTPServers); err != nil {
		return err
	}
	for i, l := range p.Lines {
		if l.Username == "" || l.Password == "" {
			return Errorf(EINVALID, "line %d of the profile has no SIP username or password", i+1)
		}
	}
	seen := map[int]bool{}
	for _, h := range p.Handsets {
		if h.Index < 1 || h.Index > m.Handsets || seen[h.Index] {
			return Errorf(EINVALID, "handset %d is not a free handset slot of the %s (1 to %d)", h.Index, m.Name, m.Handsets)
		}
		seen[h.Index] = true
		if len(h.Lines) == 0 {
			return Errorf(EINVALID, "handset %d has no line", h.Index)
		}
		if h.Pair && p.HandsetPIN == "" {
			return Errorf(EINVALID, "handset %d is to be paired, but the profile has no handset PIN", h.Index)
		}
		for _, n := range h.Lines {
			if n < 1 || n > len(p.Lines) {
				return Errorf(EINVALID, "handset %d uses line %d, but the profile has lines 1 to %d", h.Index, n, len(p.Lines))
			}
		}
	}
	return m.ValidateKeys(p.Keys)
}

// File is one rendered configuration file as the device fetches it.
type File struct {
	Name        string
	ContentType string
	Body        []byte
}

// Identity is what a request shows about the device that sent it.
type Identity struct {
	// Vendor is the vendor family, Model a catalogue id when the request
	// names one, MAC the canonical MAC when it shows one.
	Vendor string
	Model  string
	MAC    string
	// Conflict is set when the User-Agent and the file name show two
	// different MACs; such a request is refused like a wrong MAC.
	Conflict bool
}

// LineAccount is one line's registration data as a device reads it from
// its profile: what a phone (or the phone simulator) needs to register.
type LineAccount struct {
	Username    string
	AuthName    string
	Password    string
	DisplayName string
	// Registrar is the host to register with, Port the port to use with
	// Transport, SRTP the media policy.
	Registrar string
	Proxy     string
	Port      int
	Transport Transport
	SRTP      SRTP
}

// MustEncrypt is the encryption rule of seed 000: a device at a site with
// encryption on, or fetching from an address outside the operator's own
// access networks, must use SIP over TLS (TLS port) and mandatory SRTP;
// inside the access networks plain SIP is allowed. An invalid address is
// treated as outside.
func MustEncrypt(siteEncryption bool, addr netip.Addr, accessNetworks []netip.Prefix) bool {
	if siteEncryption || !addr.IsValid() {
		return true
	}
	addr = addr.Unmap()
	for _, n := range accessNetworks {
		if n.Contains(addr) {
			return false
		}
	}
	return true
}

// DefaultAccessNetworks are the access networks when the operator names
// none: loopback, the RFC 1918 private ranges and RFC 4193 unique local
// addresses.
func DefaultAccessNetworks() []netip.Prefix {
	return []netip.Prefix{
		netip.MustParsePrefix("127.0.0.0/8"),
		netip.MustParsePrefix("::1/128"),
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"),
		netip.MustParsePrefix("fc00::/7"),
	}
}

// ParseAccessNetworks reads the --access-networks value: CIDRs separated by
// commas. An empty value yields DefaultAccessNetworks.
func ParseAccessNetworks(v string) ([]netip.Prefix, error) {
	if strings.TrimSpace(v) == "" {
		return DefaultAccessNetworks(), nil
	}
	var out []netip.Prefix
	for _, s := range strings.Split(v, ",") {
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			return nil, FieldErrorf("access-networks", "%q is not a network in CIDR form such as 10.0.0.0/8", strings.TrimSpace(s))
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// String renders the line account for logs and test failures without its
// password.
func (a LineAccount) String() string {
	return fmt.Sprintf("%s (auth %s) at %s:%d/%s srtp=%s", a.Username, a.AuthName, a.Registrar, a.Port, a.Transport, a.SRTP)
}
