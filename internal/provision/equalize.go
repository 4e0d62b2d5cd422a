package provision

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// missSamples is how many of the latest store misses a refusal from the
// cache may take its time from.
const missSamples = 64

// missTimes keeps how long the store took to find no device for a key,
// the latest missSamples times.
type missTimes struct {
	mu    sync.Mutex
	times [missSamples]time.Duration
	n     int // recorded so far, at most missSamples
	next  int
}

// add records the time of one miss.
func (m *missTimes) add(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.times[m.next] = d
	m.next = (m.next + 1) % missSamples
	m.n = min(m.n+1, missSamples)
}

// pick returns one of the recorded times at random; false when none was
// recorded yet.
func (m *missTimes) pick() (time.Duration, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.n == 0 {
		return 0, false
	}
	return m.times[rand.IntN(m.n)], true
}

// equalize makes a refusal answered from the cache take as long as one
// for an unknown key, which the store has to look up, so that the answer
// time does not tell a known key from an unknown one: it waits as long as
// one of the latest misses took, drawn at random so the waits follow the
// misses' spread. Until a miss was timed it probes the store's index for
// the key, which costs what a miss costs, but a query of its own; a boot
// storm's phones ask for several files no one serves (Yealink's boot
// files), and those probes were a twentieth of the server's work.
func (s *Server) equalize(ctx context.Context, key string) {
	d, ok := s.misses.pick()
	if !ok {
		s.src.ProbeKey(ctx, key)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
