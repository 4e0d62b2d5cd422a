package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Portal session lifetimes: a session ends after SessionIdle without a
// request and SessionMax after the log-in, whichever comes first.
const (
	SessionIdle = 30 * time.Minute
	SessionMax  = 12 * time.Hour
	// sessionTouch is how stale the recorded last request may get before
	// a request writes it again, so that reading pages writes rarely.
	sessionTouch = time.Minute
)

// errBadLogin is the one answer to a wrong username or password: the
// caller cannot tell which was wrong.
var errBadLogin = switchboard.Errorf(switchboard.EUNAUTHORIZED, "the username or the password is wrong")

// errNoSession is the answer to a missing, unknown or expired session.
var errNoSession = switchboard.Errorf(switchboard.EUNAUTHORIZED, "your session has ended; please log in again")

// dummyHash is compared against when a username is unknown, so that a
// wrong username takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte(randomHex(16)), bcrypt.DefaultCost)
	return h
})

// PortalLogin is a new session and the secret its cookie carries.
type PortalLogin struct {
	Session *switchboard.PortalSession
	Secret  string
}

// PortalLogIn checks a username and password and opens a session. The
// username is an operator's or administrator's account, else a
// workplace's username with its portal password (seed 001). Too many
// failures for the username or from the address are refused with
// ERATELIMIT; a user outside the customer's IP allow-list with EFORBIDDEN.
// An account with two-factor log-in also needs the authenticator's code:
// without one the answer is EINVALID on the field "code", a wrong one
// counts as a failed log-in.
func (s *Service) PortalLogIn(ctx context.Context, username, password, code, remote string) (*PortalLogin, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" || len(username) > 200 {
		return nil, switchboard.FieldErrorf("username", "give your username")
	}
	addr := addrKey(remote)
	if !s.logins.allowed(username, addr, s.now()) {
		return nil, switchboard.Errorf(switchboard.ERATELIMIT, "too many failed log-ins; try again in 15 minutes")
	}
	sess, hash, otpSecret, err := s.loginSubject(ctx, username)
	if err != nil {
		return nil, err
	}
	if hash == "" || len(password) > 72 {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		s.logins.failed(username, addr, s.now())
		return nil, errBadLogin
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		s.logins.failed(username, addr, s.now())
		return nil, errBadLogin
	}
	if otpSecret != "" && code == "" {
		return nil, errCodeNeeded
	}
	if otpSecret != "" && !validTOTP(code, otpSecret, s.now()) {
		s.logins.failed(username, addr, s.now())
		return nil, errBadLogin
	}
	if err := s.CheckUserAddress(ctx, sess.Principal(), remote); err != nil {
		return nil, err
	}
	secret := "sbs_" + randomFrom(strongAlnum, 40)
	err = s.update(ctx, sess.Principal(), func(tx switchboard.Tx, now time.Time) (audit, error) {
		sess.ID = switchboard.NewID("pse", now)
		sess.CreatedAt, sess.SeenAt = now, now
		if err := tx.CreatePortalSession(sess, secret); err != nil {
			return audit{}, err
		}
		return audit{customer: sess.CustomerID, action: "portal.login", object: sess.ID, detail: username + " from " + addr}, nil
	})
	if err != nil {
		return nil, err
	}
	return &PortalLogin{Session: sess, Secret: secret}, nil
}

// loginSubject finds whom username names: a portal account, else an
// active workplace. It returns the session to open, the password hash to
// check (empty when nobody has the username or no password is set) and
// the account's TOTP secret (empty without two-factor log-in).
func (s *Service) loginSubject(ctx context.Context, username string) (sess *switchboard.PortalSession, hash, otpSecret string, err error) {
	sess = &switchboard.PortalSession{}
	err = s.view(ctx, func(tx switchboard.Tx) error {
		a, err := tx.PortalAccountByUsername(username)
		if err == nil {
			sess.AccountID, sess.Role, sess.CustomerID, sess.Language = a.ID, a.Role, a.CustomerID, a.Language
			hash, otpSecret = a.PasswordHash, a.TOTPSecret
			return nil
		}
		if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return err
		}
		w, err := tx.WorkplaceByUsername(username)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		if w.State == switchboard.WorkplaceActive {
			sess.Role, sess.CustomerID, sess.WorkplaceID, sess.Language = switchboard.RoleUser, w.CustomerID, w.ID, w.Language
			hash = w.PortalPasswordHash
		}
		return nil
	})
	if err != nil {
		return nil, "", "", fmt.Errorf("find portal log-in: %w", err)
	}
	return sess, hash, otpSecret, nil
}

// PortalSession returns the live session with the secret, and records the
// request for the idle expiry. A missing or expired session, or one of a
// deleted workplace, is EUNAUTHORIZED.
func (s *Service) PortalSession(ctx context.Context, secret string) (*switchboard.PortalSession, error) {
	if secret == "" || len(secret) > 200 {
		return nil, errNoSession
	}
	var sess *switchboard.PortalSession
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		var err error
		if sess, err = tx.PortalSessionBySecret(secret); err != nil {
			return err
		}
		now := s.clock()
		if now.Sub(sess.SeenAt) >= SessionIdle || now.Sub(sess.CreatedAt) >= SessionMax {
			if err := tx.DeletePortalSession(sess.ID); err != nil {
				return err
			}
			sess = nil
			return nil
		}
		if sess.Role == switchboard.RoleUser {
			if w, err := tx.Workplace(sess.WorkplaceID); err != nil || w.State == switchboard.WorkplaceDeleted {
				sess = nil
				return nil
			}
		}
		if now.Sub(sess.SeenAt) < sessionTouch {
			return nil
		}
		sess.SeenAt = now
		return tx.UpdatePortalSession(sess)
	})
	switch {
	case switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		return nil, errNoSession
	case err != nil:
		return nil, fmt.Errorf("portal session: %w", err)
	case sess == nil:
		return nil, errNoSession
	}
	return sess, nil
}

// PortalLogOut ends the session with the secret; an unknown one is
// already ended.
func (s *Service) PortalLogOut(ctx context.Context, secret string) error {
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		sess, err := tx.PortalSessionBySecret(secret)
		if err != nil {
			return err
		}
		return tx.DeletePortalSession(sess.ID)
	})
	if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		return fmt.Errorf("portal log-out: %w", err)
	}
	return nil
}

// SetPortalLanguage keeps the language the person chose: on the session,
// and on their account or workplace for the next log-in.
func (s *Service) SetPortalLanguage(ctx context.Context, sess *switchboard.PortalSession, lang string) error {
	if err := switchboard.ValidateLanguage("language", lang); err != nil {
		return err
	}
	return s.update(ctx, sess.Principal(), func(tx switchboard.Tx, now time.Time) (audit, error) {
		sess.Language = lang
		if err := tx.UpdatePortalSession(sess); err != nil {
			return audit{}, err
		}
		switch {
		case sess.AccountID != "":
			a, err := tx.PortalAccount(sess.AccountID)
			if err != nil {
				return audit{}, err
			}
			a.Language, a.UpdatedAt = lang, now
			if err := tx.UpdatePortalAccount(a); err != nil {
				return audit{}, err
			}
		case sess.WorkplaceID != "":
			w, err := tx.Workplace(sess.WorkplaceID)
			if err != nil {
				return audit{}, err
			}
			w.Language, w.UpdatedAt = lang, now
			if err := tx.UpdateWorkplace(w); err != nil {
				return audit{}, err
			}
		}
		return audit{customer: sess.CustomerID, action: "portal.language", object: sess.ID, detail: lang}, nil
	})
}
