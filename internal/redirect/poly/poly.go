// Package poly registers Poly (Polycom) phones at Poly Zero Touch
// Provisioning (ZTP) through its Zero Touch Partner API.
//
// Sources: the public command line client for the Partner API by Skylar
// Baker (found by the code search, "CLI client for Poly ZTP"; read, not
// copied) for the base URL https://api.ztp.poly.com/preview, the API-KEY
// header, GET /profiles, GET, POST and DELETE /devices[/{mac}], the bodies
// and the answers 400 (bad MAC), 404 (not in this account) and 409
// (registered with a different account); its README for where the key
// comes from (ztpconsole.poly.com → Integrations → Zero Touch Partner API).
// Poly's developer guide 3725-49022-002A names the API but its text was not
// retrievable.
//
// ZTP points a MAC at a profile, and the profile holds the provisioning
// server: the operator creates one profile per provisioning URL in the ZTP
// console and enters the pairs in the service account (Config.Profiles).
package poly

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

// DefaultURL is the base of the Zero Touch Partner API.
const DefaultURL = "https://api.ztp.poly.com/preview"

// HeaderKey carries the API key on every request.
const HeaderKey = "API-KEY"

const service = "Poly ZTP"

// Credentials are the Partner API key of a ZTP account.
type Credentials struct {
	APIKey redirect.Secret
}

// String hides the key.
func (c Credentials) String() string { return "poly:" + c.APIKey.String() }

// LogValue hides the key.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Config says where and as whom a Connector calls ZTP.
type Config struct {
	// URL is the API base; empty means DefaultURL.
	URL         string
	Credentials Credentials
	// Profiles maps each provisioning URL to the ID of the ZTP profile
	// that points at it.
	Profiles map[string]string
	// Caller.HTTP may be set to choose the HTTP client.
	Caller redirect.Caller
}

// Connector is a redirect.Connector for one ZTP account.
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
	c := &Connector{cfg: cfg, call: cfg.Caller}
	c.call.Service = service
	return c
}

// Device is ZTP's record of a MAC in this account.
type Device struct {
	ProfileID string `json:"profileid"`
}

// Register assigns the MAC to the profile of url: POST /devices with
// {"id": mac, "profile": id}. A MAC of this account on another profile is
// deleted first, since the sources show no call that changes a profile.
func (c *Connector) Register(ctx context.Context, dev redirect.Device, url string) error {
	mac, err := redirect.ParseMAC(dev.MAC)
	if err != nil {
		return err
	}
	profile, ok := c.cfg.Profiles[url]
	if !ok {
		return redirect.Errorf(switchboard.EINVALID,
			"No %s profile is set for %s; create one pointing at it in ztpconsole.poly.com and enter its ID in the redirect service account.", service, url)
	}
	own, err := c.device(ctx, mac)
	switch {
	case err != nil:
		return err
	case own != nil && own.ProfileID == profile:
		return nil
	case own != nil:
		if err := c.Deregister(ctx, dev.MAC); err != nil {
			return err
		}
	}
	body, _ := json.Marshal(map[string]string{"id": format(mac), "profile": profile})
	status, _, err := c.send(ctx, http.MethodPost, "/devices", body)
	if err != nil {
		return err
	}
	return c.verdict(mac, status)
}

// Deregister deletes the MAC from the account; 404 means it was not there.
func (c *Connector) Deregister(ctx context.Context, macText string) error {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return err
	}
	status, _, err := c.send(ctx, http.MethodDelete, "/devices/"+format(mac), nil)
	if err != nil || status == http.StatusNotFound {
		return err
	}
	return c.verdict(mac, status)
}

// Check reads GET /devices/{mac}. ZTP shows only this account's MACs, so a
// MAC of another account reads as Free.
func (c *Connector) Check(ctx context.Context, macText string) (redirect.Status, error) {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return redirect.Status{}, err
	}
	own, err := c.device(ctx, mac)
	if err != nil || own == nil {
		return redirect.Status{State: redirect.Free}, err
	}
	st := redirect.Status{State: redirect.Ours}
	for url, id := range c.cfg.Profiles {
		if id == own.ProfileID {
			st.URL = url
		}
	}
	return st, nil
}

// device returns the account's record of the MAC, nil when it has none.
func (c *Connector) device(ctx context.Context, mac redirect.MAC) (*Device, error) {
	status, body, err := c.send(ctx, http.MethodGet, "/devices/"+format(mac), nil)
	if err != nil || status == http.StatusNotFound {
		return nil, err
	}
	if err := c.verdict(mac, status); err != nil {
		return nil, err
	}
	var d Device
	if err := json.Unmarshal(body, &d); err != nil || d.ProfileID == "" {
		return nil, redirect.Unreadable(service, fmt.Errorf("GET /devices: %q", bytes.TrimSpace(body)))
	}
	return &d, nil
}

func (c *Connector) send(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.URL+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, redirect.Errorf(switchboard.EINVALID, "The address of %s, %q, is not a URL; correct it in the redirect service account.", service, c.cfg.URL)
	}
	req.Header.Set(HeaderKey, c.cfg.Credentials.APIKey.Reveal())
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.call.Do(req)
}

// verdict turns the status of an answer into the connector's error.
func (c *Connector) verdict(mac redirect.MAC, status int) error {
	switch status {
	case http.StatusOK, http.StatusCreated, http.StatusNoContent:
		return nil
	case http.StatusConflict:
		return redirect.Owned(service, "Poly", mac)
	case http.StatusBadRequest:
		return redirect.Errorf(switchboard.EINVALID, "%s does not accept the MAC %s; check it against the phone's label.", service, mac.Format(":", true))
	}
	return redirect.Unreadable(service, fmt.Errorf("HTTP %d", status))
}

// format writes the MAC as the sources send it: the digits without
// separators, here in lower case (unverified: the client passes the case typed).
func format(mac redirect.MAC) string { return mac.Format("", false) }
