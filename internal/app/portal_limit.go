package app

import (
	"sync"
	"time"
)

// Log-in limits: failed attempts per username and per source address
// within loginWindow; above them every attempt is refused (ERATELIMIT)
// until the window has passed, right password or not.
const (
	loginWindow      = 15 * time.Minute
	loginUserFails   = 5
	loginAddrFails   = 20
	loginLimiterSize = 10000
)

// loginLimiter counts failed portal log-ins in memory, per node: a guesser
// spreading attempts over n nodes gets n times the budget, which still
// stops guessing a password of a person's choice.
type loginLimiter struct {
	mu    sync.Mutex
	fails map[string][]time.Time
}

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{fails: map[string][]time.Time{}}
}

// allowed reports whether a log-in of username from addr may be tried now.
func (l *loginLimiter) allowed(username, addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.recent("u:"+username, now) < loginUserFails && l.recent("a:"+addr, now) < loginAddrFails
}

// failed records a failed log-in of username from addr.
func (l *loginLimiter) failed(username, addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.record(now, "u:"+username, "a:"+addr)
}

// record counts a failure at now for each key; the caller holds l.mu.
func (l *loginLimiter) record(now time.Time, keys ...string) {
	if len(l.fails) > loginLimiterSize {
		for k := range l.fails {
			if l.recent(k, now) == 0 {
				delete(l.fails, k)
			}
		}
	}
	for _, k := range keys {
		l.fails[k] = append(l.fails[k], now)
	}
}

// recent drops the failures of key older than the window and counts the
// rest.
func (l *loginLimiter) recent(key string, now time.Time) int {
	kept := l.fails[key][:0]
	for _, t := range l.fails[key] {
		if now.Sub(t) < loginWindow {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(l.fails, key)
		return 0
	}
	l.fails[key] = kept
	return len(kept)
}
