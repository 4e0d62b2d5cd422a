package app

import (
	"context"
	"strings"

	"golang.org/x/crypto/bcrypt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// ctiLoginFails is how many failed CTI log-ins of one account from one
// address within loginWindow lock that pair out. Seed 002: the CTI server
// tries stored credentials at most three times by itself (server restart,
// PBX restart, line restart); ten leaves room for those and a person's
// typing errors, and still stops guessing.
const ctiLoginFails = 10

// CTIAuthenticate checks the HTTP Basic credentials of a CTI request
// (seed 002) and returns whom they name: a customer's monitoring account
// (RoleMonitor), a workplace's user with their portal username and
// password, or a company administrator's portal account. Wrong
// credentials are EUNAUTHORIZED at once; after ctiLoginFails failures of
// the account from the address every attempt is ERATELIMIT until the
// window has passed. An unknown username costs as much as a wrong
// password, and a user outside the customer's IP allow-list is
// EFORBIDDEN.
func (s *Service) CTIAuthenticate(ctx context.Context, username, password, remote string) (switchboard.Principal, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" || len(username) > 200 {
		return switchboard.Principal{}, errBadLogin
	}
	key := "c:" + username + " " + addrKey(remote)
	if !s.ctiAllowed(key) {
		return switchboard.Principal{}, switchboard.Errorf(switchboard.ERATELIMIT, "too many failed log-ins; try again in 15 minutes")
	}
	p, hash, twoFactor, err := s.ctiSubject(ctx, username)
	if err != nil {
		return switchboard.Principal{}, err
	}
	if hash == "" || len(password) > 72 {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		s.ctiFailed(key)
		return switchboard.Principal{}, errBadLogin
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		s.ctiFailed(key)
		return switchboard.Principal{}, errBadLogin
	}
	if twoFactor {
		// Basic authentication carries no authenticator code, so an
		// account that needs one cannot be used for CTI.
		return switchboard.Principal{}, switchboard.Errorf(switchboard.EFORBIDDEN, "an account with two-factor log-in cannot be used for CTI; use a monitoring account")
	}
	if err := s.CheckUserAddress(ctx, p, remote); err != nil {
		return switchboard.Principal{}, err
	}
	return p, nil
}

// ctiAllowed reports whether a CTI log-in under key may be tried now.
func (s *Service) ctiAllowed(key string) bool {
	l := s.ctiLogins
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.recent(key, s.now()) < ctiLoginFails
}

// ctiFailed counts a failed CTI log-in under key.
func (s *Service) ctiFailed(key string) {
	l := s.ctiLogins
	l.mu.Lock()
	defer l.mu.Unlock()
	l.record(s.now(), key)
}

// ctiSubject finds whom a CTI username names: a monitoring account, else
// a portal log-in of an administrator or a workplace (loginSubject). It
// returns the principal, the password hash to check (empty when nobody
// may log in with the username) and whether the account needs a second
// factor.
func (s *Service) ctiSubject(ctx context.Context, username string) (p switchboard.Principal, hash string, twoFactor bool, err error) {
	m, err := s.monitoringAccountByUsername(ctx, username)
	if err != nil {
		return p, "", false, err
	}
	if m != nil {
		p = switchboard.Principal{TokenID: "cti:" + m.ID, Role: switchboard.RoleMonitor, CustomerID: m.CustomerID}
		return p, m.PasswordHash, false, nil
	}
	sess, hash, otpSecret, err := s.loginSubject(ctx, username)
	if err != nil {
		return p, "", false, err
	}
	// The operator runs the installation and has no calls to control.
	if sess.Role != switchboard.RoleAdmin && sess.Role != switchboard.RoleUser {
		return p, "", false, nil
	}
	id := sess.AccountID
	if id == "" {
		id = sess.WorkplaceID
	}
	p = switchboard.Principal{TokenID: "cti:" + id, Role: sess.Role, CustomerID: sess.CustomerID, WorkplaceID: sess.WorkplaceID}
	return p, hash, otpSecret != "", nil
}
