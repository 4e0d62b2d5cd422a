package storetest

import (
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// testDuplicateIDs creates each kind of record again with an id in use:
// the store refuses with ECONFLICT saying which record exists, whatever
// its database calls the violated key.
func testDuplicateIDs(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	d := newDevice("dev_1", w.w1, "001565aabbcc", "c1-201", key1)
	tok := &switchboard.Token{ID: "tok_1", Role: switchboard.RoleOperator, CreatedAt: utc(at)}
	o := &switchboard.Order{ID: "ord_1", CustomerID: w.c1.ID, Kind: "cancel", State: switchboard.OrderOpen, CreatedAt: utc(at)}
	e := &switchboard.Event{ID: "evt_1", Kind: switchboard.EventAudit, Action: "x", At: utc(at)}
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.CreateDevice(d); err != nil {
			return err
		}
		if err := tx.CreateToken(tok, "sb_secret_1"); err != nil {
			return err
		}
		if err := tx.CreateOrder(o); err != nil {
			return err
		}
		return tx.AddEvent(e)
	})
	for _, c := range []struct {
		id    string
		again func(tx switchboard.Tx) error
	}{
		{w.s1.ID, func(tx switchboard.Tx) error { return tx.CreateSite(newSite(w.s1.ID, w.c1)) }},
		{w.w1.ID, func(tx switchboard.Tx) error {
			return tx.CreateWorkplace(newWorkplace(w.w1.ID, w.s1, "other.user", "299"))
		}},
		{d.ID, func(tx switchboard.Tx) error { return tx.CreateDevice(newDevice(d.ID, w.w1, "", "", key2)) }},
		{tok.ID, func(tx switchboard.Tx) error { return tx.CreateToken(tok, "sb_secret_2") }},
		{o.ID, func(tx switchboard.Tx) error { return tx.CreateOrder(o) }},
		{e.ID, func(tx switchboard.Tx) error { return tx.AddEvent(e) }},
	} {
		wantError(t, try(s, c.again), switchboard.ECONFLICT, c.id, "already exists")
	}
}
