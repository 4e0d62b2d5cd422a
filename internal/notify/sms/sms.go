// Package sms sends outbox SMS through an HTTP gateway: a JSON POST of
// {to, text, idempotency_key} to the --sms-url, with the same key in an
// Idempotency-Key header so the gateway can drop a repeat of a message it
// already accepted.
package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
)

// Request is the JSON body the gateway receives.
type Request struct {
	// To is the recipient's number in E.164.
	To   string `json:"to"`
	Text string `json:"text"`
	// IdempotencyKey is the message's Key, the same on every attempt.
	IdempotencyKey string `json:"idempotency_key"`
}

// Config configures a Sender.
type Config struct {
	// URL is the gateway's endpoint, http:// or https://. User and
	// password in it are sent as HTTP basic authentication.
	URL string
	// Client makes the requests; nil means a client with Timeout that
	// does not follow redirects.
	Client *http.Client
	// Timeout bounds one request when Client is nil.
	Timeout time.Duration
}

// Sender posts SMS to the gateway; safe for concurrent use.
type Sender struct {
	url     string
	client  *http.Client
	display string
}

var _ notify.Sender = (*Sender)(nil)

// New checks cfg and returns a sender.
func New(cfg Config) (*Sender, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("sms: --sms-url must be an http:// or https:// URL such as https://gateway.example/send")
	}
	c := cfg.Client
	if c == nil {
		timeout := cfg.Timeout
		if timeout <= 0 {
			timeout = 30 * time.Second
		}
		// A redirect would turn the POST into a GET; report it instead.
		c = &http.Client{Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	return &Sender{url: cfg.URL, client: c, display: u.Redacted()}, nil
}

// String names the gateway without its password, for logs.
func (s *Sender) String() string { return s.display }

// Send posts one SMS. A 2xx answer means sent; a 4xx answer other than 408
// and 429 means the gateway refuses this message for good (Permanent);
// anything else is retried.
func (s *Sender) Send(ctx context.Context, m *switchboard.Message) error {
	if m.Channel != switchboard.ChannelSMS {
		return notify.Permanent(fmt.Errorf("sms: cannot send a %s message", m.Channel))
	}
	body, err := json.Marshal(Request{To: m.To, Text: m.Text, IdempotencyKey: m.Key})
	if err != nil {
		return notify.Permanent(fmt.Errorf("sms: encode request: %w", err))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return notify.Permanent(fmt.Errorf("sms: build request: %w", err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", m.Key)
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("sms gateway %s: %w", s.display, err)
	}
	// Drain a little so the connection can be reused; the body is not
	// reported, as a gateway may echo the text, which can hold a password.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	_ = resp.Body.Close()
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return nil
	case code >= 400 && code < 500 && code != http.StatusRequestTimeout && code != http.StatusTooManyRequests:
		return notify.Permanent(fmt.Errorf("sms gateway %s refused the message: %s", s.display, resp.Status))
	default:
		return fmt.Errorf("sms gateway %s answered %s", s.display, resp.Status)
	}
}
