package storetest

import (
	"time"

	"testing"

	"github.com/switchboard-pbx/switchboard"
)

func testWorkplaces(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Workplace(w.w1.ID)
		if err != nil {
			return err
		}
		same(t, "workplace", got, w.w1)
		got, err = tx.WorkplaceByUsername("anna.schmidt")
		if err != nil {
			return err
		}
		same(t, "workplace by username", got, w.w1)
		_, err = tx.Workplace("wp_missing")
		wantError(t, err, switchboard.ENOTFOUND, "workplace", "wp_missing")
		_, err = tx.WorkplaceByUsername("nobody.here")
		wantError(t, err, switchboard.ENOTFOUND, "nobody.here")
		got, err = tx.WorkplaceByExtension(w.w1.CustomerID, w.w1.Extension)
		if err != nil {
			return err
		}
		same(t, "workplace by extension", got, w.w1)
		_, err = tx.WorkplaceByExtension("cus_other", w.w1.Extension)
		wantError(t, err, switchboard.ENOTFOUND, w.w1.Extension)
		return nil
	})

	dupName := newWorkplace("wp_2", w.s2, "anna.schmidt", "301")
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateWorkplace(dupName) }),
		switchboard.ECONFLICT, `username "anna.schmidt" is already taken`)
	dupExt := newWorkplace("wp_3", w.s1, "carla.kunz", "201")
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateWorkplace(dupExt) }), switchboard.ECONFLICT, "201")
	otherCustomer := newWorkplace("wp_4", w.s2, "dora.lang", "201")
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateWorkplace(otherCustomer) })
	crossSite := newWorkplace("wp_5", w.s2, "emil.roth", "202")
	crossSite.CustomerID = w.c1.ID
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateWorkplace(crossSite) }), switchboard.ENOTFOUND, w.s2.ID)
	noSite := newWorkplace("wp_6", w.s1, "frieda.vogt", "203")
	noSite.SiteID, noSite.HotDeskPIN, noSite.DeviceAdminPassword, noSite.PackageBookedAt = "", "", "", time.Time{}
	noSite.AdminPasswordDeliveredAt = time.Time{}
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateWorkplace(noSite) })

	w.w1.FirstName, w.w1.Username, w.w1.Extension, w.w1.SiteID = "Annette", "annette.schmidt", "205", ""
	w.w1.HotDeskPIN, w.w1.DeviceAdminPassword, w.w1.Package = "9999", "1111222233334444", switchboard.PackagePremium
	w.w1.UpdatedAt = utc(later)
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateWorkplace(w.w1) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Workplace(w.w1.ID)
		if err == nil {
			same(t, "updated workplace", got, w.w1)
		}
		got, err = tx.Workplace(noSite.ID)
		if err == nil {
			same(t, "workplace without site and secrets", got, noSite)
		}
		exts, err := tx.Extensions(w.c1.ID)
		if err != nil {
			return err
		}
		same(t, "extensions", exts, []string{"203", "205"})
		return nil
	})
	noSite.Username = "annette.schmidt"
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.UpdateWorkplace(noSite) }),
		switchboard.ECONFLICT, `username "annette.schmidt" is already taken`)
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.UpdateWorkplace(newWorkplace("wp_missing", w.s1, "ghost.user", "299"))
	}), switchboard.ENOTFOUND, "wp_missing")

	view(t, s, func(tx switchboard.Tx) error {
		ws, next, err := tx.Workplaces(w.c1.ID, switchboard.Page{})
		if err != nil {
			return err
		}
		if len(ws) != 2 || ws[0].ID != w.w1.ID || ws[1].ID != noSite.ID || next != "" {
			t.Errorf("workplaces of customer 1: %d, cursor %q; want wp_1 and wp_6", len(ws), next)
		}
		return nil
	})
}

func testWorkplaceDeletion(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	update(t, s, func(tx switchboard.Tx) error {
		w.w1.State = switchboard.WorkplaceDeleted
		return tx.UpdateWorkplace(w.w1)
	})
	again := newWorkplace("wp_2", w.s1, w.w1.Username, w.w1.Extension)
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateWorkplace(again) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.WorkplaceByUsername(w.w1.Username)
		if err != nil {
			return err
		}
		if got.ID != again.ID {
			t.Errorf("username now belongs to %s, want the live workplace %s", got.ID, again.ID)
		}
		exts, err := tx.Extensions(w.c1.ID)
		if err == nil {
			same(t, "extensions", exts, []string{w.w1.Extension})
		}
		ws, _, err := tx.Workplaces(w.c1.ID, switchboard.Page{})
		if err == nil && len(ws) != 2 {
			t.Errorf("workplaces listed: %d, want 2 (deleted ones included)", len(ws))
		}
		return err
	})
	// Reviving the deleted workplace would take the username twice.
	w.w1.State = switchboard.WorkplaceActive
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.UpdateWorkplace(w.w1) }), switchboard.ECONFLICT)
}
