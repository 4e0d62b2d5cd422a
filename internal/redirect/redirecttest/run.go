package redirecttest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

// Harness is one connector under test against its fake.
type Harness struct {
	// Service is the name the connector's messages use, e.g. "Snom SRAPS".
	Service string
	// Fake is the state of the fake the connector talks to and Handler
	// the fake itself; Run serves it on loopback.
	Fake    *Fake
	Handler http.Handler
	// Secret is the fake's secret of the Ours account.
	Secret string
	// Connect builds a connector for the Ours account at the fake's url,
	// with secret (Secret, or a wrong one).
	Connect func(url, secret string) redirect.Connector
	// NoLookup says the service offers no look-up: Check must fail with
	// redirect.ErrNoLookup, and the tests read the fake's table instead.
	NoLookup bool
	// OwnLookup says the look-up sees only the account's own MACs, so a
	// MAC of another account reads as Free until Register is refused.
	OwnLookup bool
	// OwnedCode is the code of the refusal of another account's MAC when
	// the service does not tell that case apart; empty means ECONFLICT.
	OwnedCode string
}

// The provisioning URLs Run registers, first URL, then MovedURL; services
// that point MACs at profiles need a profile for each.
const (
	URL      = "https://pbx.example.net:8448/ztp/"
	MovedURL = URL + "v2/"
)

// Run checks the behaviour the outbox and the administrator rely on: what
// a registration does at the service, how a MAC of another account, bad
// credentials, bad input, outages and unreadable answers are reported.
func Run(t *testing.T, h Harness) {
	srv := httptest.NewServer(h.Handler)
	t.Cleanup(srv.Close)
	c := h.Connect(srv.URL, h.Secret)
	ctx := t.Context()
	macs := []redirect.MAC{"001565000001", "001565000002", "001565000003", "001565000004"}
	dev := func(mac redirect.MAC) redirect.Device {
		return redirect.Device{MAC: mac.Format(":", true), Code: Code(mac)}
	}
	const url = URL

	t.Run("register, move, check, deregister", func(t *testing.T) {
		mac := macs[0]
		h.mustStatus(t, c, mac, redirect.Free)
		if err := c.Register(ctx, dev(mac), url); err != nil {
			t.Fatalf("register: %v", err)
		}
		if e, _ := h.Fake.Get(mac); e.Owner != Ours || e.URL != url {
			t.Fatalf("service holds %+v, want %s → %s", e, Ours, url)
		}
		if st := h.mustStatus(t, c, mac, redirect.Ours); st.URL != "" && st.URL != url {
			t.Fatalf("check says the MAC points at %q, want %q", st.URL, url)
		}
		moved := MovedURL
		if err := c.Register(ctx, dev(mac), moved); err != nil {
			t.Fatalf("register again: %v", err)
		}
		if e, _ := h.Fake.Get(mac); e.Owner != Ours || e.URL != moved {
			t.Fatalf("after moving, service holds %+v, want %s", e, moved)
		}
		if err := c.Deregister(ctx, string(mac)); err != nil {
			t.Fatalf("deregister: %v", err)
		}
		if e, ok := h.Fake.Get(mac); ok {
			t.Fatalf("after deregister, service still holds %+v", e)
		}
		h.mustStatus(t, c, mac, redirect.Free)
		if err := c.Deregister(ctx, string(mac)); err != nil {
			t.Fatalf("deregistering a free MAC: %v, want success", err)
		}
	})

	t.Run("MAC of another account", func(t *testing.T) {
		mac := macs[1]
		h.Fake.Put(mac, Entry{Owner: Other, URL: "https://elsewhere.example/"})
		err := c.Register(ctx, dev(mac), url)
		code := h.OwnedCode
		if code == "" {
			code = switchboard.ECONFLICT
		}
		mustFail(t, err, code, h.Service, "another")
		if e, _ := h.Fake.Get(mac); e.Owner != Other {
			t.Fatalf("service now holds %+v; the other account lost its MAC", e)
		}
		if h.OwnLookup {
			h.mustStatus(t, c, mac, redirect.Free)
		} else {
			h.mustStatus(t, c, mac, redirect.Other)
		}
		if err := c.Deregister(ctx, string(mac)); err == nil {
			if e, _ := h.Fake.Get(mac); e.Owner != Other {
				t.Fatalf("deregister released another account's MAC")
			}
		}
	})

	t.Run("wrong secret", func(t *testing.T) {
		err := h.Connect(srv.URL, "wrong-"+h.Secret).Register(ctx, dev(macs[2]), url)
		mustFail(t, err, switchboard.EUNAUTHORIZED, h.Service, "credentials")
		if _, ok := h.Fake.Get(macs[2]); ok {
			t.Fatal("the service registered the MAC for a wrong secret")
		}
	})

	t.Run("malformed MAC is refused before any call", func(t *testing.T) {
		before := h.Fake.Requests()
		err := c.Register(ctx, redirect.Device{MAC: "00:15:65:zz:00:01", Code: "0000"}, url)
		mustFail(t, err, switchboard.EINVALID, "MAC")
		if err := c.Deregister(ctx, "0015"); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Fatalf("deregister of a short MAC: %v, want EINVALID", err)
		}
		if n := h.Fake.Requests() - before; n != 0 {
			t.Fatalf("%d requests reached the service", n)
		}
	})

	t.Run("outages are retryable", func(t *testing.T) {
		mac := macs[3]
		for _, tc := range []struct {
			name  string
			fault Fault
			code  string
			after time.Duration
		}{
			{"503", Fault{Status: http.StatusServiceUnavailable}, switchboard.EUNAVAILABLE, 0},
			{"500 with Retry-After", Fault{Status: http.StatusInternalServerError, RetryAfter: "30"}, switchboard.EUNAVAILABLE, 30 * time.Second},
			{"429", Fault{Status: http.StatusTooManyRequests, RetryAfter: "7"}, switchboard.ERATELIMIT, 7 * time.Second},
			{"unreadable answer", Fault{Body: "<html><body>maintenance</body></html>"}, switchboard.EUNAVAILABLE, 0},
			{"empty answer", Fault{Body: " "}, switchboard.EUNAVAILABLE, 0},
		} {
			h.Fake.Inject(tc.fault)
			err := c.Register(ctx, dev(mac), url)
			if !redirect.Retryable(err) || switchboard.ErrorCode(err) != tc.code || redirect.RetryAfter(err) != tc.after {
				t.Errorf("%s: got %v (retry after %v), want retryable %s after %v", tc.name, err, redirect.RetryAfter(err), tc.code, tc.after)
			}
		}
		h.Fake.Inject(Fault{Stall: true})
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if err := c.Register(short, dev(mac), url); !redirect.Retryable(err) {
			t.Errorf("timeout: got %v, want retryable", err)
		}
		if err := c.Register(ctx, dev(mac), url); err != nil {
			t.Fatalf("register once the service is back: %v", err)
		}
	})
}

// mustStatus checks where mac stands, through Check or, for a service
// without a look-up, in the fake's table.
func (h Harness) mustStatus(t *testing.T, c redirect.Connector, mac redirect.MAC, want redirect.State) redirect.Status {
	t.Helper()
	st, err := c.Check(t.Context(), mac.Format("-", false))
	if h.NoLookup {
		if !errors.Is(err, redirect.ErrNoLookup) {
			t.Fatalf("check on a service without look-up: %v, want ErrNoLookup", err)
		}
		st = redirect.Status{State: redirect.Free}
		if e, ok := h.Fake.Get(mac); ok && e.Owner == Ours {
			st = redirect.Status{State: redirect.Ours, URL: e.URL}
		} else if ok {
			st.State = redirect.Other
		}
	} else if err != nil {
		t.Fatalf("check %s: %v", mac, err)
	}
	if st.State != want {
		t.Fatalf("check %s: %s, want %s", mac, st.State, want)
	}
	return st
}

// mustFail wants a permanent error with code whose message names every one
// of words, so the administrator reads what happened and where.
func mustFail(t *testing.T, err error, code string, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got success, want %s", code)
	}
	if redirect.Retryable(err) || switchboard.ErrorCode(err) != code {
		t.Fatalf("got %v (retryable %v), want permanent %s", err, redirect.Retryable(err), code)
	}
	msg := switchboard.ErrorMessage(err)
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Fatalf("message %q does not mention %q", msg, w)
		}
	}
}
