package storetest

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testPortal checks the portal's accounts and sessions: usernames are
// unique, a one-time link and a session are found by their secret only,
// updates (a TOTP secret among them, sealed) round-trip, and a deleted
// session is gone.
func testPortal(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	op := &switchboard.PortalAccount{ID: "pac_1", Username: "ops", Role: switchboard.RoleOperator,
		PasswordHash: "$2a$hash", CreatedAt: utc(at), UpdatedAt: utc(at)}
	admin := &switchboard.PortalAccount{ID: "pac_2", Username: "it@example.com", Role: switchboard.RoleAdmin,
		CustomerID: w.c1.ID, Language: "fr", InviteExpires: utc(later), CreatedAt: utc(at), UpdatedAt: utc(at)}
	user := &switchboard.PortalSession{ID: "pse_1", Role: switchboard.RoleUser, CustomerID: w.c1.ID,
		WorkplaceID: w.w1.ID, CreatedAt: utc(at), SeenAt: utc(at)}
	update(t, s, func(tx switchboard.Tx) error {
		if err := each(tx.CreatePortalAccount, op, admin); err != nil {
			return err
		}
		if err := tx.SetPortalInvite(admin.ID, "invite-secret"); err != nil {
			return err
		}
		return tx.CreatePortalSession(user, "session-secret")
	})
	for _, bad := range []struct {
		name string
		fn   func(tx switchboard.Tx) error
		code string
	}{
		{"same username", func(tx switchboard.Tx) error {
			return tx.CreatePortalAccount(&switchboard.PortalAccount{ID: "pac_3", Username: "ops", Role: switchboard.RoleOperator})
		}, switchboard.ECONFLICT},
		{"unknown customer", func(tx switchboard.Tx) error {
			return tx.CreatePortalAccount(&switchboard.PortalAccount{ID: "pac_4", Username: "x", Role: switchboard.RoleAdmin, CustomerID: "cus_none"})
		}, switchboard.ENOTFOUND},
		{"same session secret", func(tx switchboard.Tx) error {
			return tx.CreatePortalSession(&switchboard.PortalSession{ID: "pse_2", Role: switchboard.RoleOperator}, "session-secret")
		}, switchboard.ECONFLICT},
		{"update missing account", func(tx switchboard.Tx) error {
			return tx.UpdatePortalAccount(&switchboard.PortalAccount{ID: "pac_none"})
		}, switchboard.ENOTFOUND},
	} {
		t.Run(bad.name, func(t *testing.T) { wantError(t, try(s, bad.fn), bad.code) })
	}
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.PortalAccountByUsername("ops")
		if err == nil {
			same(t, "operator account", got, op)
		}
		if got, err = tx.PortalAccountByInvite("invite-secret"); err == nil {
			same(t, "invited account", got, admin)
		}
		_, err = tx.PortalAccountByInvite("invite-secreT")
		wantError(t, err, switchboard.ENOTFOUND)
		sess, err := tx.PortalSessionBySecret("session-secret")
		if err == nil {
			same(t, "user session", sess, user)
		}
		_, err = tx.PortalSessionBySecret("session-secreT")
		wantError(t, err, switchboard.ENOTFOUND)
		return nil
	})
	admin.PasswordHash, admin.InviteExpires, admin.UpdatedAt = "$2a$new", time.Time{}, utc(later)
	admin.TOTPSecret = "JBSWY3DPEHPK3PXP"
	user.Language, user.SeenAt = "de", utc(later)
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.UpdatePortalAccount(admin); err != nil {
			return err
		}
		if err := tx.SetPortalInvite(admin.ID, ""); err != nil {
			return err
		}
		return tx.UpdatePortalSession(user)
	})
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.PortalAccount(admin.ID)
		if err == nil {
			same(t, "updated account", got, admin)
		}
		_, err = tx.PortalAccountByInvite("invite-secret")
		wantError(t, err, switchboard.ENOTFOUND)
		sess, err := tx.PortalSessionBySecret("session-secret")
		if err == nil {
			same(t, "updated session", sess, user)
		}
		return err
	})
	update(t, s, func(tx switchboard.Tx) error { return tx.DeletePortalSession(user.ID) })
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeletePortalSession(user.ID) }), switchboard.ENOTFOUND)
}
