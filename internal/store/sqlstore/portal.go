package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

const portalAccountCols = `id, username, role, customer_id, password_hash, language, totp_secret, invite_expires, created_at, updated_at`

func (t *tx) scanPortalAccount(s Row) (*switchboard.PortalAccount, error) {
	v := &switchboard.PortalAccount{}
	err := s.Scan(&v.ID, &v.Username, &v.Role, strCol{&v.CustomerID}, &v.PasswordHash, &v.Language, t.secret(&v.TOTPSecret),
		timeCol{&v.InviteExpires}, timeCol{&v.CreatedAt}, timeCol{&v.UpdatedAt})
	return v, err
}

// usernameTaken is what a second account with one username is refused
// with, under SQLite's and PostgreSQL's names for the constraint.
var usernameTaken = unique{
	"portal_accounts_username": "a portal account with this username already exists",
	"portal_accounts.username": "a portal account with this username already exists",
}

// CreatePortalAccount stores a.
func (t *tx) CreatePortalAccount(a *switchboard.PortalAccount) error {
	sealed, err := t.seal(a.TOTPSecret)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO portal_accounts (`+portalAccountCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Username, string(a.Role), nullable(a.CustomerID), a.PasswordHash, a.Language, sealed[0],
		t.time(a.InviteExpires), t.time(a.CreatedAt), t.time(a.UpdatedAt))
	if err != nil {
		return t.refused(err, "portal account", "portal_accounts", a.ID, usernameTaken, customerRef(a.CustomerID))
	}
	return nil
}

// PortalAccount returns the account with id.
func (t *tx) PortalAccount(id string) (*switchboard.PortalAccount, error) {
	return one(t, `SELECT `+portalAccountCols+` FROM portal_accounts WHERE id = ?`, []any{id},
		t.scanPortalAccount, "portal account", id)
}

// PortalAccountByUsername returns the account with the username.
func (t *tx) PortalAccountByUsername(username string) (*switchboard.PortalAccount, error) {
	return one(t, `SELECT `+portalAccountCols+` FROM portal_accounts WHERE username = ?`, []any{username},
		t.scanPortalAccount, "portal account", username)
}

// UpdatePortalAccount writes a's password hash, language, TOTP secret
// and invitation expiry.
func (t *tx) UpdatePortalAccount(a *switchboard.PortalAccount) error {
	sealed, err := t.seal(a.TOTPSecret)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE portal_accounts SET password_hash = ?, language = ?, totp_secret = ?, invite_expires = ?, updated_at = ? WHERE id = ?`,
		a.PasswordHash, a.Language, sealed[0], t.time(a.InviteExpires), t.time(a.UpdatedAt), a.ID)
	if err != nil {
		return fmt.Errorf("update portal account %s: %w", a.ID, err)
	}
	return affected(n, "portal account", a.ID)
}

// SetPortalInvite stores the keyed hash of a one-time link's secret.
func (t *tx) SetPortalInvite(accountID, secret string) error {
	n, err := t.exec(`UPDATE portal_accounts SET invite_index = ? WHERE id = ?`, t.index(secret), accountID)
	if err != nil {
		return fmt.Errorf("set invitation of portal account %s: %w", accountID, err)
	}
	return affected(n, "portal account", accountID)
}

// PortalAccountByInvite finds the account whose one-time link has secret.
func (t *tx) PortalAccountByInvite(secret string) (*switchboard.PortalAccount, error) {
	a, err := one(t, `SELECT `+portalAccountCols+` FROM portal_accounts WHERE invite_index = ?`,
		[]any{t.db.kr.Index(secret)}, t.scanPortalAccount, "portal account", "")
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no open link has this secret")
	}
	return a, err
}

const portalSessionCols = `id, account_id, role, customer_id, workplace_id, language, created_at, seen_at`

func scanPortalSession(s Row) (*switchboard.PortalSession, error) {
	v := &switchboard.PortalSession{}
	err := s.Scan(&v.ID, strCol{&v.AccountID}, &v.Role, strCol{&v.CustomerID}, &v.WorkplaceID, &v.Language,
		timeCol{&v.CreatedAt}, timeCol{&v.SeenAt})
	return v, err
}

// CreatePortalSession stores s under the keyed hash of secret.
func (t *tx) CreatePortalSession(s *switchboard.PortalSession, secret string) error {
	if secret == "" {
		return switchboard.Errorf(switchboard.EINVALID, "a portal session needs a secret")
	}
	_, err := t.exec(`INSERT INTO portal_sessions (id, secret_index, account_id, role, customer_id, workplace_id, language, created_at, seen_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, t.db.kr.Index(secret), nullable(s.AccountID), string(s.Role), nullable(s.CustomerID), s.WorkplaceID,
		s.Language, t.time(s.CreatedAt), t.time(s.SeenAt))
	if err != nil {
		return t.refused(err, "portal session", "portal_sessions", s.ID, unique{
			"portal_sessions_secret":       "a portal session with this secret already exists",
			"portal_sessions.secret_index": "a portal session with this secret already exists",
		}, customerRef(s.CustomerID))
	}
	return nil
}

// PortalSessionBySecret finds a session by its secret.
func (t *tx) PortalSessionBySecret(secret string) (*switchboard.PortalSession, error) {
	s, err := one(t, `SELECT `+portalSessionCols+` FROM portal_sessions WHERE secret_index = ?`,
		[]any{t.db.kr.Index(secret)}, scanPortalSession, "portal session", "")
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no portal session has this secret")
	}
	return s, err
}

// UpdatePortalSession writes s's language and last request.
func (t *tx) UpdatePortalSession(s *switchboard.PortalSession) error {
	n, err := t.exec(`UPDATE portal_sessions SET language = ?, seen_at = ? WHERE id = ?`,
		s.Language, t.time(s.SeenAt), s.ID)
	if err != nil {
		return fmt.Errorf("update portal session %s: %w", s.ID, err)
	}
	return affected(n, "portal session", s.ID)
}

// DeletePortalSession ends the session with id.
func (t *tx) DeletePortalSession(id string) error {
	return t.deleteRecord("portal session", "portal_sessions", id, "portal session %q is still in use")
}
