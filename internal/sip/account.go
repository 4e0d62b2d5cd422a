package sip

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
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
	// AllowList is the customer's IP allow-list (seed 003): when it is on,
	// a REGISTER from an address outside it is refused with 403 even with
	// the right credentials.
	AllowList switchboard.AllowList
}

// SetPassword fills the HA1 values from the plaintext password for the
// account's Username and Realm (set those first). An AccountSource calls
// it once when it loads an account, so the password is decrypted once,
// not per REGISTER.
func (a *Account) SetPassword(password string) {
	a.HA1MD5 = digest.HA1(digest.MD5, a.Username, a.Realm, password)
	a.HA1SHA256 = digest.HA1(digest.SHA256, a.Username, a.Realm, password)
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
// not the store. An entry past its lifetime is still used while a
// background refresh reads it again, so neither a busy nor a briefly
// unavailable store delays registrations. Misses are remembered briefly
// too, so a scanner guessing user names does not reach the store for each
// guess.
type accountCache struct {
	src AccountSource
	ttl time.Duration
	// max bounds the entries (Options.MaxCachedAccounts).
	max     int
	missTTL time.Duration
	now     func() time.Time
	log     *slog.Logger
	// customers shares what a customer's accounts have in common.
	customers customers
	// refreshSlots bounds concurrent background refreshes.
	refreshSlots chan struct{}

	mu      sync.RWMutex
	entries map[string]keptAccount
	// gen changes on every invalidation; a lookup that started before one
	// does not store its possibly outdated result.
	gen        uint64
	refreshing map[string]struct{}
}

func newAccountCache(src AccountSource, ttl time.Duration, max int, now func() time.Time, log *slog.Logger) *accountCache {
	return &accountCache{src: src, ttl: ttl, max: max, missTTL: ttl / 10, now: now, log: log,
		refreshSlots: make(chan struct{}, 8),
		entries:      make(map[string]keptAccount), refreshing: make(map[string]struct{})}
}

// get returns the account, nil when it does not exist, or an error when the
// source failed.
func (c *accountCache) get(ctx context.Context, username string) (*Account, error) {
	k, a, found, err := c.lookup(ctx, username)
	switch {
	case err != nil || !found:
		return nil, err
	case a != nil:
		return a, nil
	}
	// The copy shares the kept strings, so the location service's key
	// (the device id) does not hold on to the source's.
	return k.account(), nil
}

// realm returns the account's realm, false when it does not exist or the
// source failed: a challenge needs no more, and building the Account for
// it was a fifth of the bytes a registration allocated.
func (c *accountCache) realm(ctx context.Context, username string) (string, bool) {
	k, a, found, err := c.lookup(ctx, username)
	switch {
	case err != nil || !found:
		return "", false
	case a != nil:
		return a.Realm, true
	}
	return k.customer.realm, true
}

// lookup finds the account in its kept form; found is false when it does
// not exist, and a is the source's answer instead when that could not be
// kept.
func (c *accountCache) lookup(ctx context.Context, username string) (k keptAccount, a *Account, found bool, err error) {
	now := c.now().UnixNano()
	c.mu.RLock()
	e, ok := c.entries[username]
	gen := c.gen
	c.mu.RUnlock()
	if ok {
		age := time.Duration(now - e.fetched)
		switch {
		case e.missing && age < c.missTTL:
			return k, nil, false, nil
		case !e.missing && age < c.ttl:
			return e, nil, true, nil
		case !e.missing:
			c.refresh(username)
			return e, nil, true, nil
		}
	}
	return c.fetch(ctx, username, gen)
}

// fetch reads an account from the source and caches the answer unless an
// invalidation happened since gen; it answers as lookup does.
func (c *accountCache) fetch(ctx context.Context, username string, gen uint64) (k keptAccount, a *Account, found bool, err error) {
	a, err = c.src.Account(ctx, username)
	if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		return k, nil, false, err
	}
	now := c.now().UnixNano()
	k, kept := keepAccount(a, username, now, &c.customers)
	if !kept {
		return k, a, a != nil, nil
	}
	key := k.part(acctUsername)
	if key != username {
		key = strings.Clone(username)
	}
	c.mu.Lock()
	if c.gen == gen {
		if _, cached := c.entries[key]; !cached && len(c.entries) >= c.max {
			c.pruneLocked(now)
		}
		c.entries[key] = k
	}
	c.mu.Unlock()
	return k, nil, !k.missing, nil
}

// refresh reads an expired account again in the background, at most once
// at a time per account and a few at a time overall.
func (c *accountCache) refresh(username string) {
	c.mu.Lock()
	if _, busy := c.refreshing[username]; busy {
		c.mu.Unlock()
		return
	}
	select {
	case c.refreshSlots <- struct{}{}:
	default:
		c.mu.Unlock()
		return
	}
	c.refreshing[username] = struct{}{}
	gen := c.gen
	c.mu.Unlock()
	go func() {
		defer func() {
			c.mu.Lock()
			delete(c.refreshing, username)
			c.mu.Unlock()
			<-c.refreshSlots
		}()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, _, _, err := c.fetch(ctx, username, gen); err != nil {
			c.log.Warn("refreshing a cached SIP account failed; the cached copy stays in use", "username", username, "error", err)
		}
	}()
}

// DefaultMaxCachedAccounts is Options.MaxCachedAccounts' default: the
// accounts of a boot storm's phones between their challenge and their
// answer, many times over.
const DefaultMaxCachedAccounts = 20_000

// pruneLocked makes room in a full cache: it drops remembered misses and
// stale entries, then, while the cache is over seven eighths of its bound,
// entries as the map hands them out (in no order a client can steer), so
// a full cache prunes once per eighth of its bound.
func (c *accountCache) pruneLocked(now int64) {
	for k, e := range c.entries {
		if e.missing || time.Duration(now-e.fetched) >= c.ttl {
			delete(c.entries, k)
		}
	}
	for k := range c.entries {
		if len(c.entries) <= c.max-max(c.max/8, 1) {
			break
		}
		delete(c.entries, k)
	}
}

func (c *accountCache) invalidate(username string) {
	c.mu.Lock()
	delete(c.entries, username)
	c.gen++
	c.mu.Unlock()
}

func (c *accountCache) invalidateAll() {
	c.mu.Lock()
	c.entries = make(map[string]keptAccount)
	c.gen++
	c.mu.Unlock()
}
