package redirect

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// maxAnswer bounds what is read of a service's answer; the answers of every
// supported call are a few kilobytes.
const maxAnswer = 1 << 20

// DefaultTimeout bounds one call when the caller's context has no deadline.
const DefaultTimeout = 30 * time.Second

// Caller sends requests to one service and sorts out the failures every
// service shares: unreachable, 5xx, 429 and refused credentials.
type Caller struct {
	// Service names the service in messages, such as "Yealink RPS".
	Service string
	// HTTP sends the requests; nil means a client with DefaultTimeout.
	HTTP *http.Client
}

// Do sends req and returns the status and body of an answer the caller must
// read itself: any 2xx, and 4xx other than 401, 403 and 429. Everything
// else is returned as *Error.
func (c Caller) Do(req *http.Request) (int, []byte, error) {
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: DefaultTimeout}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, Unavailable(c.Service, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return 0, nil, Unavailable(c.Service, fmt.Errorf("read answer: %w", err))
	}
	cause := fmt.Errorf("%s %s: %s", req.Method, req.URL.Path, resp.Status)
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return 0, nil, Unauthorized(c.Service, cause)
	case resp.StatusCode == http.StatusTooManyRequests:
		e := &Error{Code: switchboard.ERATELIMIT, Message: c.Service + " asked Switchboard to slow down; the call is repeated later.", Err: cause}
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		return 0, nil, e
	case resp.StatusCode >= 500:
		e := Unavailable(c.Service, cause)
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		return 0, nil, e
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return 0, nil, Unreadable(c.Service, cause)
	}
	return resp.StatusCode, body, nil
}

// retryAfter reads a Retry-After header: seconds or an HTTP date (RFC 9110
// §10.2.3). Anything else, or a date in the past, is no pause.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
