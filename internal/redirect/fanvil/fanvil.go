// Package fanvil registers Fanvil phones at FDPS, Fanvil's device
// provisioning (redirect) service, through its XML-RPC API.
//
// Sources: vendors.md §9 for the endpoint, the calls and the password
// digest; nethesis/falconieri providers/fanvil.go (read, not copied) for
// the sequence deleteServer → addMaterialServer → deRegisterDevice →
// registerDevice, one server entry per MAC named after it, the
// "Error:server_not_exist" answer and the answer shape [boolean, string].
//
// FDPS redirects a MAC to a named server entry rather than to a URL, so a
// registration creates the entry "sb-<mac>" holding the URL. The API has no
// look-up of a MAC (unverified), so Check fails with redirect.ErrNoLookup.
package fanvil

import (
	"context"
	"crypto/md5" //nolint:gosec // FDPS's documented password digest, not a choice of ours
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

// DefaultURL is the XML-RPC endpoint of FDPS (plain HTTP, as documented).
const DefaultURL = "http://fdps.fanvil.com/xmlrpc.php"

const service = "Fanvil FDPS"

// Credentials are the user name and password of an FDPS account. FDPS
// takes HTTP Basic authentication with the hex MD5 of the hex MD5 of the
// password in place of the password.
type Credentials = redirect.Login

// Digest is the password as FDPS expects it: md5(md5(password)), hex.
func Digest(password string) string {
	first := md5.Sum([]byte(password))
	second := md5.Sum([]byte(hex.EncodeToString(first[:])))
	return hex.EncodeToString(second[:])
}

// Config says where and as whom a Connector calls FDPS.
type Config struct {
	// URL of the XML-RPC endpoint; empty means DefaultURL.
	URL         string
	Credentials Credentials
	// Caller.HTTP may be set to choose the HTTP client.
	Caller redirect.Caller
}

// Connector is a redirect.Connector for one FDPS account.
type Connector struct {
	url, user, digest string
	call              redirect.Caller
}

var _ redirect.Connector = (*Connector)(nil)

// New returns a connector for cfg.
func New(cfg Config) *Connector {
	c := &Connector{url: cfg.URL, user: cfg.Credentials.User, digest: Digest(cfg.Credentials.Password.Reveal()), call: cfg.Caller}
	if c.url == "" {
		c.url = DefaultURL
	}
	c.call.Service = service
	return c
}

// Protocols maps URL schemes to FDPS's cfgPfProt numbers (vendors.md §9).
var Protocols = map[string]string{"ftp": "1", "tftp": "2", "http": "4", "https": "5"}

// ServerName is the server entry FDPS keeps for one MAC.
func ServerName(mac redirect.MAC) string { return "sb-" + string(mac) }

// Register replaces the MAC's server entry by one holding target and
// points the MAC at it.
func (c *Connector) Register(ctx context.Context, dev redirect.Device, target string) error {
	mac, err := redirect.ParseMAC(dev.MAC)
	if err != nil {
		return err
	}
	u, err := url.Parse(target)
	if err != nil || Protocols[u.Scheme] == "" || u.Host == "" {
		return redirect.Errorf(switchboard.EINVALID, "%s takes only ftp, tftp, http and https URLs with a host; %q is not one.", service, target)
	}
	if err := c.dropServer(ctx, mac); err != nil {
		return err
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	// The keys of a server entry (vendors.md §9): name, host, path,
	// protocol, mode 1, DHCP option and PnP off so the phone keeps the
	// redirected server.
	configs := []string{"cfgName=" + ServerName(mac), "cfgPfSrv=" + u.Host, "cfgPfName=" + path,
		"cfgPfProt=" + Protocols[u.Scheme], "cfgPfMode=1", "cfgDhcpOpt=false", "cfgPnpEnable=false"}
	if err := c.must(ctx, mac, "redirect.addMaterialServer", configs); err != nil {
		return err
	}
	if _, text, err := c.outcome(ctx, "redirect.deRegisterDevice", format(mac)); err != nil {
		return err
	} else if isOwned(text) {
		return redirect.Owned(service, "Fanvil", mac)
	}
	return c.must(ctx, mac, "redirect.registerDevice", format(mac), ServerName(mac))
}

// Deregister releases the MAC and deletes its server entry. A MAC FDPS
// does not know is not an error.
func (c *Connector) Deregister(ctx context.Context, macText string) error {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return err
	}
	_, text, err := c.outcome(ctx, "redirect.deRegisterDevice", format(mac))
	if err != nil {
		return err
	} else if isOwned(text) {
		return redirect.Owned(service, "Fanvil", mac)
	}
	return c.dropServer(ctx, mac)
}

// Check is not offered by the API.
func (c *Connector) Check(_ context.Context, macText string) (redirect.Status, error) {
	return redirect.NoLookup(service, macText)
}

// dropServer deletes the MAC's server entry; "server_not_exist" means
// there was none.
func (c *Connector) dropServer(ctx context.Context, mac redirect.MAC) error {
	ok, text, err := c.outcome(ctx, "redirect.deleteServer", ServerName(mac))
	if err != nil || ok || strings.Contains(text, "server_not_exist") {
		return err
	}
	return refusal(mac, "redirect.deleteServer", text)
}

func (c *Connector) must(ctx context.Context, mac redirect.MAC, method string, params ...any) error {
	ok, text, err := c.outcome(ctx, method, params...)
	if err != nil || ok {
		return err
	}
	return refusal(mac, method, text)
}

func (c *Connector) outcome(ctx context.Context, method string, params ...any) (bool, string, error) {
	return c.call.Outcome(ctx, c.url, c.user, c.digest, method, params...)
}

// format writes the MAC as FDPS expects it: twelve lower-case hexadecimal
// digits (unverified: the sources pass it through from their callers).
func format(mac redirect.MAC) string { return mac.Format("", false) }

// isOwned recognises the failure for a MAC of another account (unverified: the
// text is the one Snom and Gigaset use).
func isOwned(text string) bool { return strings.Contains(text, "owned_by_other_user") }

func refusal(mac redirect.MAC, method, text string) error {
	if isOwned(text) {
		return redirect.Owned(service, "Fanvil", mac)
	}
	return &redirect.Error{Code: switchboard.EINVALID, Err: fmt.Errorf("%s: %s", method, text),
		Message: fmt.Sprintf("%s refused MAC %s: %s.", service, mac.Format(":", true), text)}
}
