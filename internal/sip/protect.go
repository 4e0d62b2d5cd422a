package sip

import (
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// guard counts failed authentications per source address and per account
// and blocks either for a while after too many within a window.
type guard struct {
	maxSource, maxAccount int
	window, block         time.Duration

	mu      sync.Mutex
	sources map[netip.Addr]*failures
	users   map[string]*failures
	// nBlocked counts blocked sources so the per-packet check costs one
	// atomic load while nothing is blocked.
	nBlocked atomic.Int64
}

type failures struct {
	n            int
	since        time.Time
	blockedUntil time.Time
}

func newGuard(maxSource, maxAccount int, window, block time.Duration) *guard {
	return &guard{
		maxSource: maxSource, maxAccount: maxAccount, window: window, block: block,
		sources: make(map[netip.Addr]*failures), users: make(map[string]*failures),
	}
}

// sourceBlocked reports whether ip is blocked at now.
func (g *guard) sourceBlocked(ip netip.Addr, now time.Time) bool {
	if g.nBlocked.Load() == 0 {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	f := g.sources[ip]
	return f != nil && now.Before(f.blockedUntil)
}

// accountBlocked returns until when username is blocked, or zero.
func (g *guard) accountBlocked(username string, now time.Time) time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f := g.users[username]; f != nil && now.Before(f.blockedUntil) {
		return f.blockedUntil
	}
	return time.Time{}
}

// fail records a failed authentication and reports whether it blocked the
// source or the account just now.
func (g *guard) fail(ip netip.Addr, username string, now time.Time) (blockedSource, blockedAccount bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.bump(g.sourceEntry(ip), g.maxSource, now) {
		g.nBlocked.Add(1)
		blockedSource = true
	}
	if username != "" {
		f := g.users[username]
		if f == nil {
			if len(g.users) >= maxTracked {
				return blockedSource, false
			}
			f = &failures{}
			g.users[username] = f
		}
		blockedAccount = g.bump(f, g.maxAccount, now)
	}
	return blockedSource, blockedAccount
}

// maxTracked bounds the counter maps against floods from many addresses.
const maxTracked = 1 << 18

var overflow failures

func (g *guard) sourceEntry(ip netip.Addr) *failures {
	f := g.sources[ip]
	if f == nil {
		if len(g.sources) >= maxTracked {
			return &overflow
		}
		f = &failures{}
		g.sources[ip] = f
	}
	return f
}

func (g *guard) bump(f *failures, limit int, now time.Time) bool {
	if now.Sub(f.since) > g.window {
		f.n, f.since = 0, now
	}
	f.n++
	if limit > 0 && f.n >= limit && !now.Before(f.blockedUntil) {
		f.blockedUntil = now.Add(g.block)
		f.n = 0
		return f != &overflow
	}
	return false
}

// succeeded clears the account's failures after a good authentication.
func (g *guard) succeeded(username string) {
	g.mu.Lock()
	if f := g.users[username]; f != nil && f.blockedUntil.IsZero() {
		delete(g.users, username)
	}
	g.mu.Unlock()
}

// sweep drops counters whose window and block have passed.
func (g *guard) sweep(now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	var blocked int64
	for ip, f := range g.sources {
		if now.Before(f.blockedUntil) {
			blocked++
		} else if now.Sub(f.since) > g.window {
			delete(g.sources, ip)
		}
	}
	g.nBlocked.Store(blocked)
	for u, f := range g.users {
		if !now.Before(f.blockedUntil) && now.Sub(f.since) > g.window {
			delete(g.users, u)
		}
	}
}
