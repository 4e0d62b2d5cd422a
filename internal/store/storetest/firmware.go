package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testFirmware checks firmware records and their chunks, pins per
// customer and site, and the refusals that keep a pinned file.
func testFirmware(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	newFirmware := func(id, version string) *switchboard.Firmware {
		return &switchboard.Firmware{ID: id, Model: "yealink-t54w", Version: version, FileName: "T54W-" + version + ".rom",
			Size: 3, SHA256: "abc", CreatedAt: utc(at)}
	}
	a, b := newFirmware("fw_1", "96.86.0.100"), newFirmware("fw_2", "96.86.0.120")
	update(t, s, func(tx switchboard.Tx) error {
		if err := each(tx.CreateFirmware, a, b); err != nil {
			return err
		}
		for n, part := range [][]byte{{1, 2}, {3}} {
			if err := tx.PutFirmwareChunk(a.ID, n, part); err != nil {
				return err
			}
		}
		return tx.PutFirmwareChunk(a.ID, 1, []byte{4, 0})
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateFirmware(newFirmware("fw_3", a.Version)) }),
		switchboard.ECONFLICT, a.Version)

	pin := &switchboard.FirmwarePin{CustomerID: w.c1.ID, Model: a.Model, FirmwareID: a.ID, UpdatedAt: utc(at)}
	sitePin := &switchboard.FirmwarePin{CustomerID: w.c1.ID, SiteID: w.s1.ID, Model: a.Model, FirmwareID: b.ID, UpdatedAt: utc(later)}
	update(t, s, func(tx switchboard.Tx) error { return each(tx.SetFirmwarePin, pin, sitePin, pin) })
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.SetFirmwarePin(&switchboard.FirmwarePin{CustomerID: w.c1.ID, SiteID: w.s2.ID, Model: a.Model, FirmwareID: a.ID})
	}), switchboard.ENOTFOUND)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteFirmware(a.ID) }), switchboard.ECONFLICT, "pinned")

	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Firmware(a.ID)
		if err != nil {
			t.Fatalf("Firmware: %v", err)
		}
		same(t, "firmware", got, a)
		fws, _, err := tx.Firmwares(a.Model, switchboard.Page{})
		wantKeys(t, "firmware of the model", keys(fws, func(f *switchboard.Firmware) string { return f.ID }), err, []string{"fw_1", "fw_2"})
		for n, want := range [][]byte{{1, 2}, {4, 0}} {
			if got, err := tx.FirmwareChunk(a.ID, n); err != nil || !bytes.Equal(got, want) {
				t.Errorf("chunk %d = %v, %v; want %v", n, got, err, want)
			}
		}
		if _, err := tx.FirmwareChunk(a.ID, 2); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("chunk past the end: %v, want ENOTFOUND", err)
		}
		got2, err := tx.FirmwarePin(w.c1.ID, w.s1.ID, a.Model)
		if err != nil {
			t.Fatalf("FirmwarePin: %v", err)
		}
		same(t, "site pin", got2, sitePin)
		pins, err := tx.FirmwarePins(w.c1.ID)
		if err != nil || len(pins) != 2 || pins[0].SiteID != "" || pins[1].SiteID != w.s1.ID {
			t.Errorf("FirmwarePins = %v, %v; want the customer's pin, then the site's", pins, err)
		}
		return nil
	})
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.DeleteFirmwarePin(w.c1.ID, w.s1.ID, a.Model); err != nil {
			return err
		}
		return tx.DeleteFirmwarePin(w.c1.ID, "", a.Model)
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteFirmwarePin(w.c1.ID, "", a.Model) }), switchboard.ENOTFOUND)
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteFirmware(a.ID) })
	view(t, s, func(tx switchboard.Tx) error {
		if _, err := tx.FirmwareChunk(a.ID, 0); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("chunk of a deleted firmware: %v, want ENOTFOUND", err)
		}
		return nil
	})
}

// testRollouts checks a rollout's round trip, its devices, which of them
// count as active, and which rollouts are due.
func testRollouts(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	fw := &switchboard.Firmware{ID: "fw_1", Model: "yealink-t54w", Version: "96.86.0.120", FileName: "T54W.rom", Size: 1, SHA256: "00", CreatedAt: utc(at)}
	r := &switchboard.Rollout{ID: "rol_1", CustomerID: w.c1.ID, SiteID: w.s1.ID, Model: fw.Model, FirmwareID: fw.ID, Version: fw.Version,
		FirstRing: []string{"dev_1"}, Percents: []int{10, 100}, RingTimeout: 90 * time.Second, MaxFailedPercent: 20,
		Spread: 2 * time.Second, State: switchboard.RolloutRunning, Detail: "ring 0", NextCheck: utc(at), CreatedAt: utc(at), UpdatedAt: utc(at)}
	other := *r
	other.ID, other.CustomerID, other.SiteID, other.NextCheck = "rol_2", w.c2.ID, "", utc(later)
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.CreateFirmware(fw); err != nil {
			return err
		}
		return each(tx.CreateRollout, r, &other)
	})
	wantError(t, try(s, func(tx switchboard.Tx) error {
		bad := *r
		bad.ID, bad.SiteID = "rol_3", w.s2.ID
		return tx.CreateRollout(&bad)
	}), switchboard.ENOTFOUND)
	devs := []*switchboard.RolloutDevice{
		{RolloutID: r.ID, DeviceID: "dev_1", FirmwareID: fw.ID, Ring: 0, State: switchboard.RolloutWaiting, TellAt: utc(at), UpdatedAt: utc(at)},
		{RolloutID: r.ID, DeviceID: "dev_2", FirmwareID: fw.ID, Ring: 1, State: switchboard.RolloutReverted, TellAt: utc(at), Told: true, UpdatedAt: utc(at)},
	}
	update(t, s, func(tx switchboard.Tx) error { return each(tx.PutRolloutDevice, devs...) })
	devs[0].Told, devs[0].State = true, switchboard.RolloutUpgraded
	update(t, s, func(tx switchboard.Tx) error { return tx.PutRolloutDevice(devs[0]) })

	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Rollout(r.ID)
		if err != nil {
			t.Fatalf("Rollout: %v", err)
		}
		same(t, "rollout", got, r)
		gotDevs, err := tx.RolloutDevices(r.ID)
		if err != nil || len(gotDevs) != 2 {
			t.Fatalf("RolloutDevices = %v, %v", gotDevs, err)
		}
		same(t, "rollout device", gotDevs[0], devs[0])
		if d, err := tx.ActiveRolloutDevice("dev_1"); err != nil || d.RolloutID != r.ID {
			t.Errorf("ActiveRolloutDevice(dev_1) = %v, %v; want its row in rol_1", d, err)
		}
		if _, err := tx.ActiveRolloutDevice("dev_2"); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("a reverted device is active in a rollout: %v", err)
		}
		return nil
	})
	update(t, s, func(tx switchboard.Tx) error {
		due, err := tx.DueRollouts(utc(at).Add(time.Minute), 10)
		wantKeys(t, "due rollouts", keys(due, func(r *switchboard.Rollout) string { return r.ID }), err, []string{"rol_1"})
		return nil
	})
	r.State, r.Ring, r.RingStartedAt, r.Detail, r.UpdatedAt = switchboard.RolloutDone, 2, utc(later), "done", utc(later)
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateRollout(r) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Rollout(r.ID)
		if err != nil {
			t.Fatalf("Rollout: %v", err)
		}
		same(t, "finished rollout", got, r)
		if _, err := tx.ActiveRolloutDevice("dev_1"); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("a device of a finished rollout is active: %v", err)
		}
		list, _, err := tx.Rollouts(w.c1.ID, switchboard.Page{})
		wantKeys(t, "rollouts of the customer", keys(list, func(r *switchboard.Rollout) string { return r.ID }), err, []string{"rol_1"})
		return nil
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteFirmware(fw.ID) }), switchboard.ECONFLICT, "rollout")
}
