package app

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

// InviteValid is how long an invitation link works.
const InviteValid = 72 * time.Hour

// InviteAdmin invites a customer's administrators to the portal: the
// customer's administrator account (username: its admin_email) is created
// when missing, gets a new one-time link, and the link goes by mail to
// admin_email in lang. A link sent before stops working. The operator and
// the customer's administrators may invite; lang empty writes German.
func (s *Service) InviteAdmin(ctx context.Context, p switchboard.Principal, customerID, lang string) (*switchboard.PortalAccount, error) {
	if s.notify.env.PortalURL == "" {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "the portal's address is unknown, so no link can be sent; start serve with --public-url")
	}
	secret := "sbi_" + randomFrom(strongAlnum, 40)
	var a *switchboard.PortalAccount
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		c, err := s.customerFor(tx, p, customerID)
		if err != nil {
			return audit{}, err
		}
		username := strings.ToLower(c.AdminEmail)
		a, err = tx.PortalAccountByUsername(username)
		switch {
		case switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
			a = &switchboard.PortalAccount{ID: switchboard.NewID("pac", now), Username: username, Role: switchboard.RoleAdmin,
				CustomerID: c.ID, CreatedAt: now}
			err = tx.CreatePortalAccount(a)
		case err == nil && (a.Role != switchboard.RoleAdmin || a.CustomerID != c.ID):
			err = switchboard.FieldErrorf("admin_email", "%s already has a portal account of another kind; give the customer another admin e-mail", username)
		}
		if err != nil {
			return audit{}, err
		}
		a.InviteExpires, a.UpdatedAt = now.Add(InviteValid), now
		if err := tx.UpdatePortalAccount(a); err != nil {
			return audit{}, err
		}
		if err := tx.SetPortalInvite(a.ID, secret); err != nil {
			return audit{}, err
		}
		m, err := messages.PortalInvitation(s.notify.env, c, s.notify.env.PortalURL+"?invite="+url.QueryEscape(secret), lang, now)
		if err != nil {
			return audit{}, err
		}
		if err := queue(tx, m); err != nil {
			return audit{}, err
		}
		return audit{customer: c.ID, action: "portal_account.invite", object: a.ID, detail: "link sent to " + c.AdminEmail}, nil
	})
	if err != nil {
		return nil, err
	}
	s.outboxWritten(ctx)
	return a, nil
}

// errBadInvite is the one answer to an unknown, used or lapsed link.
var errBadInvite = switchboard.Errorf(switchboard.ENOTFOUND, "this link is not valid (any more); ask for a new invitation")

// PortalInvite returns the account an open invitation link is for.
func (s *Service) PortalInvite(ctx context.Context, secret string) (*switchboard.PortalAccount, error) {
	var a *switchboard.PortalAccount
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		a, err = s.openInvite(tx, secret)
		return err
	})
	return a, err
}

// openInvite finds the account of a link that has not lapsed.
func (s *Service) openInvite(tx switchboard.Tx, secret string) (*switchboard.PortalAccount, error) {
	if secret == "" || len(secret) > 200 {
		return nil, errBadInvite
	}
	a, err := tx.PortalAccountByInvite(secret)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND || (err == nil && !s.now().Before(a.InviteExpires)) {
		return nil, errBadInvite
	}
	if err != nil {
		return nil, fmt.Errorf("find invitation: %w", err)
	}
	return a, nil
}

// AcceptPortalInvite sets the password of the account the link is for,
// uses the link up and logs the person in.
func (s *Service) AcceptPortalInvite(ctx context.Context, secret, password string) (*PortalLogin, error) {
	if err := checkPortalPasswordRule(password); err != nil {
		return nil, err
	}
	hash, err := hashPortalPassword(password)
	if err != nil {
		return nil, err
	}
	session := "sbs_" + randomFrom(strongAlnum, 40)
	var sess *switchboard.PortalSession
	err = s.store.Update(ctx, func(tx switchboard.Tx) error {
		a, err := s.openInvite(tx, secret)
		if err != nil {
			return err
		}
		now := s.clock()
		a.PasswordHash, a.InviteExpires, a.UpdatedAt = hash, time.Time{}, now
		if err := tx.UpdatePortalAccount(a); err != nil {
			return err
		}
		if err := tx.SetPortalInvite(a.ID, ""); err != nil {
			return err
		}
		sess = &switchboard.PortalSession{ID: switchboard.NewID("pse", now), AccountID: a.ID, Role: a.Role,
			CustomerID: a.CustomerID, Language: a.Language, CreatedAt: now, SeenAt: now}
		if err := tx.CreatePortalSession(sess, session); err != nil {
			return err
		}
		return tx.AddEvent(&switchboard.Event{ID: switchboard.NewID("evt", now), CustomerID: a.CustomerID,
			Kind: switchboard.EventAudit, Actor: sess.ID, ActorRole: a.Role, Action: "portal_account.password_set",
			Object: a.ID, Detail: "password chosen through the invitation link", At: now})
	})
	if err != nil {
		return nil, err
	}
	return &PortalLogin{Session: sess, Secret: session}, nil
}
