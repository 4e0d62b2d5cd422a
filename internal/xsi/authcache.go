package xsi

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Checked credentials are remembered for authTTL: a CTI client sends
// Basic credentials with every request (heartbeats, every event's
// acknowledgement), and checking a bcrypt hash each time would cost the
// server a CPU core for a busy customer. A changed password or a revoked
// monitoring account is refused at most authTTL later.
const (
	authTTL     = time.Minute
	authEntries = 10000
)

// authCache remembers principals by a keyed hash of username, password
// and client address, never the password itself; the key is random per
// process.
type authCache struct {
	salt [32]byte
	mu   sync.Mutex
	m    map[[32]byte]authEntry
}

// newAuthCache returns an empty cache with a fresh key.
func newAuthCache() *authCache {
	c := &authCache{}
	_, _ = rand.Read(c.salt[:])
	return c
}

type authEntry struct {
	p     switchboard.Principal
	until time.Time
}

// key is the cache key of one set of credentials from one address.
func (c *authCache) key(user, password, remote string) [32]byte {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	m := hmac.New(sha256.New, c.salt[:])
	m.Write([]byte(user + "\x00" + password + "\x00" + host))
	return [32]byte(m.Sum(nil))
}

// get returns the principal the credentials were found to name, if that
// was less than authTTL ago.
func (c *authCache) get(key [32]byte, now time.Time) (switchboard.Principal, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || !now.Before(e.until) {
		delete(c.m, key)
		return switchboard.Principal{}, false
	}
	return e.p, true
}

// put remembers a successful check.
func (c *authCache) put(key [32]byte, p switchboard.Principal, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= authEntries {
		c.m = map[[32]byte]authEntry{}
	}
	c.m[key] = authEntry{p: p, until: now.Add(authTTL)}
}
