package provision_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision"
)

// slowStore is the store with lookups of keys it does not find and probes
// that take lookupTime, and a count of the probes.
type slowStore struct {
	provision.Source
	lookupTime time.Duration
	probes     atomic.Int32
}

func (s *slowStore) ProvisioningByKey(ctx context.Context, key string) (*app.DeviceProvisioning, error) {
	p, err := s.Source.ProvisioningByKey(ctx, key)
	if err != nil {
		time.Sleep(s.lookupTime)
	}
	return p, err
}

func (s *slowStore) ProbeKey(ctx context.Context, key string) {
	s.probes.Add(1)
	time.Sleep(s.lookupTime)
	s.Source.ProbeKey(ctx, key)
}

// TestCachedRefusalTakesAsLongAsAMiss: a file no one serves, asked for
// with a known key whose device is cached, is refused no sooner than the
// store looks up an unknown key (20 ms here), 100 times over; the store's
// probe that costs as much runs for the first refusals, until 64 times
// are known, then for about one refusal in 16 (here at most 20 of the
// remaining 36).
func TestCachedRefusalTakesAsLongAsAMiss(t *testing.T) {
	const lookupTime = 20 * time.Millisecond
	var src *slowStore
	e := newEnv(t, 20, func(o *provision.Options) {
		src = &slowStore{Source: o.Source, lookupTime: lookupTime}
		o.Source = src
	})
	d := e.device("yealink-t54w", "001565040001", false)
	if r := e.get("/"+key(d)+"/"+d.MAC+".cfg", yealinkUA, ""); r.status != 200 {
		t.Fatalf("profile: %d %s", r.status, r.body)
	}
	if r := e.get("/"+unknownKey+"/y000000000096.cfg", yealinkUA, ""); r.status != 404 {
		t.Fatalf("unknown key: %d", r.status)
	}
	other := "/" + key(d) + "/y000000000000.boot"
	for i := range 100 {
		start := time.Now()
		r := e.get(other, yealinkUA, "")
		if took := time.Since(start); r.status != 404 || took < lookupTime {
			t.Fatalf("refusal %d of the boot file with the cached key: %d after %v; want 404 after at least %v", i, r.status, took, lookupTime)
		}
	}
	if n := src.probes.Load(); n < 63 || n > 63+20 {
		t.Errorf("%d probes for 100 refusals, want 63 (with the miss, 64 times known) and a few more", n)
	}
}
