package storetest

import (
	"fmt"
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

func testNumbers(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	n1 := &switchboard.Number{E164: "+49301234501", CustomerID: w.c1.ID, CreatedAt: utc(at)}
	n2 := &switchboard.Number{E164: "+49301234502", CustomerID: w.c1.ID, CreatedAt: utc(at)}
	other := &switchboard.Number{E164: "+43101234501", CustomerID: w.c2.ID, CreatedAt: utc(at)}
	update(t, s, func(tx switchboard.Tx) error {
		return each(tx.CreateNumber, n2, n1, other)
	})
	taken := &switchboard.Number{E164: n1.E164, CustomerID: w.c2.ID, CreatedAt: utc(at)}
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateNumber(taken) }), switchboard.ECONFLICT, n1.E164)

	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.AssignNumber(w.c1.ID, n2.E164, w.w1.ID); err != nil {
			return err
		}
		if err := tx.AssignNumber(w.c1.ID, n1.E164, w.w1.ID); err != nil {
			return err
		}
		return tx.AssignNumber(w.c1.ID, n1.E164, w.w1.ID) // again: no change
	})
	w2 := newWorkplace("wp_2", w.s1, "bernd.meier", "202")
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateWorkplace(w2) })
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.AssignNumber(w.c1.ID, n1.E164, w2.ID) }), switchboard.ECONFLICT, n1.E164)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.AssignNumber(w.c1.ID, other.E164, w2.ID) }), switchboard.ENOTFOUND, other.E164)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.AssignNumber(w.c2.ID, other.E164, w2.ID) }), switchboard.ENOTFOUND, w2.ID)

	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Number(n1.E164)
		if err != nil {
			return err
		}
		want := *n1
		want.WorkplaceID = w.w1.ID
		same(t, "number", got, &want)
		_, err = tx.Number("+49300000000")
		wantError(t, err, switchboard.ENOTFOUND, "+49300000000")
		wp, err := tx.Workplace(w.w1.ID)
		if err != nil {
			return err
		}
		same(t, "workplace numbers", wp.Numbers, []string{n1.E164, n2.E164})
		wp, err = tx.WorkplaceByUsername(w.w1.Username)
		if err != nil {
			return err
		}
		same(t, "numbers of workplace by username", wp.Numbers, []string{n1.E164, n2.E164})
		ws, _, err := tx.Workplaces(w.c1.ID, switchboard.Page{})
		if err != nil {
			return err
		}
		for _, x := range ws {
			want := []string{}
			if x.ID == w.w1.ID {
				want = []string{n1.E164, n2.E164}
			}
			same(t, "numbers of listed workplace "+x.ID, x.Numbers, want)
		}
		wantNumbers(t, tx, switchboard.NumberFilter{CustomerID: w.c1.ID}, n1.E164, n2.E164)
		wantNumbers(t, tx, switchboard.NumberFilter{CustomerID: w.c1.ID, FreeOnly: true})
		wantNumbers(t, tx, switchboard.NumberFilter{CustomerID: w.c2.ID, FreeOnly: true}, other.E164)
		wantNumbers(t, tx, switchboard.NumberFilter{WorkplaceID: w.w1.ID}, n1.E164, n2.E164)
		return nil
	})

	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteNumber(n1.E164) }), switchboard.ECONFLICT, n1.E164)
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.ReleaseNumbers(w.w1.ID); err != nil {
			return err
		}
		return tx.DeleteNumber(n1.E164)
	})
	view(t, s, func(tx switchboard.Tx) error {
		wp, err := tx.Workplace(w.w1.ID)
		if err == nil && len(wp.Numbers) != 0 {
			t.Errorf("numbers after release = %v, want none", wp.Numbers)
		}
		wantNumbers(t, tx, switchboard.NumberFilter{CustomerID: w.c1.ID, FreeOnly: true}, n2.E164)
		return err
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteNumber(n1.E164) }), switchboard.ENOTFOUND, n1.E164)
	update(t, s, func(tx switchboard.Tx) error { return tx.AssignNumber(w.c1.ID, n2.E164, w2.ID) })
}

func wantNumbers(t *testing.T, tx switchboard.Tx, f switchboard.NumberFilter, want ...string) {
	t.Helper()
	ns, _, err := tx.Numbers(f, switchboard.Page{})
	wantKeys(t, fmt.Sprintf("numbers %+v", f), keys(ns, numberKey), err, want)
}

func numberKey(n *switchboard.Number) string { return n.E164 }
