package app

import (
	"sync"
	"sync/atomic"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Suspicion is a fraud signal: two sightings of one device's credentials
// that point at two devices or two networks (switchboard.Suspicious).
type Suspicion struct {
	Earlier, Later switchboard.Sighting
}

// FraudWatch compares each use of a device's credentials with the last one
// through the same path, in memory, and hands out a Suspicion at most once
// per device per switchboard.FraudQuiet. Observe costs a map lookup under
// a lock and never blocks, so the registrar's event goroutine and the
// provisioning bookkeeping can feed it; Service.RunFraudSignals consumes
// it. Each node watches what it sees: a phone and an intruder served by
// two different nodes are compared only where both reach the same node,
// and each node rate-limits on its own. Nothing survives a restart.
type FraudWatch struct {
	mu      sync.Mutex
	last    map[watchKey]switchboard.Sighting
	alerted map[string]time.Time
	// swept is the size of last after the previous sweep; the next sweep
	// runs when it has doubled, so sweeping stays amortised O(1).
	swept int
	out   chan Suspicion
	// dropped counts suspicions lost to a full queue.
	dropped atomic.Int64
}

type watchKey struct{ device, via string }

// suspicionQueue bounds the suspicions waiting to be recorded.
const suspicionQueue = 1000

// NewFraudWatch returns an empty watch.
func NewFraudWatch() *FraudWatch {
	return &FraudWatch{last: map[watchKey]switchboard.Sighting{}, alerted: map[string]time.Time{},
		out: make(chan Suspicion, suspicionQueue)}
}

// Observe records a sighting and queues a Suspicion when it and the
// previous sighting through the same path are suspicious and the device
// had no signal within FraudQuiet.
func (w *FraudWatch) Observe(s switchboard.Sighting) {
	if s.DeviceID == "" {
		return
	}
	k := watchKey{s.DeviceID, s.Via}
	w.mu.Lock()
	prev, seen := w.last[k]
	if !seen || !prev.At.After(s.At) {
		w.last[k] = s
	}
	raise := seen && switchboard.Suspicious(prev, s) && s.At.Sub(w.alerted[s.DeviceID]) >= switchboard.FraudQuiet
	if raise {
		w.alerted[s.DeviceID] = s.At
	}
	if len(w.last) > 2*w.swept+1024 {
		w.sweep(s.At)
	}
	w.mu.Unlock()
	if !raise {
		return
	}
	earlier, later := prev, s
	if later.At.Before(earlier.At) {
		earlier, later = later, earlier
	}
	select {
	case w.out <- Suspicion{Earlier: earlier, Later: later}:
	default:
		w.dropped.Add(1)
	}
}

// sweep forgets sightings too old to matter and signals whose quiet time
// is over; w.mu is held.
func (w *FraudWatch) sweep(now time.Time) {
	for k, s := range w.last {
		if now.Sub(s.At) > switchboard.FraudWindow {
			delete(w.last, k)
		}
	}
	for id, at := range w.alerted {
		if now.Sub(at) >= switchboard.FraudQuiet {
			delete(w.alerted, id)
		}
	}
	w.swept = len(w.last)
}

// Suspicions hands out the raised signals.
func (w *FraudWatch) Suspicions() <-chan Suspicion { return w.out }
