package provision

import (
	"net/netip"
	"sync"
	"time"
)

// maxTracked bounds how many source addresses the miss counter remembers;
// beyond it, addresses that are not blocked are forgotten first.
const maxTracked = 100_000

// limiter counts misses (refused fetches) per source and blocks a source
// for a while after too many within a window. IPv6 sources are counted
// per /64, the smallest network a site usually gets, so an attacker cannot
// escape the count by changing the interface part of the address.
type limiter struct {
	maxMisses int
	window    time.Duration
	blockFor  time.Duration

	mu      sync.Mutex
	sources map[netip.Prefix]*missCount
}

// missCount is one source's misses in its current window.
type missCount struct {
	misses       int
	windowStart  time.Time
	blockedUntil time.Time
}

func newLimiter(maxMisses int, window, blockFor time.Duration) *limiter {
	return &limiter{maxMisses: maxMisses, window: window, blockFor: blockFor, sources: map[netip.Prefix]*missCount{}}
}

// source is the unit misses are counted for.
func source(addr netip.Addr) netip.Prefix {
	addr = addr.Unmap()
	if !addr.IsValid() {
		return netip.Prefix{}
	}
	bits := 32
	if addr.Is6() {
		bits = 64
	}
	p, _ := addr.Prefix(bits)
	return p
}

// blocked reports whether addr is blocked now and for how much longer.
func (l *limiter) blocked(addr netip.Addr, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.sources[source(addr)]
	if c == nil || !now.Before(c.blockedUntil) {
		return false, 0
	}
	return true, c.blockedUntil.Sub(now)
}

// miss counts a miss from addr and reports whether it made the source
// blocked (only on the miss that crossed the threshold).
func (l *limiter) miss(addr netip.Addr, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	src := source(addr)
	c := l.sources[src]
	if c == nil {
		if len(l.sources) >= maxTracked {
			l.sweepLocked(now, true)
		}
		c = &missCount{windowStart: now}
		l.sources[src] = c
	}
	if now.Sub(c.windowStart) > l.window {
		c.misses, c.windowStart = 0, now
	}
	c.misses++
	if c.misses == l.maxMisses {
		c.blockedUntil = now.Add(l.blockFor)
		c.misses, c.windowStart = 0, now.Add(l.blockFor)
		return true
	}
	return false
}

// sweep forgets sources whose window and block are over.
func (l *limiter) sweep(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweepLocked(now, false)
}

// sweepLocked forgets finished sources; under pressure it also forgets
// every source that is not blocked.
func (l *limiter) sweepLocked(now time.Time, pressure bool) {
	for src, c := range l.sources {
		blocked := now.Before(c.blockedUntil)
		if !blocked && (pressure || now.Sub(c.windowStart) > l.window) {
			delete(l.sources, src)
		}
	}
}
