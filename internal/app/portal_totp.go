package app

import (
	"context"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// errCodeNeeded asks for the authenticator code of an account with
// two-factor log-in, after its password was right.
var errCodeNeeded = switchboard.FieldErrorf("code", "enter the 6-digit code from your authenticator app")

// TOTPSetup is a new authenticator secret to be confirmed with a code:
// Secret to type into the app, URL (otpauth://) for apps that read it.
type TOTPSetup struct {
	Secret string
	URL    string
}

// NewTOTP makes a new authenticator secret for the session's account
// (operators and administrators); nothing is stored until EnableTOTP
// confirms it.
func (s *Service) NewTOTP(ctx context.Context, sess *switchboard.PortalSession) (*TOTPSetup, error) {
	a, err := s.sessionAccount(ctx, sess)
	if err != nil {
		return nil, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Switchboard", AccountName: a.Username})
	if err != nil {
		return nil, err
	}
	return &TOTPSetup{Secret: key.Secret(), URL: key.URL()}, nil
}

// EnableTOTP turns two-factor log-in on for the session's account once
// code shows the app has the secret; from then on every log-in asks for a
// code.
func (s *Service) EnableTOTP(ctx context.Context, sess *switchboard.PortalSession, secret, code string) error {
	if !validTOTP(code, secret, s.now()) {
		return switchboard.FieldErrorf("code", "the code does not match; check the app's clock and enter the current code")
	}
	return s.update(ctx, sess.Principal(), func(tx switchboard.Tx, now time.Time) (audit, error) {
		a, err := accountOf(tx, sess)
		if err != nil {
			return audit{}, err
		}
		a.TOTPSecret, a.UpdatedAt = secret, now
		if err := tx.UpdatePortalAccount(a); err != nil {
			return audit{}, err
		}
		return audit{customer: a.CustomerID, action: "portal_account.totp_on", object: a.ID}, nil
	})
}

// sessionAccount reads the portal account of the session; a workplace
// user has none (EFORBIDDEN).
func (s *Service) sessionAccount(ctx context.Context, sess *switchboard.PortalSession) (*switchboard.PortalAccount, error) {
	var a *switchboard.PortalAccount
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		a, err = accountOf(tx, sess)
		return err
	})
	return a, err
}

func accountOf(tx switchboard.Tx, sess *switchboard.PortalSession) (*switchboard.PortalAccount, error) {
	if sess.AccountID == "" {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "two-factor log-in is for operators and administrators")
	}
	return tx.PortalAccount(sess.AccountID)
}

// validTOTP checks a 6-digit code against secret at now, allowing one
// 30-second step either way for clocks that drift.
func validTOTP(code, secret string, now time.Time) bool {
	ok, err := totp.ValidateCustom(code, secret, now, totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return err == nil && ok
}
