package storetest

import (
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

func testOrders(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	o := &switchboard.Order{ID: "ord_1", CustomerID: w.c1.ID, WorkplaceID: w.w1.ID, Kind: "create_workplace",
		Items: []string{"workplace", "package:basic"}, State: switchboard.OrderOpen, CreatedAt: utc(at), UpdatedAt: utc(at)}
	bare := &switchboard.Order{ID: "ord_2", CustomerID: w.c2.ID, Kind: "cancel", State: switchboard.OrderOpen, CreatedAt: utc(at)}
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.CreateOrder(o); err != nil {
			return err
		}
		return tx.CreateOrder(bare)
	})
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.CreateOrder(&switchboard.Order{ID: "ord_3", CustomerID: "cus_missing", State: switchboard.OrderOpen})
	}), switchboard.ENOTFOUND, "cus_missing")
	o.State, o.Error, o.UpdatedAt = switchboard.OrderFailed, "redirect service unavailable", utc(later)
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateOrder(o) })
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.UpdateOrder(&switchboard.Order{ID: "ord_missing"})
	}), switchboard.ENOTFOUND, "ord_missing")
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Order(o.ID)
		if err == nil {
			same(t, "order", got, o)
		}
		got, err = tx.Order(bare.ID)
		if err == nil && (got.Items == nil || len(got.Items) != 0) {
			t.Errorf("nil items read back as %#v, want empty", got.Items)
		}
		_, err = tx.Order("ord_missing")
		wantError(t, err, switchboard.ENOTFOUND, "ord_missing")
		os, _, err := tx.Orders(w.c1.ID, switchboard.Page{})
		if err != nil {
			return err
		}
		if len(os) != 1 || os[0].ID != o.ID {
			t.Errorf("orders of customer 1: %d, want only %s", len(os), o.ID)
		}
		return nil
	})
}

func testEvents(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	e1 := &switchboard.Event{ID: "evt_1", CustomerID: w.c1.ID, Kind: switchboard.EventAudit, Actor: "tok_1",
		ActorRole: switchboard.RoleAdmin, Action: "workplace.create", Object: w.w1.ID, Detail: "anna.schmidt",
		IP: "192.0.2.1", At: utc(at)}
	e2 := &switchboard.Event{ID: "evt_2", Kind: switchboard.EventSecurity, Action: "provision.bad_key", IP: "198.51.100.9", At: utc(later)}
	e3 := &switchboard.Event{ID: "evt_3", CustomerID: w.c1.ID, Kind: switchboard.EventSecurity, Action: "login.reused", At: utc(later)}
	update(t, s, func(tx switchboard.Tx) error {
		return each(tx.AddEvent, e1, e2, e3)
	})
	view(t, s, func(tx switchboard.Tx) error {
		for _, c := range []struct {
			f    switchboard.EventFilter
			want []*switchboard.Event
		}{
			{switchboard.EventFilter{}, []*switchboard.Event{e1, e2, e3}},
			{switchboard.EventFilter{CustomerID: w.c1.ID}, []*switchboard.Event{e1, e3}},
			{switchboard.EventFilter{Kind: switchboard.EventSecurity}, []*switchboard.Event{e2, e3}},
			{switchboard.EventFilter{CustomerID: w.c1.ID, Kind: switchboard.EventAudit}, []*switchboard.Event{e1}},
		} {
			got, _, err := tx.Events(c.f, switchboard.Page{})
			if err != nil {
				return err
			}
			same(t, "events", got, c.want)
		}
		return nil
	})
}

func testTokens(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	op := &switchboard.Token{ID: "tok_1", Role: switchboard.RoleOperator, Name: "ops", CreatedAt: utc(at)}
	user := &switchboard.Token{ID: "tok_2", Role: switchboard.RoleUser, CustomerID: w.c1.ID, WorkplaceID: w.w1.ID,
		CreatedAt: utc(at), ExpiresAt: utc(later)}
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.CreateToken(op, "sb_operator_secret"); err != nil {
			return err
		}
		return tx.CreateToken(user, "sb_user_secret")
	})
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.CreateToken(&switchboard.Token{ID: "tok_3", Role: switchboard.RoleOperator, CreatedAt: utc(at)}, "sb_user_secret")
	}), switchboard.ECONFLICT)
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.TokenBySecret("sb_operator_secret")
		if err == nil {
			same(t, "operator token", got, op)
		}
		got, err = tx.TokenBySecret("sb_user_secret")
		if err == nil {
			same(t, "user token", got, user)
		}
		_, err = tx.TokenBySecret("sb_user_secreT")
		wantError(t, err, switchboard.ENOTFOUND)
		ts, _, err := tx.Tokens(w.c1.ID, switchboard.Page{})
		if err == nil && (len(ts) != 1 || ts[0].ID != user.ID) {
			t.Errorf("tokens of customer 1: %d, want only %s", len(ts), user.ID)
		}
		return err
	})
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteToken(user.ID) })
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteToken(user.ID) }), switchboard.ENOTFOUND, user.ID)
	view(t, s, func(tx switchboard.Tx) error {
		_, err := tx.TokenBySecret("sb_user_secret")
		wantError(t, err, switchboard.ENOTFOUND)
		return nil
	})
}
