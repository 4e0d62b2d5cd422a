package app

import (
	"context"
	"crypto/subtle"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Wrong hot-desk PINs are limited per workplace: after pinMaxFailures
// within pinWindow every attempt is refused with ERATELIMIT until the
// oldest failure leaves the window. Failures are security events, counted
// from the store, so the limit holds across nodes and restarts.
const (
	pinMaxFailures  = 5
	pinWindow       = 15 * time.Minute
	pinFailedAction = "hotdesk.pin_failed"
)

// checkHotDeskPIN checks the PIN a log-in gives: the workplace's own user
// must give it, an administrator may leave it out, and a PIN given is
// always checked. A wrong one is recorded as a security event.
func (s *Service) checkHotDeskPIN(ctx context.Context, p switchboard.Principal, workplaceID, pin string) error {
	var w *switchboard.Workplace
	var failures int
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if w, err = workplaceFor(tx, p, workplaceID); err != nil {
			return err
		}
		failures, err = tx.CountEvents(pinFailedAction, w.ID, s.clock().Add(-pinWindow))
		return err
	})
	switch {
	case err != nil:
		return err
	case pin == "" && p.CanAdminister(w.CustomerID):
		return nil
	case pin == "":
		return switchboard.FieldErrorf("pin", "pin is required: the workplace's hot-desk PIN")
	case failures >= pinMaxFailures:
		return switchboard.Errorf(switchboard.ERATELIMIT,
			"too many wrong PINs for workplace %q; try again in %d minutes", w.ID, int(pinWindow.Minutes()))
	case w.HotDeskPIN != "" && subtle.ConstantTimeCompare([]byte(pin), []byte(w.HotDeskPIN)) == 1:
		return nil
	}
	err = s.store.Update(ctx, func(tx switchboard.Tx) error {
		now := s.clock()
		return tx.AddEvent(&switchboard.Event{
			ID: switchboard.NewID("evt", now), CustomerID: w.CustomerID, Kind: switchboard.EventSecurity,
			Actor: p.TokenID, ActorRole: p.Role, Action: pinFailedAction, Object: w.ID,
			Detail: fmt.Sprintf("wrong hot-desk PIN (%d of %d allowed in %s)", failures+1, pinMaxFailures, pinWindow), At: now,
		})
	})
	if err != nil {
		return fmt.Errorf("record wrong PIN: %w", err)
	}
	return switchboard.Errorf(switchboard.EFORBIDDEN, "wrong PIN for workplace %q", w.ID)
}
