package provision_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/provision"
)

// outage is the use cases on a database that can go away: while down,
// every lookup fails as it does when PostgreSQL is unreachable.
type outage struct {
	provision.Source
	down atomic.Bool
}

func (o *outage) ProvisioningByKey(ctx context.Context, key string) (*app.DeviceProvisioning, error) {
	if o.down.Load() {
		return nil, errors.New("failed to connect to the database: connection refused")
	}
	return o.Source.ProvisioningByKey(ctx, key)
}

// fetchFrom asks srv for path as a device at remote would.
func fetchFrom(srv *provision.Server, path, remote, userAgent string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = remote
	req.Header.Set("User-Agent", userAgent)
	srv.ServeHTTP(rec, req)
	return rec
}

// TestCachedProfilesAreServedWhileTheDatabaseIsDown takes the database
// away the way PostgreSQL does: lookups fail and the change bus, having
// lost its connection, reports that it may have missed notices. Cached
// profiles are still served, with the checks that need no database; an
// uncached key gets 503 with Retry-After; a key the database refused
// since is never served from the cache again.
func TestCachedProfilesAreServedWhileTheDatabaseIsDown(t *testing.T) {
	e := newEnv(t, 1_000_000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	other := e.device("yealink-t54w", "001565aabbdd", false)
	src, changes := &outage{Source: e.svc}, bus.NewLocal()
	srv, err := provision.New(provision.Options{Source: src, Changes: changes, FlushInterval: time.Hour})
	e.must(err)
	t.Cleanup(func() { _ = srv.Close() })
	const inside, outside, phone = "10.0.0.5:5060", "203.0.113.9:5060", "Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc"
	p := "/" + key(d) + ".cfg"
	plain, sealed := fetchFrom(srv, p, inside, phone), fetchFrom(srv, p, outside, phone)
	if plain.Code != 200 || sealed.Code != 200 || plain.Body.String() == sealed.Body.String() {
		t.Fatalf("before the outage: %d and %d, bodies differ by encryption: %v", plain.Code, sealed.Code, plain.Body.String() != sealed.Body.String())
	}

	src.down.Store(true)
	changes.Missed()
	for _, c := range []struct {
		name, remote, userAgent string
		want                    *httptest.ResponseRecorder
	}{
		{"from inside", inside, phone, plain},
		{"from outside, encrypted", outside, phone, sealed},
	} {
		if got := fetchFrom(srv, p, c.remote, c.userAgent); got.Code != 200 || got.Body.String() != c.want.Body.String() {
			t.Errorf("cached profile %s during the outage: %d, same body %v", c.name, got.Code, got.Body.String() == c.want.Body.String())
		}
	}
	if got := fetchFrom(srv, p, inside, "Yealink SIP-T54W 96.86.0.70 00:15:65:00:00:01"); got.Code != http.StatusNotFound {
		t.Errorf("cached profile for another MAC during the outage: %d, want 404", got.Code)
	}
	if got := fetchFrom(srv, "/"+key(other)+".cfg", inside, ""); got.Code != http.StatusServiceUnavailable || got.Header().Get("Retry-After") == "" {
		t.Errorf("uncached key during the outage: %d, Retry-After %q, want 503 with Retry-After", got.Code, got.Header().Get("Retry-After"))
	}

	src.down.Store(false)
	if _, err := e.svc.NewKey(context.Background(), switchboard.System, d.ID); err != nil {
		t.Fatal(err)
	}
	changes.Missed()
	if got := fetchFrom(srv, p, inside, phone); got.Code != http.StatusNotFound {
		t.Fatalf("retired key after the outage: %d, want 404", got.Code)
	}
	src.down.Store(true)
	if got := fetchFrom(srv, p, inside, phone); got.Code != http.StatusServiceUnavailable {
		t.Errorf("retired key in a second outage: %d, want 503", got.Code)
	}
}
