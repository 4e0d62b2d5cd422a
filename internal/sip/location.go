package sip

import (
	"hash/maphash"
	"slices"
	"sync"
	"time"
)

// location holds the bindings of all devices in memory, in shards so that
// concurrent REGISTERs of different devices rarely wait for each other.
type location struct {
	shards [locationShards]locShard
	seed   maphash.Seed
	// track says whether changed devices are remembered for a persister.
	track bool
}

const locationShards = 64

type locShard struct {
	mu      sync.Mutex
	devices map[string]*deviceEntry
	// dirty lists devices whose bindings changed since the last flush.
	dirty map[string]struct{}
}

type deviceEntry struct {
	bindings []*Binding
	// last is the most recent binding, kept after it expires so status can
	// show the address of the last registration.
	last *Binding
	// saved is the latest expiry (Unix nanoseconds) handed to the
	// persister, so a refresh that changes nothing but the expiry is
	// written only when the saved one gets close.
	saved int64
}

func newLocation(track bool) *location {
	l := &location{seed: maphash.MakeSeed(), track: track}
	for i := range l.shards {
		l.shards[i].devices = make(map[string]*deviceEntry)
		l.shards[i].dirty = make(map[string]struct{})
	}
	return l
}

func (l *location) shard(deviceID string) *locShard {
	return &l.shards[maphash.String(l.seed, deviceID)%locationShards]
}

// update runs fn on the device's current bindings under the shard lock; fn
// returns the new set and whether anything changed. update returns the
// status before and after, so callers can publish a change.
func (l *location) update(deviceID string, now time.Time, fn func(cur []*Binding) ([]*Binding, bool, error)) (before, after Status, changed bool, err error) {
	s := l.shard(deviceID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.devices[deviceID]
	var cur []*Binding
	var last *Binding
	if e != nil {
		cur, last = e.bindings, e.last
	}
	before = statusOf(cur, last, now)
	next, changed, err := fn(cur)
	if err != nil || !changed {
		return before, before, false, err
	}
	if e == nil {
		e = &deviceEntry{}
		s.devices[deviceID] = e
	}
	e.bindings = next
	for _, b := range next {
		if e.last == nil || !b.RegisteredAt.Before(e.last.RegisteredAt) {
			e.last = b
		}
	}
	after = statusOf(e.bindings, e.last, now)
	if l.track && !(refreshOnly(before, after) && e.saved-now.UnixNano() > int64(after.ExpiresAt.Sub(now))/2) {
		s.dirty[deviceID] = struct{}{}
	}
	return before, after, true, nil
}

// refreshOnly reports whether a registration changed nothing a status
// shows but the expiry. Persisting such a refresh can wait while the saved
// expiry is more than half a registration away: a restarted node or
// another node reading the store still sees the device online, and a
// phone re-registering every few seconds costs no write each time.
func refreshOnly(before, after Status) bool {
	if !before.Online || !after.Online {
		return false
	}
	before.ExpiresAt = after.ExpiresAt
	return before == after
}

// bindings returns copies of the device's current bindings.
func (l *location) bindings(deviceID string) []Binding {
	s := l.shard(deviceID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.devices[deviceID]
	if e == nil {
		return nil
	}
	out := make([]Binding, 0, len(e.bindings))
	for _, b := range e.bindings {
		out = append(out, *b)
	}
	return out
}

// current returns copies of the device's bindings that have not expired
// at now.
func (l *location) current(deviceID string, now time.Time) []*Binding {
	s := l.shard(deviceID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.devices[deviceID]
	if e == nil {
		return nil
	}
	out := make([]*Binding, 0, len(e.bindings))
	for _, b := range e.bindings {
		if b.Expires.After(now) {
			c := *b
			out = append(out, &c)
		}
	}
	return out
}

func (l *location) status(deviceID string, now time.Time) Status {
	s := l.shard(deviceID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.devices[deviceID]
	if e == nil {
		return Status{}
	}
	return statusOf(e.bindings, e.last, now)
}

// statusChange is a device whose status changed, for publishing.
type statusChange struct {
	deviceID string
	status   Status
}

// sweep removes bindings that expired at now and returns the devices whose
// status changed.
func (l *location) sweep(now time.Time) []statusChange {
	var out []statusChange
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		for id, e := range s.devices {
			kept := slices.DeleteFunc(e.bindings, func(b *Binding) bool { return !b.Expires.After(now) })
			if len(kept) == len(e.bindings) {
				continue
			}
			clear(e.bindings[len(kept):])
			e.bindings = kept
			if l.track {
				s.dirty[id] = struct{}{}
			}
			out = append(out, statusChange{id, statusOf(e.bindings, e.last, now)})
		}
		s.mu.Unlock()
	}
	return out
}

// load restores bindings saved before a restart, dropping expired ones.
func (l *location) load(bs []Binding, now time.Time) {
	for i := range bs {
		b := bs[i]
		s := l.shard(b.DeviceID)
		s.mu.Lock()
		e := s.devices[b.DeviceID]
		if e == nil {
			e = &deviceEntry{}
			s.devices[b.DeviceID] = e
		}
		if e.last == nil || b.RegisteredAt.After(e.last.RegisteredAt) {
			e.last = &b
		}
		if b.Expires.After(now) {
			e.bindings = append(e.bindings, &b)
		}
		s.mu.Unlock()
	}
}

// takeDirty returns the current bindings of every device changed since
// the last call, up to max devices, and clears their dirty marks.
func (l *location) takeDirty(max int) []DeviceBindings {
	var out []DeviceBindings
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		for id := range s.dirty {
			if len(out) >= max {
				break
			}
			delete(s.dirty, id)
			db := DeviceBindings{DeviceID: id}
			if e := s.devices[id]; e != nil {
				e.saved = 0
				for _, b := range e.bindings {
					db.Bindings = append(db.Bindings, *b)
					if x := b.Expires.UnixNano(); x > e.saved {
						e.saved = x
					}
				}
				if e.last != nil {
					last := *e.last
					db.Last = &last
				}
			}
			out = append(out, db)
		}
		s.mu.Unlock()
		if len(out) >= max {
			break
		}
	}
	return out
}

// markDirty marks devices again after a failed flush.
func (l *location) markDirty(ids []string) {
	for _, id := range ids {
		s := l.shard(id)
		s.mu.Lock()
		s.dirty[id] = struct{}{}
		s.mu.Unlock()
	}
}
