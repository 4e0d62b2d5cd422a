package softclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Format names the document's version; clients refuse any other.
const Format = "switchboard-softclient/1"

// ContentType is what the provisioning server sends the document as.
const ContentType = "application/json"

// Document is the soft client profile.
type Document struct {
	Format          string       `json:"format"`
	Model           string       `json:"model"`
	Accounts        []DocAccount `json:"accounts"`
	ProvisioningURL string       `json:"provisioning_url,omitempty"`
	Language        string       `json:"language,omitempty"`
	TimeZone        string       `json:"time_zone,omitempty"`
}

// DocAccount is one SIP account of the client.
type DocAccount struct {
	Username    string `json:"username"`
	AuthName    string `json:"auth_name"`
	Password    string `json:"password"`
	DisplayName string `json:"display_name"`
	Domain      string `json:"domain"`
	Registrar   string `json:"registrar"`
	Proxy       string `json:"proxy,omitempty"`
	Port        int    `json:"port"`
	Transport   string `json:"transport"`
	SRTP        string `json:"srtp"`
	Voicemail   string `json:"voicemail,omitempty"`
}

// Render writes the client's JSON document, named "{key}.json": the server
// answers it at the device's own URL.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	s := p.Server
	doc := Document{Format: Format, Model: m.ID, ProvisioningURL: p.ProvisioningURL, Language: p.Language, TimeZone: p.TimeZone}
	for _, l := range p.Lines {
		doc.Accounts = append(doc.Accounts, DocAccount{
			Username: l.Username, AuthName: vendorkit.Or(l.AuthName, l.Username), Password: l.Password,
			DisplayName: l.DisplayName, Domain: s.Domain, Registrar: s.Registrar, Proxy: s.Proxy,
			Port: s.ActivePort(), Transport: string(s.Transport), SRTP: string(s.SRTP), Voicemail: l.Voicemail,
		})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("softclient: %w", err)
	}
	return []switchboard.File{{Name: "{key}.json", ContentType: ContentType, Body: b.Bytes()}}, nil
}

// Parse reads a client document and flattens it into dotted keys
// ("accounts.0.username"), refusing unknown fields and other formats.
func Parse(body []byte) (map[string]string, error) {
	if err := vendorkit.CheckSize(body); err != nil {
		return nil, fmt.Errorf("softclient: %w", err)
	}
	var doc Document
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("softclient: %w", err)
	}
	if doc.Format != Format {
		return nil, fmt.Errorf("softclient: format %q is not %q", doc.Format, Format)
	}
	out := map[string]string{"format": doc.Format, "model": doc.Model}
	opt := func(k, v string) {
		if v != "" {
			out[k] = v
		}
	}
	opt("provisioning_url", doc.ProvisioningURL)
	opt("language", doc.Language)
	opt("time_zone", doc.TimeZone)
	for i, a := range doc.Accounts {
		p := "accounts." + strconv.Itoa(i) + "."
		out[p+"username"] = a.Username
		out[p+"auth_name"] = a.AuthName
		out[p+"password"] = a.Password
		out[p+"display_name"] = a.DisplayName
		out[p+"domain"] = a.Domain
		out[p+"registrar"] = a.Registrar
		out[p+"port"] = strconv.Itoa(a.Port)
		out[p+"transport"] = a.Transport
		out[p+"srtp"] = a.SRTP
		opt(p+"proxy", a.Proxy)
		opt(p+"voicemail", a.Voicemail)
	}
	return out, nil
}

// Account extracts account n (from 1).
func Account(parsed map[string]string, n int) (switchboard.LineAccount, error) {
	p := "accounts." + strconv.Itoa(n-1) + "."
	if parsed[p+"username"] == "" {
		return switchboard.LineAccount{}, fmt.Errorf("softclient: account %d is not in the document", n)
	}
	return vendorkit.CheckAccount(fmt.Sprintf("softclient: account %d", n), switchboard.LineAccount{
		Username: parsed[p+"username"], AuthName: parsed[p+"auth_name"], Password: parsed[p+"password"],
		DisplayName: parsed[p+"display_name"], Registrar: parsed[p+"registrar"], Proxy: parsed[p+"proxy"],
		Port: vendorkit.Port(parsed[p+"port"]), Transport: switchboard.Transport(parsed[p+"transport"]), SRTP: switchboard.SRTP(parsed[p+"srtp"]),
	})
}

// own is the source of every key: the format is Switchboard's own (this
// package's Document), read by Switchboard's clients.
const own = "Switchboard's own soft client format, softclient.Document"

// Keys lists every key Parse yields from what Render writes ('#' is a
// number) with the values the clients read.
var Keys = []vendorkit.Key{
	{Name: "format", Value: vendorkit.OneOf(Format), Source: own},
	{Name: "model", Value: vendorkit.Match(`[a-z0-9-]+`), Source: own},
	{Name: "provisioning_url", Value: vendorkit.Either(vendorkit.URL, vendorkit.OneOf("")), Source: own},
	{Name: "language", Value: vendorkit.OneOf("", "de", "en", "fr"), Source: own},
	{Name: "time_zone", Value: vendorkit.Text(64), Source: own},
	{Name: "accounts.#.username", Value: vendorkit.Text(64), Source: own},
	{Name: "accounts.#.auth_name", Value: vendorkit.Text(64), Source: own},
	{Name: "accounts.#.password", Value: vendorkit.Text(128), Source: own},
	{Name: "accounts.#.display_name", Value: vendorkit.Text(128), Source: own},
	{Name: "accounts.#.domain", Value: vendorkit.Host, Source: own},
	{Name: "accounts.#.registrar", Value: vendorkit.Host, Source: own},
	{Name: "accounts.#.proxy", Value: vendorkit.Either(vendorkit.Host, vendorkit.OneOf("")), Source: own},
	{Name: "accounts.#.port", Value: vendorkit.Int(1, 65535), Source: own},
	{Name: "accounts.#.transport", Value: vendorkit.OneOf("udp", "tcp", "tls"), Source: own},
	{Name: "accounts.#.srtp", Value: vendorkit.OneOf("off", "optional", "mandatory"), Source: own},
	{Name: "accounts.#.voicemail", Value: vendorkit.Text(32), Source: own},
}
