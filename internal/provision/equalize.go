package provision

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// missSamples is how many of the latest lookups of keys a refusal from
// the cache may take its time from.
const missSamples = 64

// probeEvery: once missSamples times are known, one refusal from the
// cache in probeEvery still probes the store, so the times follow the
// store's load.
const probeEvery = 16

// missTimes keeps how long the store took to look up a key it did not
// find, or to probe for one, the latest missSamples times.
type missTimes struct {
	mu    sync.Mutex
	times [missSamples]time.Duration
	n     int // recorded so far, at most missSamples
	next  int
}

// add records the time of one miss or probe.
func (m *missTimes) add(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.times[m.next] = d
	m.next = (m.next + 1) % missSamples
	m.n = min(m.n+1, missSamples)
}

// pick returns one of the recorded times at random, and whether
// missSamples are known.
func (m *missTimes) pick() (time.Duration, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.n == 0 {
		return 0, false
	}
	return m.times[rand.IntN(m.n)], m.n == missSamples
}

// equalize makes a refusal answered from the cache take as long as one
// for an unknown key, which the store has to look up, so that the answer
// time does not tell a known key from an unknown one. The store's index
// probe for the key costs what a miss costs, but it is a query of its own,
// and a boot storm's phones ask for several files no one serves (Yealink's
// boot files): those probes were a fourteenth of the server's work. So the
// probe's time is kept with the misses' times, and once enough are known
// a refusal mostly waits as long as one of them took, drawn at random so
// the waits follow their spread; one in probeEvery still probes.
func (s *Server) equalize(ctx context.Context, key string) {
	d, known := s.misses.pick()
	if !known || rand.IntN(probeEvery) == 0 {
		start := time.Now()
		s.src.ProbeKey(ctx, key)
		s.misses.add(time.Since(start))
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
