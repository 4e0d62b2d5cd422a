package sip

import (
	"context"
	"time"
)

// DeviceBindings is the complete current set of one device's bindings,
// written as a unit: an empty Bindings means the device has none left.
type DeviceBindings struct {
	DeviceID string
	Bindings []Binding
	// Last is the most recent binding, kept after expiry so status can show
	// the last address; nil when the device never registered.
	Last *Binding
}

// Persister saves bindings so that a restart, or another node sharing the
// store, sees them. The registrar calls it from one background goroutine,
// write-behind and in batches, never on the REGISTER path.
type Persister interface {
	SaveBindings(ctx context.Context, batch []DeviceBindings) error
}

// persistBatch bounds one SaveBindings call.
const persistBatch = 1000

// flush writes all dirty devices through the persister; devices of a
// failed batch are marked dirty again for the next round.
func (s *Server) flush(ctx context.Context) {
	if s.opt.Persister == nil {
		return
	}
	for {
		batch := s.loc.takeDirty(persistBatch)
		if len(batch) == 0 {
			return
		}
		if err := s.opt.Persister.SaveBindings(ctx, batch); err != nil {
			ids := make([]string, len(batch))
			for i, b := range batch {
				ids[i] = b.DeviceID
			}
			s.loc.markDirty(ids)
			s.log.Error("saving SIP bindings failed; retrying at the next flush", "devices", len(batch), "error", err)
			return
		}
		if len(batch) < persistBatch {
			return
		}
	}
}

// housekeeping sweeps expired bindings and failure counters and flushes
// bindings until ctx ends, then flushes once more.
func (s *Server) housekeeping(ctx context.Context) {
	t := time.NewTicker(s.opt.PersistInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			s.flush(fctx)
			cancel()
			return
		case <-t.C:
			now := s.now()
			for _, c := range s.loc.sweep(now) {
				s.publish(StatusEvent{DeviceID: c.deviceID, Status: c.status, At: now})
			}
			s.guard.sweep(now)
			s.replay.sweep(now)
			s.flush(ctx)
		}
	}
}
