package switchboard

import "time"

// PortalAccount is a person's log-in to the portal for the roles that have
// no workplace of their own: operators (created with the CLI) and company
// administrators (invited by mail). Workplace users log in with their
// workplace's username and portal password instead.
type PortalAccount struct {
	ID string
	// Username is unique among accounts, in lower case; an administrator's
	// is the customer's admin e-mail address.
	Username   string
	Role       Role
	CustomerID string
	// PasswordHash is the bcrypt hash of the password; empty until an
	// invited administrator has set one.
	PasswordHash string
	// Language is the portal language the person chose ("de", "en",
	// "fr"); empty follows the browser.
	Language string
	// TOTPSecret is the base32 secret of the authenticator app that must
	// confirm each log-in (RFC 6238); empty while two-factor log-in is off.
	// Sealed at rest.
	TOTPSecret string
	// InviteExpires is when the open invitation or password-reset link
	// lapses; zero when none is open.
	InviteExpires time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// MessagePortalInvitation is the mail inviting a customer's administrator
// to the portal with a one-time link to set their password.
const MessagePortalInvitation = "portal_invitation"

// PortalSession is a logged-in browser. Only a keyed hash of its secret
// (the cookie's value) is stored, so a copy of the database opens no
// session; every node finds it, so any node may serve the next page.
type PortalSession struct {
	ID string
	// AccountID is the portal account logged in; empty for a workplace
	// user, whose workplace is WorkplaceID.
	AccountID   string
	Role        Role
	CustomerID  string
	WorkplaceID string
	// Language is the session's portal language; empty follows the browser.
	Language  string
	CreatedAt time.Time
	// SeenAt is the last request, for the idle expiry.
	SeenAt time.Time
}

// Principal is whom the session acts for in the use cases.
func (s *PortalSession) Principal() Principal {
	return Principal{TokenID: s.ID, Role: s.Role, CustomerID: s.CustomerID, WorkplaceID: s.WorkplaceID}
}

// PortalTx holds the portal's accounts and sessions.
type PortalTx interface {
	// CreatePortalAccount stores a; ECONFLICT when its username is taken,
	// ENOTFOUND when its customer does not exist.
	CreatePortalAccount(a *PortalAccount) error
	// PortalAccount returns the account with id; ENOTFOUND when none.
	PortalAccount(id string) (*PortalAccount, error)
	// PortalAccountByUsername returns the account with the username;
	// ENOTFOUND when none.
	PortalAccountByUsername(username string) (*PortalAccount, error)
	// UpdatePortalAccount writes a's password hash, language, TOTP secret
	// and invitation expiry; ENOTFOUND when it does not exist.
	UpdatePortalAccount(a *PortalAccount) error
	// SetPortalInvite stores the keyed hash of a one-time link's secret on
	// the account (an empty secret removes it); ENOTFOUND when it does not
	// exist.
	SetPortalInvite(accountID, secret string) error
	// PortalAccountByInvite finds the account whose one-time link has the
	// secret; ENOTFOUND when none. Expiry is the caller's to check.
	PortalAccountByInvite(secret string) (*PortalAccount, error)
	// CreatePortalSession stores s under the keyed hash of secret;
	// ECONFLICT when that secret is already in use.
	CreatePortalSession(s *PortalSession, secret string) error
	// PortalSessionBySecret finds a session by its secret; ENOTFOUND when
	// none. Expiry is the caller's to check.
	PortalSessionBySecret(secret string) (*PortalSession, error)
	// UpdatePortalSession writes s's language and last request; ENOTFOUND
	// when it does not exist.
	UpdatePortalSession(s *PortalSession) error
	// DeletePortalSession ends the session; ENOTFOUND when it does not
	// exist.
	DeletePortalSession(id string) error
}
