// Package grandstream registers Grandstream phones at GDMS, Grandstream's
// device management system, through its open API.
//
// Sources: Grandstream's "GDMS API Guide"
// (documentation.grandstream.com/knowledge-base/gdms-api-guide/) for the
// base URLs (www.gdms.cloud, eu.gdms.cloud), the token call with the
// password grant and the hourly token, and the signature (sign.go); the
// public clients InterLinked1/GDMS and
// AccelerateNetworks/fusionpbx-grandstream-extras (read, not copied) for
// POST /oapi/v1.0.0/device/add with [{mac, sn, siteId, orgId}] and the
// query parameters access_token, signature and timestamp.
//
// GDMS is a management system, not a bare redirect: a device is added to a
// site with its MAC and serial number (Device.Code), and GDMS hands the
// phone its configuration. Register therefore adds the device and pushes the
// provisioning server P-values (P212 protocol, P237 server path) to it.
// The push call, device/config/xml, its body, device/delete, and the
// answer envelope {retCode, msg, data} are unverified: named in vendors.md §9,
// not shown by the sources. GDMS's API has no look-up of a MAC usable
// here, so Check fails with redirect.ErrNoLookup.
package grandstream

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

// DefaultURL is the GDMS host of the US region; EU accounts use
// https://eu.gdms.cloud.
const DefaultURL = "https://www.gdms.cloud"

// The API paths (sources in the package comment).
const (
	PathToken  = "/oapi/oauth/token"
	PathAdd    = "/oapi/v1.0.0/device/add"
	PathConfig = "/oapi/v1.0.0/device/config/xml"
	PathDelete = "/oapi/v1.0.0/device/delete"
)

const service = "Grandstream GDMS"

// Credentials are a GDMS user and the API developer pair shown under
// Others → API developer in the GDMS portal.
type Credentials struct {
	User         string
	Password     redirect.Secret
	ClientID     string
	ClientSecret redirect.Secret
}

// String shows the user and client ID and hides the secrets.
func (c Credentials) String() string { return "gdms:" + c.User + "/" + c.ClientID }

// LogValue shows the user and client ID and hides the secrets.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Config says where and as whom a Connector calls GDMS, and into which
// site it adds devices.
type Config struct {
	// URL is the GDMS host; empty means DefaultURL.
	URL         string
	Credentials Credentials
	// SiteID and OrgID say where new devices go (ids from org/list and
	// site/list); OrgID 0 means the account's default organisation.
	SiteID, OrgID int
	// Caller.HTTP may be set to choose the HTTP client.
	Caller redirect.Caller
	// Now stamps requests and ages the token; nil means time.Now.
	Now func() time.Time
}

// Connector is a redirect.Connector for one GDMS account.
type Connector struct {
	cfg  Config
	call redirect.Caller

	mu      sync.Mutex
	token   string
	expires time.Time
}

var _ redirect.Connector = (*Connector)(nil)

// New returns a connector for cfg.
func New(cfg Config) *Connector {
	if cfg.URL == "" {
		cfg.URL = DefaultURL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Connector{cfg: cfg, call: cfg.Caller}
	c.call.Service = service
	return c
}

// Register adds the device to the configured site, with the serial number
// from Device.Code, then sets its provisioning server to url. GDMS's codes
// for a refused add are not documented, so a refused add is followed by the
// push anyway: it succeeds for a device this account already holds (a
// move) and fails for one it does not, and then the add's refusal is
// reported.
func (c *Connector) Register(ctx context.Context, dev redirect.Device, target string) error {
	mac, err := redirect.ParseMAC(dev.MAC)
	if err != nil {
		return err
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return redirect.Errorf(switchboard.EINVALID, "%s takes only http and https provisioning URLs; %q is not one.", service, target)
	}
	sn := strings.TrimSpace(dev.Code)
	if sn == "" {
		return redirect.Errorf(switchboard.EINVALID, "%s needs the serial number printed on the device's label; enter it as the device's code.", service)
	}
	add := map[string]any{"mac": format(mac), "sn": sn, "siteId": c.cfg.SiteID}
	if c.cfg.OrgID != 0 {
		add["orgId"] = c.cfg.OrgID
	}
	addCode, addMsg, err := c.post(ctx, PathAdd, []any{add})
	if err != nil {
		return err
	}
	code, msg, err := c.post(ctx, PathConfig, map[string]any{"mac": format(mac), "xml": ServerConfig(u)})
	switch {
	case err != nil || code == 0:
		return err
	case addCode != 0:
		return &redirect.Error{Code: switchboard.EINVALID, Err: fmt.Errorf("device/add: %d %s", addCode, addMsg),
			Message: fmt.Sprintf("%s refused to add MAC %s: %s. Check the serial number; if another GDMS account holds the device, release it there.", service, mac.Format(":", true), addMsg)}
	}
	return &redirect.Error{Code: switchboard.EINVALID, Err: fmt.Errorf("device/config/xml: %d %s", code, msg),
		Message: fmt.Sprintf("%s refused the provisioning server for MAC %s: %s.", service, mac.Format(":", true), msg)}
}

// Deregister removes the device from the account. GDMS's codes for a
// refused delete are not documented, so a refusal is taken to mean that the
// account does not hold the MAC, the state asked for.
func (c *Connector) Deregister(ctx context.Context, macText string) error {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return err
	}
	_, _, err = c.post(ctx, PathDelete, map[string]any{"macList": []string{format(mac)}})
	return err
}

// Check is not offered.
func (c *Connector) Check(_ context.Context, macText string) (redirect.Status, error) {
	return redirect.NoLookup(service, macText)
}

// ServerConfig is the configuration pushed to a phone to set its
// provisioning server: P212 (0 TFTP, 1 HTTP, 2 HTTPS) and P237 (host and
// path), in Grandstream's gs_provision XML.
func ServerConfig(u *url.URL) string {
	protocol := "1"
	if u.Scheme == "https" {
		protocol = "2"
	}
	var path bytes.Buffer
	_ = xml.EscapeText(&path, []byte(u.Host+u.EscapedPath()))
	return `<?xml version="1.0" encoding="UTF-8"?><gs_provision version="1"><config version="1">` +
		"<P212>" + protocol + "</P212><P237>" + path.String() + "</P237></config></gs_provision>"
}

// answer is the envelope of GDMS answers (unverified field names).
type answer struct {
	RetCode *int   `json:"retCode"`
	Msg     string `json:"msg"`
}

// post sends a signed call and returns GDMS's retCode and message.
func (c *Connector) post(ctx context.Context, path string, body any) (int, string, error) {
	token, err := c.login(ctx)
	if err != nil {
		return 0, "", err
	}
	b, err := json.Marshal(body)
	if err != nil {
		return 0, "", fmt.Errorf("grandstream: encode %s: %w", path, err)
	}
	ts := strconv.FormatInt(c.cfg.Now().UnixMilli(), 10)
	q := url.Values{"access_token": {token}, "timestamp": {ts},
		"signature": {Signature(token, c.cfg.Credentials.ClientID, c.cfg.Credentials.ClientSecret.Reveal(), ts, b)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.URL+path+"?"+q.Encode(), bytes.NewReader(b))
	if err != nil {
		return 0, "", badURL(c.cfg.URL)
	}
	req.Header.Set("Content-Type", "application/json")
	status, raw, err := c.call.Do(req)
	if err != nil {
		return 0, "", err
	}
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil || a.RetCode == nil {
		return 0, "", redirect.Unreadable(service, fmt.Errorf("%s: HTTP %d, not a GDMS answer", path, status))
	}
	return *a.RetCode, a.Msg, nil
}

// login returns a token, asking for one with the password grant when the
// last is older than its lifetime (an hour when GDMS names none).
func (c *Connector) login(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" && c.cfg.Now().Before(c.expires) {
		return c.token, nil
	}
	cr := c.cfg.Credentials
	form := url.Values{"username": {cr.User}, "password": {PasswordDigest(cr.Password.Reveal())},
		"grant_type": {"password"}, "client_id": {cr.ClientID}, "client_secret": {cr.ClientSecret.Reveal()}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.URL+PathToken, strings.NewReader(form.Encode()))
	if err != nil {
		return "", badURL(c.cfg.URL)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	status, raw, err := c.call.Do(req)
	if err != nil {
		return "", err
	}
	var t struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
		Error       string `json:"error"`
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return "", redirect.Unreadable(service, fmt.Errorf("token: HTTP %d, not a token answer", status))
	}
	if t.AccessToken == "" {
		// OAuth 2.0 (RFC 6749 §5.2) answers a refused grant with 400 and
		// an error such as invalid_grant or invalid_client.
		return "", redirect.Unauthorized(service, fmt.Errorf("token: HTTP %d %s", status, t.Error))
	}
	life := time.Hour
	if t.ExpiresIn > 0 {
		life = min(life, time.Duration(t.ExpiresIn)*time.Second)
	}
	c.token, c.expires = t.AccessToken, c.cfg.Now().Add(life-time.Minute)
	return c.token, nil
}

func badURL(base string) error {
	return redirect.Errorf(switchboard.EINVALID, "The address of %s, %q, is not a URL; correct it in the redirect service account.", service, base)
}

// format writes the MAC as the sources send it: twelve upper-case
// hexadecimal digits without separators (unverified: "with or without colons").
func format(mac redirect.MAC) string { return mac.Format("", true) }
