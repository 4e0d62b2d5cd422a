package app

import (
	"context"
	"crypto/subtle"
	"time"

	"golang.org/x/crypto/bcrypt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MinPortalPassword is the shortest portal password a person may choose,
// for the forms that state the rule next to the field.
const MinPortalPassword = minPortalPassword

// ChangePortalPassword gives the person logged in with sess a new portal
// password of their choice after checking the current one: an account's
// password, or a workplace user's portal password (seed 000's user side).
// A wrong current password is EINVALID on the field "current" and counts
// as a failed log-in of the session's username from remote, so the page
// cannot be used to guess it (ERATELIMIT once too many failed); a new
// password against the rule is EINVALID on "password". The change is
// audited without the password.
func (s *Service) ChangePortalPassword(ctx context.Context, sess *switchboard.PortalSession, current, password, remote string) error {
	if err := checkPortalPasswordRule(password); err != nil {
		return err
	}
	hash, err := hashPortalPassword(password)
	if err != nil {
		return err
	}
	addr := addrKey(remote)
	// The current password is checked (bcrypt, tens of milliseconds)
	// before the write transaction, which on SQLite holds every writer;
	// the transaction then saves only if the hash it checked is still
	// the stored one.
	var username, checked string
	err = s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		username, checked, _, err = passwordHolder(tx, sess, time.Time{})
		return err
	})
	if err != nil {
		return err
	}
	if !s.logins.allowed(username, addr, s.now()) {
		return switchboard.Errorf(switchboard.ERATELIMIT, "too many failed log-ins; try again in 15 minutes")
	}
	if checked == "" || len(current) > 72 || bcrypt.CompareHashAndPassword([]byte(checked), []byte(current)) != nil {
		s.logins.failed(username, addr, s.now())
		return switchboard.FieldErrorf("current", "the current password is wrong")
	}
	return s.update(ctx, sess.Principal(), func(tx switchboard.Tx, now time.Time) (audit, error) {
		_, stored, save, err := passwordHolder(tx, sess, now)
		if err != nil {
			return audit{}, err
		}
		if subtle.ConstantTimeCompare([]byte(stored), []byte(checked)) != 1 {
			return audit{}, switchboard.FieldErrorf("current", "the password was changed meanwhile; enter the current one again")
		}
		if err := save(hash); err != nil {
			return audit{}, err
		}
		return audit{customer: sess.CustomerID, action: "portal.password", object: sess.ID, detail: username}, nil
	})
}

// passwordHolder reads the account or workplace of a session: its
// username, its password hash and how to store a new hash.
func passwordHolder(tx switchboard.Tx, sess *switchboard.PortalSession, now time.Time) (string, string, func(string) error, error) {
	if sess.AccountID != "" {
		a, err := tx.PortalAccount(sess.AccountID)
		if err != nil {
			return "", "", nil, err
		}
		return a.Username, a.PasswordHash, func(h string) error {
			a.PasswordHash, a.UpdatedAt = h, now
			return tx.UpdatePortalAccount(a)
		}, nil
	}
	w, err := tx.Workplace(sess.WorkplaceID)
	if err != nil {
		return "", "", nil, err
	}
	return w.Username, w.PortalPasswordHash, func(h string) error {
		w.PortalPasswordHash, w.UpdatedAt = h, now
		return tx.UpdateWorkplace(w)
	}, nil
}

// SetUserPassword gives an active workplace's user a new random portal
// password and returns it, once: the operator's way to hand a log-in to
// somebody directly (the demo prints one). ENOTFOUND for an unknown
// workplace, ECONFLICT for one not active yet (its order would replace the
// password), EFORBIDDEN for anybody but the operator. Audited without the
// password.
func (s *Service) SetUserPassword(ctx context.Context, p switchboard.Principal, workplaceID string) (string, error) {
	if err := mayOperate(p); err != nil {
		return "", err
	}
	password, hash, err := newPortalPassword()
	if err != nil {
		return "", err
	}
	err = s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		w, err := tx.Workplace(workplaceID)
		if err != nil {
			return audit{}, err
		}
		if w.State != switchboard.WorkplaceActive {
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "workplace %q is %s; its order sets the first password", w.ID, w.State)
		}
		w.PortalPasswordHash, w.UpdatedAt = hash, now
		if err := tx.UpdateWorkplace(w); err != nil {
			return audit{}, err
		}
		return audit{customer: w.CustomerID, action: "workplace.password_set", object: w.ID, detail: w.Username}, nil
	})
	if err != nil {
		return "", err
	}
	return password, nil
}
