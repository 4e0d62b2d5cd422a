// Package snom registers phones at Snom's redirect service (SRAPS, formerly
// the Redirection and Provisioning Service) through its XML-RPC API.
//
// Sources: Snom's "XML-RPC API" page (service.snom.com/display/wiki/XML-RPC+API)
// for the endpoint with its mandatory trailing slash and text/xml, Basic
// authentication over TLS, the three methods, their [boolean, text]
// answers, the texts "Ok", "Error:owned_by_other_user",
// "Error:malformed_url", "Error:malformed_mac" and getPhoneRedirection's
// "Company name, Redirection URL"; nethesis/falconieri providers/snom.go
// (read, not copied) for the XML-RPC encoding of the answer.
//
// SRAPS also has a REST API with Hawk authentication; this connector uses
// the XML-RPC API because its calls and error names are the ones publicly
// documented in full.
package snom

import (
	"context"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

// DefaultURL is the XML-RPC endpoint of SRAPS; the trailing slash is
// required (Snom XML-RPC API page).
const DefaultURL = "https://secure-provisioning.snom.com:8083/xmlrpc/"

// service names SRAPS in messages.
const service = "Snom SRAPS"

// Credentials are the user name and password of a SRAPS account, sent with HTTP Basic
// authentication over TLS.
type Credentials = redirect.Login

// Config says where and as whom a Connector calls SRAPS.
type Config struct {
	// URL of the XML-RPC endpoint; empty means DefaultURL.
	URL         string
	Credentials Credentials
	// Caller.HTTP may be set to choose the HTTP client.
	Caller redirect.Caller
}

// Connector is a redirect.Connector for one SRAPS account.
type Connector struct {
	url   string
	creds Credentials
	call  redirect.Caller
}

var _ redirect.Connector = (*Connector)(nil)

// New returns a connector for cfg.
func New(cfg Config) *Connector {
	c := &Connector{url: cfg.URL, creds: cfg.Credentials, call: cfg.Caller}
	if c.url == "" {
		c.url = DefaultURL
	}
	c.call.Service = service
	return c
}

// Register calls redirect.registerPhone(mac, url).
func (c *Connector) Register(ctx context.Context, dev redirect.Device, url string) error {
	mac, err := redirect.ParseMAC(dev.MAC)
	if err != nil {
		return err
	}
	ok, text, err := c.outcome(ctx, "redirect.registerPhone", format(mac), url)
	if err != nil || ok {
		return err
	}
	return refusal(mac, text)
}

// Deregister calls redirect.deregisterPhone(mac). The page names no text
// for a MAC without a redirection (unverified), so any failure other than the two
// it names means there was nothing to remove, the state asked for.
func (c *Connector) Deregister(ctx context.Context, macText string) error {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return err
	}
	ok, text, err := c.outcome(ctx, "redirect.deregisterPhone", format(mac))
	if err != nil || ok || (text != errOwned && text != errMalformedMAC) {
		return err
	}
	return refusal(mac, text)
}

// Check calls redirect.getPhoneRedirection(mac), which answers true with
// "Company name, Redirection URL" for a redirected MAC of this account and
// Error:owned_by_other_user for one of another account. Any other failure
// is read as no redirection (unverified: the page's list is cut off there).
func (c *Connector) Check(ctx context.Context, macText string) (redirect.Status, error) {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return redirect.Status{}, err
	}
	ok, text, err := c.outcome(ctx, "redirect.getPhoneRedirection", format(mac))
	switch {
	case err != nil:
		return redirect.Status{}, err
	case ok:
		if i := strings.LastIndex(text, ", "); i >= 0 {
			text = text[i+len(", "):]
		}
		return redirect.Status{State: redirect.Ours, URL: text}, nil
	case text == errOwned:
		return redirect.Status{State: redirect.Other}, nil
	case text == errMalformedMAC:
		return redirect.Status{}, refusal(mac, text)
	}
	return redirect.Status{State: redirect.Free}, nil
}

// outcome runs a call and returns its text without the "Error:" prefix.
func (c *Connector) outcome(ctx context.Context, method string, params ...any) (bool, string, error) {
	ok, text, err := c.call.Outcome(ctx, c.url, c.creds.User, c.creds.Password.Reveal(), method, params...)
	return ok, strings.TrimPrefix(text, "Error:"), err
}

// The failure texts SRAPS answers after "Error:" (Snom XML-RPC API page).
const (
	errOwned        = "owned_by_other_user"
	errMalformedMAC = "malformed_mac"
	errMalformedURL = "malformed_url"
)

// format writes the MAC as twelve upper-case hexadecimal digits without
// separators (unverified: Snom's pages write MACs as 000413xxxxxx and do not say
// whether case matters).
func format(mac redirect.MAC) string { return mac.Format("", true) }

func refusal(mac redirect.MAC, text string) error {
	switch text {
	case errOwned:
		return redirect.Owned(service, "Snom", mac)
	case errMalformedMAC:
		return redirect.Errorf(switchboard.EINVALID, "%s does not accept the MAC %s; check it against the phone's label.", service, mac.Format(":", true))
	case errMalformedURL:
		return redirect.Errorf(switchboard.EINVALID, "%s does not accept Switchboard's provisioning URL; check the public host name in the server settings.", service)
	}
	return redirect.Errorf(switchboard.EINVALID, "%s refused the call for MAC %s: %s.", service, mac.Format(":", true), text)
}
