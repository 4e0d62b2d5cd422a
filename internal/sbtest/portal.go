package sbtest

import (
	"context"
	"testing"

	"golang.org/x/crypto/bcrypt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// ActivateWorkplace makes a workplace active with the portal password, as
// the order worker leaves it, without running the order (whose password
// only goes into a sealed mail). The hash is bcrypt's cheapest, for speed.
func ActivateWorkplace(tb testing.TB, s switchboard.Store, id, password string) {
	tb.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		tb.Fatal(err)
	}
	err = s.Update(context.Background(), func(tx switchboard.Tx) error {
		w, err := tx.Workplace(id)
		if err != nil {
			return err
		}
		w.State, w.PortalPasswordHash = switchboard.WorkplaceActive, string(h)
		return tx.UpdateWorkplace(w)
	})
	if err != nil {
		tb.Fatalf("activate workplace %s: %v", id, err)
	}
}
