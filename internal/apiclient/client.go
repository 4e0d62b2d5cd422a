// Package apiclient talks to a Switchboard server's REST API on behalf of the
// command line: bearer authentication, JSON in and out, RFC 9457 problem
// answers turned into errors a person can read, cursor pagination, and CSV
// imports streamed with progress.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client is a connection to one server with one token.
type Client struct {
	BaseURL string
	Token   string
	// TokenSource says where Token came from (a flag, a variable, a file),
	// for the error of a server that refuses it.
	TokenSource string
	HTTP        *http.Client
}

// New returns a client for the server at baseURL (e.g. http://127.0.0.1:8080).
func New(baseURL, token string) *Client {
	return &Client{
		BaseURL: strings.TrimRight(baseURL, "/"),
		Token:   token,
		HTTP:    &http.Client{Timeout: 60 * time.Second},
	}
}

// Error is a refusal from the server.
type Error struct {
	Status int
	Title  string
	Detail string
	Fields []FieldError
	// TokenSource, on a 401, names where the refused token came from.
	TokenSource string
}

// FieldError points at one input field that was refused.
type FieldError struct {
	Location string `json:"location"`
	Message  string `json:"message"`
}

// Error formats the refusal the way the CLI prints it.
func (e *Error) Error() string {
	msg := e.Detail
	if msg == "" {
		msg = e.Title
	}
	var parts []string
	for _, f := range e.Fields {
		if f.Message != "" && f.Message != msg {
			parts = append(parts, strings.TrimPrefix(f.Location, "body.")+": "+f.Message)
		}
	}
	if len(parts) > 0 {
		msg += " (" + strings.Join(parts, "; ") + ")"
	}
	if e.Status == http.StatusUnauthorized && e.TokenSource != "" {
		msg += "; the token tried came from " + e.TokenSource
	}
	return fmt.Sprintf("%s (HTTP %d)", msg, e.Status)
}

// Do sends in (if not nil) as JSON to method path and decodes the answer
// into out (if not nil). With out of type *json.RawMessage the body is kept
// as it came.
func (c *Client) Do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	b, err := c.send(c.HTTP, req, method+" "+path, "read answer of "+method+" "+path)
	if err != nil {
		return err
	}
	if out == nil || len(b) == 0 {
		return nil
	}
	if raw, ok := out.(*json.RawMessage); ok {
		*raw = append((*raw)[:0], b...)
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("decode answer of %s %s: %w", method, path, err)
	}
	return nil
}

// send adds the token, sends req with hc and returns the answer's body;
// a refusal becomes an *Error. A failure to send is prefixed with onSend,
// one to read the answer with onRead.
func (c *Client) send(hc *http.Client, req *http.Request, onSend, onRead string) ([]byte, error) {
	req.Header.Set("Accept", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", onSend, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", onRead, err)
	}
	if resp.StatusCode < 300 {
		return b, nil
	}
	e := &Error{Status: resp.StatusCode, TokenSource: c.TokenSource}
	var p struct {
		Title  string       `json:"title"`
		Detail string       `json:"detail"`
		Errors []FieldError `json:"errors"`
	}
	if json.Unmarshal(b, &p) == nil {
		e.Title, e.Detail, e.Fields = p.Title, p.Detail, p.Errors
	} else {
		e.Title = strings.TrimSpace(string(b))
	}
	if e.Title == "" {
		e.Title = http.StatusText(resp.StatusCode)
	}
	return nil, e
}

// List fetches every page of a list endpoint, following the cursor, and
// returns all items. query may carry filters; limit caps the total (0: all).
func (c *Client) List(ctx context.Context, path string, query url.Values, limit int) ([]json.RawMessage, error) {
	var all []json.RawMessage
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	for {
		var page struct {
			Items []json.RawMessage `json:"items"`
			Next  string            `json:"next"`
		}
		p := path
		if len(q) > 0 {
			p += "?" + q.Encode()
		}
		if err := c.Do(ctx, http.MethodGet, p, nil, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if page.Next == "" || (limit > 0 && len(all) >= limit) {
			break
		}
		q.Set("after", page.Next)
	}
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}
