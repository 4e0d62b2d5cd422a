package app

import (
	"net/netip"
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
//
// A booting fleet puts every device in the watch twice (its profile fetch
// and its registration), so an entry is kept small (watchKey, watched;
// TestWatchedSightingSize) and the map is rebuilt once the window has
// passed and most entries are gone, as a Go map never gives back room.
type FraudWatch struct {
	mu      sync.Mutex
	last    map[watchKey]watched
	alerted map[string]time.Time
	// swept is the size of last after the previous sweep and sweptAt its
	// time (Unix ns); the next sweep runs when last has doubled or a
	// window has passed, so sweeping stays amortised O(1).
	swept   int
	sweptAt int64
	// peak is the largest size of last since it was made.
	peak int
	out  chan Suspicion
	// dropped counts suspicions lost to a full queue.
	dropped atomic.Int64
}

// watchKey is a device and the path (viaCode) its credentials came by.
type watchKey struct {
	device string
	via    uint8
}

// watched is the last sighting through a path, as kept: the address
// parsed (a socket's address always parses; one that does not is kept as
// the zero address), the time in Unix nanoseconds.
type watched struct {
	mac string
	ip  netip.Addr
	at  int64
}

// vias are the paths a sighting can come by, indexed by viaCode.
var vias = [...]string{switchboard.ViaProvisioning, switchboard.ViaSIP}

func viaCode(via string) (uint8, bool) {
	for i, v := range vias {
		if v == via {
			return uint8(i), true
		}
	}
	return 0, false
}

// sighting is the Sighting a kept entry stands for.
func (k watchKey) sighting(w watched) switchboard.Sighting {
	s := switchboard.Sighting{DeviceID: k.device, Via: vias[k.via], MAC: w.mac, At: time.Unix(0, w.at).UTC()}
	if w.ip.IsValid() {
		s.IP = w.ip.String()
	}
	return s
}

// suspicionQueue bounds the suspicions waiting to be recorded.
const suspicionQueue = 1000

// NewFraudWatch returns an empty watch.
func NewFraudWatch() *FraudWatch {
	return &FraudWatch{last: map[watchKey]watched{}, alerted: map[string]time.Time{},
		out: make(chan Suspicion, suspicionQueue)}
}

// Observe records a sighting and queues a Suspicion when it and the
// previous sighting through the same path are suspicious and the device
// had no signal within FraudQuiet. A sighting by a path other than
// provisioning and SIP is not watched.
func (w *FraudWatch) Observe(s switchboard.Sighting) {
	via, ok := viaCode(s.Via)
	if s.DeviceID == "" || !ok {
		return
	}
	k := watchKey{s.DeviceID, via}
	ip, _ := netip.ParseAddr(s.IP)
	at := s.At.UnixNano()
	w.mu.Lock()
	kept, seen := w.last[k]
	if !seen || kept.at <= at {
		w.last[k] = watched{mac: s.MAC, ip: ip, at: at}
		w.peak = max(w.peak, len(w.last))
	}
	var prev switchboard.Sighting
	if seen {
		prev = k.sighting(kept)
	}
	raise := seen && switchboard.Suspicious(prev, s) && s.At.Sub(w.alerted[s.DeviceID]) >= switchboard.FraudQuiet
	if raise {
		w.alerted[s.DeviceID] = s.At
	}
	if len(w.last) > 2*w.swept+1024 || at-w.sweptAt > int64(switchboard.FraudWindow) {
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

// Sweep forgets sightings too old to matter at now and gives back the
// room they took.
func (w *FraudWatch) Sweep(now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sweep(now)
}

// sweep forgets sightings too old to matter and signals whose quiet time
// is over, and moves what is left into a map of its size when that is
// under a quarter of the largest the map held; w.mu is held.
func (w *FraudWatch) sweep(now time.Time) {
	t := now.UnixNano()
	for k, s := range w.last {
		if t-s.at > int64(switchboard.FraudWindow) {
			delete(w.last, k)
		}
	}
	for id, at := range w.alerted {
		if now.Sub(at) >= switchboard.FraudQuiet {
			delete(w.alerted, id)
		}
	}
	if len(w.last) < w.peak/4 {
		fresh := make(map[watchKey]watched, len(w.last))
		for k, s := range w.last {
			fresh[k] = s
		}
		w.last, w.peak = fresh, len(fresh)
	}
	w.swept, w.sweptAt = len(w.last), t
}

// Suspicions hands out the raised signals.
func (w *FraudWatch) Suspicions() <-chan Suspicion { return w.out }
