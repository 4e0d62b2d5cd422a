package app

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

// portalPasswordLen is the length of generated portal passwords: 12
// characters of an alphabet without look-alikes, about 70 bits.
const portalPasswordLen = 12

// newPortalPassword returns a random portal password and its bcrypt hash.
// The password itself only ever goes into a sealed outbox message.
func newPortalPassword() (password, hash string, err error) {
	password = randomFrom(strongAlnum, portalPasswordLen)
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", "", fmt.Errorf("hash portal password: %w", err)
	}
	return password, string(h), nil
}

// CheckPortalPassword reports whether password is the workplace's portal
// password; bcrypt compares in constant time.
func CheckPortalPassword(w *switchboard.Workplace, password string) bool {
	if w.PortalPasswordHash == "" {
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(w.PortalPasswordHash), []byte(password)) == nil
}

// Password-reset limits: per username one reset per resetUserWindow; per
// source address resetAddrMax requests per resetAddrWindow.
const (
	resetUserWindow = 15 * time.Minute
	resetAddrWindow = 15 * time.Minute
	resetAddrMax    = 10
)

// resetLimiter remembers recent password-reset requests in memory, per
// node: enough to stop a flood of reset mails to one user and a scan from
// one address.
type resetLimiter struct {
	mu    sync.Mutex
	users map[string]time.Time
	addrs map[string][]time.Time
}

func newResetLimiter() *resetLimiter {
	return &resetLimiter{users: map[string]time.Time{}, addrs: map[string][]time.Time{}}
}

// allow records a request and reports whether the address may ask at all
// (addrOK) and whether the username may get a new password now (userOK).
func (l *resetLimiter) allow(username, addr string, now time.Time) (addrOK, userOK bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.users) > 10000 || len(l.addrs) > 10000 {
		l.prune(now)
	}
	recent := l.addrs[addr][:0]
	for _, t := range l.addrs[addr] {
		if now.Sub(t) < resetAddrWindow {
			recent = append(recent, t)
		}
	}
	if len(recent) >= resetAddrMax {
		l.addrs[addr] = recent
		return false, false
	}
	l.addrs[addr] = append(recent, now)
	if t, ok := l.users[username]; ok && now.Sub(t) < resetUserWindow {
		return true, false
	}
	l.users[username] = now
	return true, true
}

// prune forgets entries older than their window.
func (l *resetLimiter) prune(now time.Time) {
	for u, t := range l.users {
		if now.Sub(t) >= resetUserWindow {
			delete(l.users, u)
		}
	}
	for a, ts := range l.addrs {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= resetAddrWindow {
			delete(l.addrs, a)
		}
	}
}

// addrKey reduces a remote address to the unit limits apply to: the IPv4
// address, or the /64 of an IPv6 address.
func addrKey(remote string) string {
	ap, err := netip.ParseAddrPort(remote)
	var a netip.Addr
	if err == nil {
		a = ap.Addr()
	} else if a, err = netip.ParseAddr(remote); err != nil {
		return remote
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// RequestPasswordReset starts the user portal's password reset for a
// username (seed 001): an active workplace with that username gets a new
// portal password, sent like the initial one (SMS when it has a mobile
// number, else e-mail). The caller learns nothing about whether the
// username exists: the answer is the same, and the password is hashed
// either way so the time taken is too. Too many requests from one address
// are refused with ERATELIMIT; a second reset of one username within 15
// minutes is silently dropped.
func (s *Service) RequestPasswordReset(ctx context.Context, username, remoteAddr string) error {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" || len(username) > 200 {
		return switchboard.FieldErrorf("username", "give the username of the portal account")
	}
	addrOK, userOK := s.notify.resets.allow(username, addrKey(remoteAddr), s.now())
	if !addrOK {
		return switchboard.Errorf(switchboard.ERATELIMIT, "too many password-reset requests from your address; try again in 15 minutes")
	}
	password, hash, err := newPortalPassword()
	if err != nil {
		return err
	}
	if !userOK {
		return nil
	}
	sent := false
	err = s.store.Update(ctx, func(tx switchboard.Tx) error {
		sent = false
		now := s.clock()
		w, err := tx.WorkplaceByUsername(username)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		if w.State != switchboard.WorkplaceActive {
			return nil
		}
		w.PortalPasswordHash = hash
		w.UpdatedAt = now
		if err := tx.UpdateWorkplace(w); err != nil {
			return fmt.Errorf("store new portal password: %w", err)
		}
		mw, err := forMessages(tx, w)
		if err != nil {
			return err
		}
		m, err := messages.PasswordReset(s.notify.env, mw, password, now)
		if err != nil {
			return err
		}
		if err := queue(tx, m); err != nil {
			return err
		}
		sent = true
		return tx.AddEvent(&switchboard.Event{
			ID: switchboard.NewID("evt", now), CustomerID: w.CustomerID, Kind: switchboard.EventAudit,
			Actor: "password-reset", Action: "workplace.password_reset", Object: w.ID,
			Detail: "new portal password sent by " + string(m.Channel), IP: addrKey(remoteAddr), At: now,
		})
	})
	if err != nil {
		return err
	}
	if sent {
		s.outboxWritten(ctx)
	}
	return nil
}
