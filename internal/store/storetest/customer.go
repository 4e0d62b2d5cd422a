package storetest

import (
	"time"

	"testing"

	"github.com/switchboard-pbx/switchboard"
)

func testCustomers(t *testing.T, s switchboard.Store) {
	c := newCustomer(1)
	bare := &switchboard.Customer{ID: "cus_bare", Name: "Bare", SIPDomain: "bare.example", CreatedAt: utc(at)}
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.CreateCustomer(c); err != nil {
			return err
		}
		return tx.CreateCustomer(bare)
	})
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Customer(c.ID)
		if err != nil {
			return err
		}
		same(t, "customer", got, c)
		if got.CreatedAt.Location() != time.UTC {
			t.Errorf("created_at is in %v, want UTC", got.CreatedAt.Location())
		}
		got, err = tx.Customer(bare.ID)
		if err != nil {
			return err
		}
		if got.AllowList.CIDRs == nil || len(got.AllowList.CIDRs) != 0 || !got.UpdatedAt.IsZero() {
			t.Errorf("nil CIDRs and zero time read back as %#v and %v, want empty and zero", got.AllowList.CIDRs, got.UpdatedAt)
		}
		return nil
	})

	dup := newCustomer(2)
	dup.SIPDomain = c.SIPDomain
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateCustomer(dup) }), switchboard.ECONFLICT, c.SIPDomain)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateCustomer(newCustomer(1)) }), switchboard.ECONFLICT)

	c.Name, c.AdminEmail, c.AllowList, c.UpdatedAt = "Renamed", "it@c1.example", switchboard.AllowList{CIDRs: []string{"198.51.100.0/24"}}, utc(later)
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateCustomer(c) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Customer(c.ID)
		if err == nil {
			same(t, "updated customer", got, c)
		}
		return err
	})
	bare.SIPDomain = c.SIPDomain
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.UpdateCustomer(bare) }), switchboard.ECONFLICT, c.SIPDomain)

	view(t, s, func(tx switchboard.Tx) error {
		_, err := tx.Customer("cus_missing")
		wantError(t, err, switchboard.ENOTFOUND, "customer", "cus_missing")
		return nil
	})
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.UpdateCustomer(&switchboard.Customer{ID: "cus_missing", SIPDomain: "m.example"})
	}), switchboard.ENOTFOUND, "cus_missing")

	update(t, s, func(tx switchboard.Tx) error { return tx.CreateSite(newSite("site_1", c)) })
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteCustomer(c.ID) }), switchboard.ECONFLICT, "site")
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteSite("site_1") })
	update(t, s, func(tx switchboard.Tx) error {
		return tx.CreateToken(&switchboard.Token{ID: "tok_1", Role: switchboard.RoleAdmin, CustomerID: c.ID, CreatedAt: utc(at)}, "secret-1")
	})
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteCustomer(c.ID) })
	view(t, s, func(tx switchboard.Tx) error {
		_, err := tx.Customer(c.ID)
		wantError(t, err, switchboard.ENOTFOUND)
		_, err = tx.TokenBySecret("secret-1")
		wantError(t, err, switchboard.ENOTFOUND)
		return nil
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteCustomer(c.ID) }), switchboard.ENOTFOUND, c.ID)
}

func testSites(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Site(w.s1.ID)
		if err == nil {
			same(t, "site", got, w.s1)
		}
		_, err = tx.Site("site_missing")
		wantError(t, err, switchboard.ENOTFOUND, "site", "site_missing")
		sites, next, err := tx.Sites(w.c2.ID, switchboard.Page{})
		if err != nil {
			return err
		}
		if len(sites) != 1 || sites[0].ID != w.s2.ID || next != "" {
			t.Errorf("sites of customer 2 = %d, cursor %q; want only %s", len(sites), next, w.s2.ID)
		}
		return nil
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateSite(newSite("site_x", newCustomer(9))) }),
		switchboard.ENOTFOUND, "cus_009")

	w.s1.Name, w.s1.Address, w.s1.TimeZone, w.s1.Language, w.s1.Encryption, w.s1.UpdatedAt = "Branch", "Elsewhere", "Europe/Vienna", "en", false, utc(later)
	w.s1.NTPServers, w.s1.ResyncMinutes = []string{"ntp.branch.example", "192.0.2.1"}, 240
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateSite(w.s1) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Site(w.s1.ID)
		if err == nil {
			same(t, "updated site", got, w.s1)
		}
		return err
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.UpdateSite(newSite("site_missing", w.c1)) }), switchboard.ENOTFOUND)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteSite(w.s1.ID) }), switchboard.ECONFLICT, "workplace")
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteSite(w.s2.ID) })
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteSite(w.s2.ID) }), switchboard.ENOTFOUND, w.s2.ID)
}
