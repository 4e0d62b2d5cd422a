package sip

import (
	"context"
	"errors"
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
	c := newAccountCache(src, time.Minute, func() time.Time { return base.Add(time.Duration(skew.Load())) }, slog.New(slog.DiscardHandler))
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
