package provision

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// errShed is a lookup refused because the store already has as many
// lookups under way as the server allows (Options.MaxLookups).
var errShed = errors.New("provisioning: too many profile lookups under way")

// shedder bounds the store lookups in flight. A boot storm's first
// fetches all miss the cache; past the bound, a phone is told to come
// back later at once (503 with a Retry-After) instead of queueing behind
// the store until its own timeout fires and it starts over, which is how a
// server falls behind. Answers from memory are never shed.
//
// The Retry-After is spread over the time the store needs for the phones
// told to come back: those turned away in this second divided by the
// lookups it finished a second lately (over the seconds since the last
// phone was turned away, up to rateMemory), at least one second and at most
// the window. A store that keeps up brings phones back within a second or
// two; one that is slow or stuck spreads them over the whole window.
type shedder struct {
	max    int64
	window time.Duration
	now    atomic.Int64
	shed   atomic.Int64
	done   atomic.Int64
	clock  func() time.Time

	mu sync.Mutex
	// second is the second being counted; turned counts it so far,
	// finished is the lookups finished when it began, and rate the
	// lookups finished a second since the one counted before it.
	second   int64
	turned   int64
	finished int64
	rate     int64
}

// rateMemory is how many seconds back a measured rate still tells of the
// store: a storm that begins after a quiet spell is spread by the rate of
// that spell when it was recent, by the whole window when not.
const rateMemory = 10

// newShedder allows max lookups at once (0: no bound) and spreads the
// retries over at most window; clock tells the time.
func newShedder(max int, window time.Duration, clock func() time.Time) *shedder {
	return &shedder{max: int64(max), window: window, clock: clock}
}

// acquire takes a lookup slot; false when none is free.
func (s *shedder) acquire() bool {
	if s.max <= 0 {
		return true
	}
	if s.now.Add(1) > s.max {
		s.now.Add(-1)
		s.shed.Add(1)
		return false
	}
	return true
}

// release gives the slot back when a lookup has finished.
func (s *shedder) release() {
	if s.max > 0 {
		s.now.Add(-1)
	}
	s.done.Add(1)
}

// spread returns how many seconds the phone being turned away now may be
// told to wait at most, and counts it.
func (s *shedder) spread() int64 {
	limit := max(int64(s.window/time.Second), 1)
	sec := s.clock().Unix()
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec != s.second {
		done := s.done.Load()
		s.rate = 0
		if gap := sec - s.second; gap > 0 && gap <= rateMemory {
			s.rate = (done - s.finished) / gap
		}
		s.second, s.turned, s.finished = sec, 0, done
	}
	s.turned++
	if s.rate <= 0 {
		return limit
	}
	return min(max((s.turned+s.rate-1)/s.rate, 1), limit)
}

// answer writes the "retry later": 503 with a Retry-After drawn evenly
// from one second to the spread, so the phones told together do not come
// back together.
func (s *shedder) answer(w http.ResponseWriter, r *http.Request) {
	secs := 1 + rand.Int64N(s.spread())
	h := w.Header()
	h.Set("Retry-After", strconv.FormatInt(secs, 10))
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte("busy; try again after the Retry-After seconds\n"))
	}
}

// Shed returns how many requests were told to retry later so far.
func (s *Server) Shed() int64 { return s.shedding.shed.Load() }
