package sip

import (
	"context"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Account is what the registrar needs to know about one device's SIP
// account. HA1 values are prepared by the source for the account's realm,
// so verifying a REGISTER never decrypts a password.
type Account struct {
	// Username is the digest user name (the SIP account's auth name) the
	// account is looked up by.
	Username string
	// AOR is the user part of the address of record the device registers
	// (the SIP account's username); empty means the same as Username.
	AOR        string
	DeviceID   string
	CustomerID string
	// Realm is the customer's SIP domain; the digest must be computed for it.
	Realm string
	// HA1MD5 and HA1SHA256 are H(username:realm:password) in lower-case hex
	// for MD5 and SHA-256.
	HA1MD5    string
	HA1SHA256 string
	// Encryption is on when the device's site requires TLS and SRTP; such a
	// device is refused over UDP and TCP.
	Encryption bool
	// MaxBindings overrides Options.MaxBindingsPerAccount when above zero.
	MaxBindings int
}

// AccountSource looks accounts up; the wiring backs it with the store.
type AccountSource interface {
	// Account returns the account with digest user name username, or an
	// error with code ENOTFOUND when there is none.
	Account(ctx context.Context, username string) (*Account, error)
	// Password returns the plaintext SIP password of the account. It is only
	// used on the rare path where a phone challenges our NOTIFY.
	Password(ctx context.Context, username string) (string, error)
}

// accountCache keeps accounts in memory so a REGISTER storm reads memory,
// not the store. Misses are remembered briefly too, so a scanner guessing
// user names does not reach the store for each guess.
type accountCache struct {
	src     AccountSource
	ttl     time.Duration
	missTTL time.Duration
	now     func() time.Time

	mu      sync.RWMutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	acct    *Account
	fetched time.Time
}

func newAccountCache(src AccountSource, ttl time.Duration, now func() time.Time) *accountCache {
	return &accountCache{src: src, ttl: ttl, missTTL: ttl / 10, now: now, entries: make(map[string]cacheEntry)}
}

// get returns the account, nil when it does not exist, or an error when the
// source failed.
func (c *accountCache) get(ctx context.Context, username string) (*Account, error) {
	now := c.now()
	c.mu.RLock()
	e, ok := c.entries[username]
	c.mu.RUnlock()
	if ok {
		ttl := c.ttl
		if e.acct == nil {
			ttl = c.missTTL
		}
		if now.Sub(e.fetched) < ttl {
			return e.acct, nil
		}
	}
	a, err := c.src.Account(ctx, username)
	if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		return nil, err
	}
	c.mu.Lock()
	if len(c.entries) >= maxCachedAccounts {
		c.pruneLocked(now)
	}
	c.entries[username] = cacheEntry{acct: a, fetched: now}
	c.mu.Unlock()
	return a, nil
}

// maxCachedAccounts bounds the cache; past it, stale entries are dropped.
const maxCachedAccounts = 1 << 20

func (c *accountCache) pruneLocked(now time.Time) {
	for k, e := range c.entries {
		if e.acct == nil || now.Sub(e.fetched) >= c.ttl {
			delete(c.entries, k)
		}
	}
}

func (c *accountCache) invalidate(username string) {
	c.mu.Lock()
	delete(c.entries, username)
	c.mu.Unlock()
}

func (c *accountCache) invalidateAll() {
	c.mu.Lock()
	c.entries = make(map[string]cacheEntry)
	c.mu.Unlock()
}
