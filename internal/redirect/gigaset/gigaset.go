// Package gigaset registers Gigaset IP phones and DECT bases at Gigaset's
// legacy redirect service through its XML-RPC API.
//
// Sources: Gigaset's wiki page "Gigaset Redirect server"
// (teamwork.gigaset.com/gigawiki/display/GPPPO/Gigaset+Redirect+server) for
// the MAC-ID form XXXXXXXXXXXX-XXXX and the provider stored with each
// registration; vendors.md §9 (via the README of nethesis/falconieri) for
// the endpoint, HTTP Basic authentication and the calls
// autoprov.registerDevice(mac-id, url, provider) and
// autoprov.deregisterDevice(mac); nethesis/falconieri
// providers/gigaset.go (read, not copied) for the answer shape [boolean,
// value] and for deregistering before registering, since the service does
// not move a registered MAC.
//
// The API has no look-up of a MAC, so Check fails with redirect.ErrNoLookup.
// Gigaset's newer GRAPE REST API (Hawk authentication) is not used here.
package gigaset

import (
	"context"
	"fmt"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

// DefaultURL is the XML-RPC endpoint of Gigaset's redirect service.
const DefaultURL = "https://prov.gigaset.net/apxml/rpc.do"

// DefaultProvider is the provider name registered with each MAC when the
// configuration names none.
const DefaultProvider = "Switchboard"

const service = "Gigaset's redirect service"

// Credentials are the user name and password of a Gigaset redirect account,
// sent with HTTP Basic authentication.
type Credentials = redirect.Login

// Config says where and as whom a Connector calls the service.
type Config struct {
	// URL of the XML-RPC endpoint; empty means DefaultURL.
	URL string
	// Provider is the provider name stored with each MAC; empty means
	// DefaultProvider.
	Provider    string
	Credentials Credentials
	// Caller.HTTP may be set to choose the HTTP client.
	Caller redirect.Caller
}

// Connector is a redirect.Connector for one Gigaset redirect account.
type Connector struct {
	cfg  Config
	call redirect.Caller
}

var _ redirect.Connector = (*Connector)(nil)

// New returns a connector for cfg.
func New(cfg Config) *Connector {
	if cfg.URL == "" {
		cfg.URL = DefaultURL
	}
	if cfg.Provider == "" {
		cfg.Provider = DefaultProvider
	}
	c := &Connector{cfg: cfg, call: cfg.Caller}
	c.call.Service = service
	return c
}

// Register removes any redirection of the MAC held by this account, then
// calls autoprov.registerDevice with the MAC-ID: the MAC, a dash and the
// four-character code printed beside it on the label (Device.Code).
func (c *Connector) Register(ctx context.Context, dev redirect.Device, url string) error {
	mac, err := redirect.ParseMAC(dev.MAC)
	if err != nil {
		return err
	}
	code := strings.ToUpper(strings.TrimSpace(dev.Code))
	if len(code) != 4 {
		return redirect.Errorf(switchboard.EINVALID,
			"%s needs the MAC-ID printed on the device's label (the MAC, a dash and four characters); enter its last four characters as the device's code.", service)
	}
	if err := c.Deregister(ctx, dev.MAC); err != nil {
		return err
	}
	ok, text, err := c.outcome(ctx, "autoprov.registerDevice", format(mac)+"-"+code, url, c.cfg.Provider)
	if err != nil || ok {
		return err
	}
	return refusal(mac, text)
}

// Deregister calls autoprov.deregisterDevice(mac). Any failure other than
// a MAC of another account means there was nothing to remove: the service
// names no failure texts (unverified), so only that one is told apart.
func (c *Connector) Deregister(ctx context.Context, macText string) error {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return err
	}
	_, text, err := c.outcome(ctx, "autoprov.deregisterDevice", format(mac))
	if err == nil && isOwned(text) {
		return redirect.Owned(service, "Gigaset", mac)
	}
	return err
}

// Check is not offered by the service.
func (c *Connector) Check(_ context.Context, macText string) (redirect.Status, error) {
	return redirect.NoLookup(service, macText)
}

func (c *Connector) outcome(ctx context.Context, method string, params ...any) (bool, string, error) {
	return c.call.Outcome(ctx, c.cfg.URL, c.cfg.Credentials.User, c.cfg.Credentials.Password.Reveal(), method, params...)
}

// format writes the MAC as the MAC-ID starts: twelve upper-case
// hexadecimal digits without separators.
func format(mac redirect.MAC) string { return mac.Format("", true) }

// isOwned recognises the failure for a MAC of another account. The text is
// unverified: vendors.md §9 quotes "device_owned_by_other_user" as the common form.
func isOwned(text string) bool { return strings.Contains(text, "owned_by_other_user") }

func refusal(mac redirect.MAC, text string) error {
	if isOwned(text) {
		return redirect.Owned(service, "Gigaset", mac)
	}
	return &redirect.Error{Code: switchboard.EINVALID, Err: fmt.Errorf("registerDevice: %s", text),
		Message: fmt.Sprintf("%s refused MAC %s: %s. Check the MAC-ID on the device's label.", service, mac.Format(":", true), text)}
}
