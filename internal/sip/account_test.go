package sip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

// flakySource wraps fakeAccounts with a switch that makes it fail.
type flakySource struct {
	*fakeAccounts
	down atomic.Bool
}

func (f *flakySource) Account(ctx context.Context, u string) (*Account, error) {
	if f.down.Load() {
		return nil, errors.New("store unavailable")
	}
	return f.fakeAccounts.Account(ctx, u)
}

func TestAccountCache(t *testing.T) {
	src := &flakySource{fakeAccounts: newFakeAccounts()}
	src.add("uma01", "dev-u", testRealm, "pw", false)
	var skew atomic.Int64
	base := time.Now()
	c := newAccountCache(src, time.Minute, DefaultMaxCachedAccounts, func() time.Time { return base.Add(time.Duration(skew.Load())) }, slog.New(slog.DiscardHandler))
	ctx := context.Background()
	lookups := func() int { src.mu.Lock(); defer src.mu.Unlock(); return src.lookups }

	if a, err := c.get(ctx, "uma01"); err != nil || a == nil || a.DeviceID != "dev-u" {
		t.Fatalf("first get: %v %v", a, err)
	}
	c.get(ctx, "uma01")
	if n := lookups(); n != 1 {
		t.Fatalf("%d source lookups for two gets within the lifetime, want 1", n)
	}
	if a, err := c.get(ctx, "nobody"); a != nil || err != nil {
		t.Fatalf("unknown account: %v %v", a, err)
	}
	c.get(ctx, "nobody")
	if n := lookups(); n != 2 {
		t.Fatalf("unknown account looked up %d times in total, want the miss cached", n)
	}

	// Expired while the store is down: the cached copy keeps working.
	src.down.Store(true)
	skew.Store(int64(2 * time.Minute))
	if a, err := c.get(ctx, "uma01"); err != nil || a == nil {
		t.Fatalf("expired entry with the store down: %v %v", a, err)
	}
	// Back up: the background refresh picks up a change.
	src.down.Store(false)
	src.add("uma01", "dev-u2", testRealm, "pw", false)
	skew.Store(int64(4 * time.Minute))
	waitFor(t, func() bool { a, _ := c.get(ctx, "uma01"); return a != nil && a.DeviceID == "dev-u2" })

	// Invalidate makes the next get read the source at once.
	src.add("uma01", "dev-u3", testRealm, "pw", false)
	c.invalidate("uma01")
	if a, _ := c.get(ctx, "uma01"); a == nil || a.DeviceID != "dev-u3" {
		t.Fatalf("after Invalidate: %v", a)
	}
}

// TestAccountCacheIsBounded looks up ten times as many accounts as the
// cache may keep: it never holds more than its bound, and each account is
// still served from memory right after its lookup, as a phone's answer to
// its challenge is.
func TestAccountCacheIsBounded(t *testing.T) {
	const bound, accounts = 100, 1000
	src := newFakeAccounts()
	for i := range accounts {
		src.add(fmt.Sprintf("u%04d", i), fmt.Sprintf("dev-%04d", i), testRealm, "pw", false)
	}
	c := newAccountCache(src, time.Minute, bound, time.Now, slog.New(slog.DiscardHandler))
	ctx := context.Background()
	lookups := func() int { src.mu.Lock(); defer src.mu.Unlock(); return src.lookups }
	for i := range accounts {
		u := fmt.Sprintf("u%04d", i)
		for range 2 {
			if a, err := c.get(ctx, u); err != nil || a == nil || a.DeviceID != fmt.Sprintf("dev-%04d", i) {
				t.Fatalf("get %s: %v %v", u, a, err)
			}
		}
		if n := len(c.entries); n > bound {
			t.Fatalf("%d accounts cached after %d looked up, more than the bound of %d", n, i+1, bound)
		}
	}
	if n := lookups(); n != accounts {
		t.Errorf("%d source lookups for %d accounts asked for twice each, want one each", n, accounts)
	}
	if n := len(c.entries); n < bound*7/8 {
		t.Errorf("%d accounts cached at the end, want the cache nearly full (%d or more)", n, bound*7/8)
	}
}
