package provision

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// errShed is a lookup refused because the store already has as many
// lookups under way as the server allows (Options.MaxLookups).
var errShed = errors.New("provisioning: too many profile lookups under way")

// shedder bounds the store lookups in flight. A boot storm's first
// fetches all miss the cache; past the bound, a phone is told to come
// back later at once (503 with a Retry-After spread over the window)
// instead of queueing behind the store until its own timeout fires and it
// starts over, which is how a server falls behind. Answers from memory
// are never shed.
type shedder struct {
	max    int64
	window time.Duration
	now    atomic.Int64
	shed   atomic.Int64
}

// newShedder allows max lookups at once (0: no bound) and spreads the
// retries over window.
func newShedder(max int, window time.Duration) *shedder {
	return &shedder{max: int64(max), window: window}
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

// release gives the slot back.
func (s *shedder) release() {
	if s.max > 0 {
		s.now.Add(-1)
	}
}

// answer writes the "retry later": 503 with a Retry-After drawn evenly
// from the window (at least one second), so the phones told together do
// not come back together.
func (s *shedder) answer(w http.ResponseWriter, r *http.Request) {
	secs := 1 + rand.Int64N(max(int64(s.window/time.Second), 1))
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
