package sip

import (
	"hash/maphash"
	"slices"
	"strings"
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
	bindings []binding
	// last is the newest binding no longer among bindings, while it is
	// newer than all of them, so status can show the address of the last
	// registration after it expired or was removed; nil otherwise.
	last *binding
	// saved is the latest expiry (Unix nanoseconds) handed to the
	// persister, so a refresh that changes nothing but the expiry is
	// written only when the saved one gets close.
	saved int64
}

// newest is the most recent binding the device ever had, current or not,
// nil when none; a later binding wins a tie.
func (e *deviceEntry) newest() *binding {
	n := e.last
	for i := range e.bindings {
		if n == nil || e.bindings[i].registered >= n.registered {
			n = &e.bindings[i]
		}
	}
	return n
}

// set replaces the bindings, keeping the newest binding gone from them as
// last while it is newer than those that stay. next must not share the
// current bindings' array.
func (e *deviceEntry) set(next []binding) {
	gone, last := e.newest(), e.last
	if len(next) == 0 {
		next = nil
	}
	e.bindings, e.last = next, nil
	if n := e.newest(); gone == nil || n != nil && gone.registered <= n.registered {
		return
	}
	if gone != last {
		c := *gone
		gone = &c
	}
	e.last = gone
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
// returns the new set, in an array of its own, and whether anything
// changed. update returns the status before and after, so callers can
// publish a change, and the device id as the location keeps it: a copy of
// its own, made when the device's first binding is kept, so that the key
// does not hold on to the larger string deviceID may be part of (a cached
// account's text, with its HA1 values).
func (l *location) update(deviceID string, now time.Time, fn func(cur []binding) ([]binding, bool, error)) (u locUpdate, err error) {
	s := l.shard(deviceID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.devices[deviceID]
	var cur []binding
	var last *binding
	if e != nil {
		cur, last = e.bindings, e.newest()
	}
	u.id = deviceID
	u.before = statusOf(cur, last, now)
	u.after = u.before
	next, changed, err := fn(cur)
	if err != nil || !changed {
		return u, err
	}
	if e == nil {
		e = &deviceEntry{}
		u.id = strings.Clone(deviceID)
		s.devices[u.id] = e
	}
	e.set(next)
	u.after, u.changed = statusOf(e.bindings, e.newest(), now), true
	if l.track && !(refreshOnly(u.before, u.after) && e.saved-now.UnixNano() > int64(u.after.ExpiresAt.Sub(now))/2) {
		s.dirty[u.id] = struct{}{}
	}
	return u, nil
}

// locUpdate is what location.update did.
type locUpdate struct {
	// id is the device id as the location keeps it.
	id            string
	before, after Status
	changed       bool
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
	for i := range e.bindings {
		out = append(out, e.bindings[i].expand(deviceID))
	}
	return out
}

// current returns copies of the device's bindings that have not expired
// at now.
func (l *location) current(deviceID string, now time.Time) []binding {
	s := l.shard(deviceID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.devices[deviceID]
	if e == nil {
		return nil
	}
	t := now.UnixNano()
	out := make([]binding, 0, len(e.bindings))
	for _, k := range e.bindings {
		if k.expires > t {
			out = append(out, k)
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
	return statusOf(e.bindings, e.newest(), now)
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
	t := now.UnixNano()
	expired := func(k binding) bool { return k.expires <= t }
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		for id, e := range s.devices {
			if !slices.ContainsFunc(e.bindings, expired) {
				continue
			}
			e.set(slices.DeleteFunc(slices.Clone(e.bindings), expired))
			if l.track {
				s.dirty[id] = struct{}{}
			}
			out = append(out, statusChange{id, statusOf(e.bindings, e.newest(), now)})
		}
		s.mu.Unlock()
	}
	return out
}

// load restores bindings saved before a restart, dropping expired ones
// but the device's newest.
func (l *location) load(bs []Binding, now time.Time) {
	for i := range bs {
		b := &bs[i]
		k, err := keep(b)
		if err != nil {
			continue
		}
		s := l.shard(b.DeviceID)
		s.mu.Lock()
		e := s.devices[b.DeviceID]
		if e == nil {
			e = &deviceEntry{}
			s.devices[b.DeviceID] = e
		}
		if b.Expires.After(now) {
			e.bindings = append(e.bindings, k)
		} else if n := e.newest(); n == nil || k.registered > n.registered {
			e.last = &k
		}
		s.mu.Unlock()
	}
}

// takeDirty returns the current bindings of every device changed since
// the last call, up to limit devices, and clears their dirty marks.
func (l *location) takeDirty(limit int) []DeviceBindings {
	var out []DeviceBindings
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		for id := range s.dirty {
			if len(out) >= limit {
				break
			}
			delete(s.dirty, id)
			db := DeviceBindings{DeviceID: id}
			if e := s.devices[id]; e != nil {
				e.saved = 0
				for j := range e.bindings {
					db.Bindings = append(db.Bindings, e.bindings[j].expand(id))
					e.saved = max(e.saved, e.bindings[j].expires)
				}
				if n := e.newest(); n != nil {
					last := n.expand(id)
					db.Last = &last
				}
			}
			out = append(out, db)
		}
		s.mu.Unlock()
		if len(out) >= limit {
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
