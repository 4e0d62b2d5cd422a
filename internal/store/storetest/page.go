package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// walk pages through a list with the given limit and returns every key in
// the order seen, failing on an endless cursor or an oversized page.
func walk(t *testing.T, limit int, page func(p switchboard.Page) ([]string, string, error)) []string {
	t.Helper()
	var all []string
	p := switchboard.Page{Limit: limit}
	for i := 0; i < 100; i++ {
		keys, next, err := page(p)
		if err != nil {
			t.Fatalf("page after %q: %v", p.After, err)
		}
		if len(keys) > p.Size() {
			t.Fatalf("page of %d items, limit %d", len(keys), p.Size())
		}
		all = append(all, keys...)
		if next == "" {
			return all
		}
		if len(keys) == 0 {
			t.Fatalf("empty page with a next cursor %q", next)
		}
		p.After = next
	}
	t.Fatal("pagination did not end after 100 pages")
	return nil
}

func testPagination(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	var wantNumbers, wantEvents []string
	update(t, s, func(tx switchboard.Tx) error {
		for i := 0; i < 23; i++ {
			// Created out of order; listed in key order.
			e164 := fmt.Sprintf("+4930555%04d", (i*7)%23)
			if err := tx.CreateNumber(&switchboard.Number{E164: e164, CustomerID: w.c1.ID, CreatedAt: utc(at)}); err != nil {
				return err
			}
			wantNumbers = append(wantNumbers, e164)
			id := fmt.Sprintf("evt_%03d", (i*5)%23)
			if err := tx.AddEvent(&switchboard.Event{ID: id, CustomerID: w.c1.ID, Kind: switchboard.EventAudit, At: utc(at)}); err != nil {
				return err
			}
			wantEvents = append(wantEvents, id)
		}
		// Another customer's records must not show up.
		return tx.CreateNumber(&switchboard.Number{E164: "+4930555001", CustomerID: w.c2.ID, CreatedAt: utc(at)})
	})
	slices.Sort(wantNumbers)
	slices.Sort(wantEvents)
	for _, limit := range []int{1, 5, 23, 0} {
		view(t, s, func(tx switchboard.Tx) error {
			got := walk(t, limit, func(p switchboard.Page) ([]string, string, error) {
				ns, next, err := tx.Numbers(switchboard.NumberFilter{CustomerID: w.c1.ID}, p)
				return keys(ns, numberKey), next, err
			})
			same(t, fmt.Sprintf("numbers with limit %d", limit), got, wantNumbers)
			got = walk(t, limit, func(p switchboard.Page) ([]string, string, error) {
				es, next, err := tx.Events(switchboard.EventFilter{CustomerID: w.c1.ID}, p)
				return keys(es, func(e *switchboard.Event) string { return e.ID }), next, err
			})
			same(t, fmt.Sprintf("events with limit %d", limit), got, wantEvents)
			return nil
		})
	}
	view(t, s, func(tx switchboard.Tx) error {
		cs, next, err := tx.Customers(switchboard.Page{Limit: 1})
		if err != nil {
			return err
		}
		if len(cs) != 1 || cs[0].ID != w.c1.ID || next != w.c1.ID {
			t.Errorf("first page of customers: %d items, cursor %q; want %s and its id as cursor", len(cs), next, w.c1.ID)
		}
		cs, next, err = tx.Customers(switchboard.Page{After: next, Limit: 1})
		if err != nil {
			return err
		}
		if len(cs) != 1 || cs[0].ID != w.c2.ID || next != "" {
			t.Errorf("last page of customers: %d items, cursor %q; want %s and no cursor", len(cs), next, w.c2.ID)
		}
		return nil
	})
}
