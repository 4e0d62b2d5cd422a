package storetest

import (
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// testPhonebook checks the shared contacts (round trip, update, listing
// per customer, deletion, errors) and that a workplace's phonebook opt-out
// is stored.
func testPhonebook(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	newContact := func(id string, c *switchboard.Customer) *switchboard.Contact {
		return &switchboard.Contact{ID: id, CustomerID: c.ID, Name: "Müller & Söhne <Einkauf>", Company: `"Bau" GmbH`,
			Label: "Supplier", Numbers: []string{"+49301234567", "200"}, CreatedAt: utc(at), UpdatedAt: utc(at)}
	}
	a, b, other := newContact("con_1", w.c1), newContact("con_2", w.c1), newContact("con_3", w.c2)
	update(t, s, func(tx switchboard.Tx) error { return each(tx.CreateContact, a, b, other) })

	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Contact(a.ID)
		if err != nil {
			t.Fatalf("Contact: %v", err)
		}
		same(t, "contact", got, a)
		cs, next, err := tx.Contacts(w.c1.ID, switchboard.Page{Limit: 1})
		wantKeys(t, "first page", keys(cs, func(c *switchboard.Contact) string { return c.ID }), err, []string{"con_1"})
		cs, _, err = tx.Contacts(w.c1.ID, switchboard.Page{After: next})
		wantKeys(t, "second page", keys(cs, func(c *switchboard.Contact) string { return c.ID }), err, []string{"con_2"})
		return nil
	})

	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateContact(newContact("con_1", w.c1)) }), switchboard.ECONFLICT, "con_1")
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.CreateContact(newContact("con_4", &switchboard.Customer{ID: "cus_none"}))
	}), switchboard.ENOTFOUND, "cus_none")

	a.Name, a.Numbers, a.UpdatedAt = "Empfang", []string{"100"}, utc(later)
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateContact(a) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Contact(a.ID)
		if err != nil {
			t.Fatalf("Contact: %v", err)
		}
		same(t, "updated contact", got, a)
		return nil
	})

	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteContact(b.ID) })
	for _, fn := range []func(tx switchboard.Tx) error{
		func(tx switchboard.Tx) error { return tx.DeleteContact(b.ID) },
		func(tx switchboard.Tx) error { _, err := tx.Contact(b.ID); return err },
		func(tx switchboard.Tx) error { return tx.UpdateContact(b) },
	} {
		wantError(t, try(s, fn), switchboard.ENOTFOUND, b.ID)
	}

	w.w1.PhonebookOptOut = true
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateWorkplace(w.w1) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Workplace(w.w1.ID)
		if err != nil || !got.PhonebookOptOut {
			t.Errorf("Workplace after opting out = %+v, %v; want PhonebookOptOut", got, err)
		}
		return nil
	})
}
