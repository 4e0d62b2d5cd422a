package storetest

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testHotDesk checks the hot-desk store: a login and a refused access
// survive a round trip on the device, the free lists leave out linked and
// logged-in devices and full workplaces, the automatic log-out times are
// set and cleared, and events are counted by action, object and time.
func testHotDesk(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	single := newWorkplace("wp_2", w.s1, "bert.meier", "202")
	single.MultiLogin = false
	idle := newWorkplace("wp_3", w.s1, "carl.huber", "203")
	idle.MultiLogin = false
	ordered := newWorkplace("wp_4", w.s1, "dora.klein", "204")
	ordered.State = switchboard.WorkplaceOrdered
	linked := newDevice("dev_1", w.w1, "001565aabb01", "c1-201", key1)
	free := newDevice("dev_2", w.w1, "001565aabb02", "c1-hd2", key2)
	free.WorkplaceID = ""
	hot := newDevice("dev_3", w.w1, "001565aabb03", "c1-hd3", key3)
	hot.WorkplaceID = ""
	hot.HotDesk = &switchboard.HotDeskLogin{Workplace: single.ID, Since: utc(later)}
	hot.LastAccess.Refusal = "address not on the customer's allow-list"
	update(t, s, func(tx switchboard.Tx) error {
		if err := each(tx.CreateWorkplace, single, idle, ordered); err != nil {
			return err
		}
		return each(tx.CreateDevice, linked, free, hot)
	})

	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Device(hot.ID)
		if err != nil {
			return err
		}
		same(t, "hot-desk device", got, hot)
		devs, next, err := tx.FreeDevices(w.c1.ID, switchboard.Page{})
		if err != nil {
			return err
		}
		same(t, "free devices", keys(devs, deviceID), []string{free.ID})
		same(t, "free devices next", next, "")
		if devs, _, err = tx.FreeDevices(w.c2.ID, switchboard.Page{}); err != nil || len(devs) != 0 {
			t.Errorf("free devices of another customer = %d, %v; want none", len(devs), err)
		}
		// wp_1 (multi-login, one linked) has room; wp_2 is logged in on
		// dev_3 and has none; wp_3 has room; wp_4 is not active.
		ws, _, err := tx.FreeWorkplaces(w.c1.ID, switchboard.Page{})
		if err != nil {
			return err
		}
		same(t, "free workplaces", keys(ws, workplaceID), []string{w.w1.ID, idle.ID})
		logged, err := tx.HotDeskDevices(single.ID)
		if err != nil {
			return err
		}
		same(t, "logged-in devices of wp_2", keys(logged, deviceID), []string{hot.ID})
		all, err := tx.HotDeskDevices("")
		same(t, "every logged-in device", keys(all, deviceID), []string{hot.ID})
		return err
	})

	hot.HotDesk = nil
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateDevice(hot) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Device(hot.ID)
		if err == nil && got.HotDesk != nil {
			t.Errorf("log-out not stored: %+v", got.HotDesk)
		}
		devs, _, err := tx.FreeDevices("", switchboard.Page{})
		same(t, "free devices after log-out", keys(devs, deviceID), []string{free.ID, hot.ID})
		return err
	})

	testAutoLogouts(t, s, w)
	testCountEvents(t, s, w)
}

func testAutoLogouts(t *testing.T, s switchboard.Store, w world) {
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.SetSiteAutoLogout(w.s1.ID, "02:30"); err != nil {
			return err
		}
		if err := tx.SetSiteAutoLogout(w.s1.ID, "03:00"); err != nil {
			return err
		}
		return tx.SetSiteAutoLogout(w.s2.ID, "04:00")
	})
	update(t, s, func(tx switchboard.Tx) error { return tx.SetSiteAutoLogout(w.s2.ID, "") })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.SiteAutoLogouts()
		same(t, "automatic log-out times", got, map[string]string{w.s1.ID: "03:00"})
		return err
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.SetSiteAutoLogout("site_missing", "03:00") }), switchboard.ENOTFOUND)
}

func testCountEvents(t *testing.T, s switchboard.Store, w world) {
	const action = "hotdesk.pin_failed"
	update(t, s, func(tx switchboard.Tx) error {
		for i, e := range []struct {
			action, object string
			at             time.Time
		}{
			{action, w.w1.ID, at}, {action, w.w1.ID, later}, {action, w.w1.ID, later.Add(time.Minute)},
			{action, "wp_other", later}, {"device.link", w.w1.ID, later},
		} {
			err := tx.AddEvent(&switchboard.Event{ID: "evt_" + string(rune('a'+i)), CustomerID: w.c1.ID,
				Kind: switchboard.EventSecurity, Action: e.action, Object: e.object, At: utc(e.at)})
			if err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx switchboard.Tx) error {
		n, err := tx.CountEvents(action, w.w1.ID, utc(later))
		if n != 2 {
			t.Errorf("events since later = %d, want 2", n)
		}
		return err
	})
}

func deviceID(d *switchboard.Device) string       { return d.ID }
func workplaceID(w *switchboard.Workplace) string { return w.ID }
