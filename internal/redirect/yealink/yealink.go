// Package yealink registers Yealink phones at Yealink's Redirection and
// Provisioning Service (RPS) through its JSON API, with the MAC pointing at
// a unique server URL.
//
// Sources: Yealink's "JSON API for RPS Management Platform" as summarised
// in vendors.md §9; the public clients AlanGreyjoy/sipharmony-device-manager
// (yealinkRps.js) and a Python RPS class found by the code search (read,
// not copied) for the base URL, the endpoints api/open/v1/device/{list,
// checkMac,add,edit,delete}, the bodies ({macs, uniqueServerUrl}, {key},
// {id, uniqueServerUrl}, {ids}), the answer {ret, data, error} and the
// signature (sign.go). What no source shows is marked unverified where it is used.
package yealink

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

// DefaultURL is the base of the RPS JSON API.
const DefaultURL = "https://api-dm.yealink.com:8443"

const service = "Yealink RPS"

// The API paths (sources in the package comment).
const (
	PathList     = "/api/open/v1/device/list"
	PathCheckMAC = "/api/open/v1/device/checkMac"
	PathAdd      = "/api/open/v1/device/add"
	PathEdit     = "/api/open/v1/device/edit"
	PathDelete   = "/api/open/v1/device/delete"
)

// Credentials are an RPS AccessKey pair, created in the RPS portal.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret redirect.Secret
}

// String shows the key ID and hides the secret.
func (c Credentials) String() string { return "yealink:" + c.AccessKeyID }

// LogValue shows the key ID and hides the secret.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Config says where and as whom a Connector calls RPS.
type Config struct {
	// URL is the API base; empty means DefaultURL.
	URL         string
	Credentials Credentials
	// Caller.HTTP may be set to choose the HTTP client.
	Caller redirect.Caller
	// Now stamps requests; nil means time.Now.
	Now func() time.Time
}

// Connector is a redirect.Connector for one RPS account.
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
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Connector{cfg: cfg, call: cfg.Caller}
	c.call.Service = service
	return c
}

// Device is one entry of the account's device list.
type Device struct {
	ID              string `json:"id"`
	MAC             string `json:"mac"`
	UniqueServerURL string `json:"uniqueServerUrl"`
}

// Register moves the MAC when the account holds it (device/edit), refuses
// it when checkMac says another account does, and adds it otherwise.
func (c *Connector) Register(ctx context.Context, dev redirect.Device, target string) error {
	mac, err := redirect.ParseMAC(dev.MAC)
	if err != nil {
		return err
	}
	own, err := c.find(ctx, mac)
	if err != nil {
		return err
	}
	if own != nil {
		return c.post(ctx, mac, PathEdit, map[string]any{"id": own.ID, "uniqueServerUrl": target}, nil)
	}
	if taken, err := c.taken(ctx, mac); err != nil {
		return err
	} else if taken {
		return redirect.Owned(service, "Yealink", mac)
	}
	return c.post(ctx, mac, PathAdd, map[string]any{"macs": []string{format(mac)}, "uniqueServerUrl": target}, nil)
}

// Deregister deletes the account's entry of the MAC, if there is one.
func (c *Connector) Deregister(ctx context.Context, macText string) error {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return err
	}
	own, err := c.find(ctx, mac)
	if err != nil || own == nil {
		return err
	}
	return c.post(ctx, mac, PathDelete, map[string]any{"ids": []string{own.ID}}, nil)
}

// Check looks the MAC up in the account's list, then with checkMac.
func (c *Connector) Check(ctx context.Context, macText string) (redirect.Status, error) {
	mac, err := redirect.ParseMAC(macText)
	if err != nil {
		return redirect.Status{}, err
	}
	own, err := c.find(ctx, mac)
	if err != nil {
		return redirect.Status{}, err
	} else if own != nil {
		return redirect.Status{State: redirect.Ours, URL: own.UniqueServerURL}, nil
	}
	taken, err := c.taken(ctx, mac)
	if err != nil {
		return redirect.Status{}, err
	} else if taken {
		return redirect.Status{State: redirect.Other}, nil
	}
	return redirect.Status{State: redirect.Free}, nil
}

// find searches the account's devices for the MAC (device/list with the
// MAC as key).
func (c *Connector) find(ctx context.Context, mac redirect.MAC) (*Device, error) {
	var page struct {
		Data []Device `json:"data"`
	}
	if err := c.post(ctx, mac, PathList, map[string]any{"key": format(mac), "skip": 0, "limit": 10, "autoCount": true}, &page); err != nil {
		return nil, err
	}
	for i := range page.Data {
		if m, err := redirect.ParseMAC(page.Data[i].MAC); err == nil && m == mac {
			return &page.Data[i], nil
		}
	}
	return nil, nil
}

// taken asks checkMac whether any RPS account holds the MAC; data is a
// boolean (unverified: the sources call the endpoint "Check Exists" but do not
// show its answer).
func (c *Connector) taken(ctx context.Context, mac redirect.MAC) (bool, error) {
	u, err := url.Parse(c.cfg.URL + PathCheckMAC + "?mac=" + format(mac))
	if err != nil {
		return false, badURL(c.cfg.URL)
	}
	var exists bool
	return exists, c.send(ctx, mac, http.MethodGet, u, nil, &exists)
}

func (c *Connector) post(ctx context.Context, mac redirect.MAC, path string, body any, data any) error {
	u, err := url.Parse(c.cfg.URL + path)
	if err != nil {
		return badURL(c.cfg.URL)
	}
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("yealink: encode %s: %w", path, err)
	}
	return c.send(ctx, mac, http.MethodPost, u, b, data)
}

// answer is the envelope of every RPS answer.
type answer struct {
	Ret   *int            `json:"ret"`
	Data  json.RawMessage `json:"data"`
	Error json.RawMessage `json:"error"`
}

func (c *Connector) send(ctx context.Context, mac redirect.MAC, method string, u *url.URL, body []byte, data any) error {
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return badURL(c.cfg.URL)
	}
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	ts := strconv.FormatInt(c.cfg.Now().UnixMilli(), 10)
	md5 := ContentMD5(body)
	req.Header.Set("Content-Type", "application/json;charset=utf-8")
	if md5 != "" {
		req.Header.Set(HeaderMD5, md5)
	}
	req.Header.Set(HeaderKey, c.cfg.Credentials.AccessKeyID)
	req.Header.Set(HeaderNonce, hex.EncodeToString(nonce))
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(c.cfg.Credentials.AccessKeySecret.Reveal(), method, md5,
		c.cfg.Credentials.AccessKeyID, req.Header.Get(HeaderNonce), ts, u))
	status, raw, err := c.call.Do(req)
	if err != nil {
		return err
	}
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil || a.Ret == nil {
		return redirect.Unreadable(service, fmt.Errorf("%s: HTTP %d, not an RPS answer", u.Path, status))
	}
	if len(a.Error) > 0 && string(a.Error) != "null" {
		return &redirect.Error{Code: switchboard.EINVALID, Err: fmt.Errorf("%s: %s", u.Path, a.Error),
			Message: fmt.Sprintf("%s refused the request for MAC %s: %s.", service, mac.Format(":", true), short(a.Error))}
	}
	if status != http.StatusOK {
		return redirect.Unreadable(service, fmt.Errorf("%s: HTTP %d without an error", u.Path, status))
	}
	if data == nil {
		return nil
	}
	if err := json.Unmarshal(a.Data, data); err != nil {
		return redirect.Unreadable(service, fmt.Errorf("%s: data: %w", u.Path, err))
	}
	return nil
}

// short gives the error of an answer as text for the administrator: its
// "msg" when it has one (unverified field name), else the JSON, bounded.
func short(raw json.RawMessage) string {
	var e struct {
		Msg string `json:"msg"`
	}
	if json.Unmarshal(raw, &e) == nil && e.Msg != "" {
		return e.Msg
	}
	if len(raw) > 200 {
		raw = raw[:200]
	}
	return string(raw)
}

func badURL(base string) error {
	return redirect.Errorf(switchboard.EINVALID, "The address of %s, %q, is not a URL; correct it in the redirect service account.", service, base)
}

// format writes the MAC as RPS lists it: twelve lower-case hexadecimal
// digits without separators.
func format(mac redirect.MAC) string { return mac.Format("", false) }
