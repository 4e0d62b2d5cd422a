// Package universal is the universal profile (seed 000 "Universelles
// Basisprofil"): any SIP device the catalogue does not know, configured by
// hand. It renders no file; it exposes the SIP account a person types into
// the device, with both the plain and the TLS proxy port, because a device
// outside the operator's access networks must use TLS and SRTP (seed 000,
// Mediasec).
package universal

import (
	"net/netip"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Vendor is the family name used as Model.Vendor.
const Vendor = "universal"

// Family is the universal profile's entry in the list of vendors: it has
// no files to parse.
var Family = vendorkit.Family{Name: Vendor, Models: Models, Identify: Identify, Render: Render}

// ModelID is the catalogue id of the universal profile.
const ModelID = "universal"

var catalogue = []switchboard.Model{{
	ID: ModelID, Vendor: Vendor, Name: "Universal profile (any SIP device, set up by hand)",
	Kind: switchboard.KindUniversal, Lines: 1, KeyTypes: []switchboard.KeyType{},
	Files: []string{}, URLForm: switchboard.URLNone,
	Manuals:      manuals,
	FactoryReset: "Follow the device maker's instructions to restore factory settings before the device is used elsewhere (seed 000).",
	ManualSteps: []string{
		"Open the SIP account data of the device in the portal (expert view).",
		"Enter user name, authentication name, password, domain and proxy into the SIP settings of the device.",
		"Inside the operator's access networks use the proxy port with UDP or TCP; from anywhere else, or with the site's encryption on, use TLS with the TLS port and mandatory SRTP.",
		"Use these data on this one device only: a second device needs a universal profile of its own (seed 000).",
	},
}}

// Models returns the universal profile's catalogue entry.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// Identify never recognises a request: the universal profile has no file.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	return switchboard.Identity{Vendor: Vendor}, false
}

// Render checks the profile and renders nothing: the device is set up by
// hand with Accounts.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	return []switchboard.File{}, nil
}

// SIPAccount is what a person types into a device: the fields of the API's
// GET /devices/{id}/sip-account (DESIGN §5). Transport and SRTP say what the
// device must use where it is.
type SIPAccount struct {
	Username  string                `json:"username"`
	AuthName  string                `json:"auth_name"`
	Password  string                `json:"password"`
	Domain    string                `json:"domain"`
	Registrar string                `json:"registrar"`
	Proxy     string                `json:"proxy"`
	Port      int                   `json:"port"`
	TLSPort   int                   `json:"tls_port"`
	Transport switchboard.Transport `json:"transport"`
	SRTP      switchboard.SRTP      `json:"srtp"`
}

// Accounts lists the profile's lines as SIP accounts, with both proxy ports.
// The proxy is the profile's proxy, else its registrar.
func Accounts(p *switchboard.Profile) []SIPAccount {
	s := p.Server
	proxy := vendorkit.Or(s.Proxy, s.Registrar)
	out := make([]SIPAccount, 0, len(p.Lines))
	for _, l := range p.Lines {
		out = append(out, SIPAccount{
			Username: l.Username, AuthName: vendorkit.Or(l.AuthName, l.Username), Password: l.Password, Domain: s.Domain,
			Registrar: s.Registrar, Proxy: proxy, Port: s.Port, TLSPort: s.TLSPort,
			Transport: s.Transport, SRTP: s.SRTP,
		})
	}
	return out
}

// Expect returns the transport and SRTP policy a hand-configured device
// must use, by the encryption rule: TLS and mandatory SRTP when the site
// encrypts or the device is outside the access networks, else plain UDP.
func Expect(siteEncryption bool, addr netip.Addr, accessNetworks []netip.Prefix) (switchboard.Transport, switchboard.SRTP) {
	if switchboard.MustEncrypt(siteEncryption, addr, accessNetworks) {
		return switchboard.TransportTLS, switchboard.SRTPMandatory
	}
	return switchboard.TransportUDP, switchboard.SRTPOff
}
