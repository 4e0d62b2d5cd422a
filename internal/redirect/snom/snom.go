// Package snom registers phones at Snom's redirect service (SRAPS, formerly
// the Redirection and Provisioning Service) through its XML-RPC API.
//
// Sources: Snom's "XML-RPC API" page (service.snom.com/display/wiki/XML-RPC+API,
// cited in ../shared/research/vendors.md §9 and §12) for the endpoint, the
// Basic authentication and the method names; nethesis/falconieri
// providers/snom.go (read, not copied) for the call and answer shape
// redirect.registerPhone(mac, url) → [boolean, string].
//
// SRAPS also has a REST API with Hawk authentication; this connector uses
// the XML-RPC API because its calls and error names are the ones publicly
// documented in full.
package snom

import (
	"context"

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

// Deregister calls redirect.deregisterPhone(mac). SRAPS answers a MAC
// without a redirection with a failure; that is the state asked for.
func (c *Connector) Deregister(ctx context.Context, macText string) error {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return err
	}
	ok, text, err := c.outcome(ctx, "redirect.deregisterPhone", format(mac))
	if err != nil || ok || text == errNoRedirection {
		return err
	}
	return refusal(mac, text)
}

// Check calls redirect.getPhoneRedirection(mac), which answers [true, url]
// for a MAC of this account. The failure texts for a free MAC and one of
// another account are taken to be the ones registerPhone uses
// ([U]: the page names the method, not its failure texts).
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
		return redirect.Status{State: redirect.Ours, URL: text}, nil
	case text == errOwned:
		return redirect.Status{State: redirect.Other}, nil
	case text == errNoRedirection:
		return redirect.Status{State: redirect.Free}, nil
	}
	return redirect.Status{}, refusal(mac, text)
}

func (c *Connector) outcome(ctx context.Context, method string, params ...any) (bool, string, error) {
	return c.call.Outcome(ctx, c.url, c.creds.User, c.creds.Password.Reveal(), method, params...)
}

// The failure texts SRAPS answers (Snom XML-RPC API page; vendors.md §9).
// errNoRedirection is [U]: the text for a MAC without a redirection.
const (
	errOwned         = "owned_by_other_user"
	errMalformedMAC  = "malformed_mac"
	errMalformedURL  = "malformed_url"
	errNoRedirection = "no_redirection"
)

// format writes the MAC as SRAPS expects: twelve upper-case hexadecimal
// digits without separators.
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
