package provision_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision"
)

// slowMissSource is the store with a miss that takes missTime and a
// count of the index probes.
type slowMissSource struct {
	provision.Source
	missTime time.Duration
	probes   atomic.Int32
}

func (s *slowMissSource) ProvisioningByKey(ctx context.Context, key string) (*app.DeviceProvisioning, error) {
	p, err := s.Source.ProvisioningByKey(ctx, key)
	if err != nil {
		time.Sleep(s.missTime)
	}
	return p, err
}

func (s *slowMissSource) ProbeKey(ctx context.Context, key string) {
	s.probes.Add(1)
	s.Source.ProbeKey(ctx, key)
}

// TestCachedRefusalTakesAsLongAsAMiss: a file no one serves, asked for
// with a known key whose device is cached, is refused no sooner than an
// unknown key is, whose lookup takes 60 ms here. Before any miss was timed
// the store's index is probed instead; afterwards no probe is made.
func TestCachedRefusalTakesAsLongAsAMiss(t *testing.T) {
	const missTime = 60 * time.Millisecond
	var src *slowMissSource
	e := newEnv(t, 20, func(o *provision.Options) {
		src = &slowMissSource{Source: o.Source, missTime: missTime}
		o.Source = src
	})
	d := e.device("yealink-t54w", "001565040001", false)
	if r := e.get("/"+key(d)+"/"+d.MAC+".cfg", yealinkUA, ""); r.status != 200 {
		t.Fatalf("profile: %d %s", r.status, r.body)
	}
	other := "/" + key(d) + "/y000000000000.boot"
	if r := e.get(other, yealinkUA, ""); r.status != 404 || src.probes.Load() != 1 {
		t.Fatalf("boot file before any miss: %d, %d probes; want 404 after one probe", r.status, src.probes.Load())
	}
	start := time.Now()
	if r := e.get("/"+unknownKey+"/y000000000096.cfg", yealinkUA, ""); r.status != 404 {
		t.Fatalf("unknown key: %d", r.status)
	}
	if took := time.Since(start); took < missTime {
		t.Fatalf("the unknown key took %v, less than its lookup", took)
	}
	for range 3 {
		start := time.Now()
		r := e.get(other, yealinkUA, "")
		took := time.Since(start)
		if r.status != 404 || took < missTime {
			t.Errorf("boot file with the cached key: %d after %v; want 404 after at least %v", r.status, took, missTime)
		}
	}
	if n := src.probes.Load(); n != 1 {
		t.Errorf("%d index probes, want only the one before a miss was timed", n)
	}
}
