package storetest

import (
	"fmt"
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

const (
	key1 = "0123456789abcdef0123456789abcdef0123456789abcdef"
	key2 = "fedcba9876543210fedcba9876543210fedcba9876543210"
	key3 = "00112233445566778899aabbccddeeff0011223344556677"
)

func testDevices(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	d := newDevice("dev_1", w.w1, "001565aabbcc", "c1-201", key1)
	free := &switchboard.Device{ID: "dev_2", CustomerID: w.c1.ID, Model: "gigaset-n870", Kind: switchboard.KindDECTBase,
		MACProvisioning: switchboard.MACOff, AccessKey: key2, CreatedAt: utc(at)}
	handset := &switchboard.Device{ID: "dev_3", CustomerID: w.c1.ID, BaseID: free.ID, Model: "gigaset-s700h",
		Kind: switchboard.KindDECTHandset, MACProvisioning: switchboard.MACOff, AccessKey: key3, CreatedAt: utc(at),
		SIP: switchboard.SIPAccount{Username: "c1-handset"}}
	update(t, s, func(tx switchboard.Tx) error {
		return each(tx.CreateDevice, d, free, handset)
	})
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Device(d.ID)
		if err == nil {
			same(t, "device", got, d)
		}
		got, err = tx.Device(free.ID)
		if err == nil && (got.Keys == nil || len(got.Keys) != 0 || got.WorkplaceID != "" || got.AccessKey != key2) {
			t.Errorf("free device read back with keys %#v, workplace %q", got.Keys, got.WorkplaceID)
		}
		for name, lookup := range map[string]func() (*switchboard.Device, error){
			"access key":   func() (*switchboard.Device, error) { return tx.DeviceByAccessKey(key1) },
			"MAC":          func() (*switchboard.Device, error) { return tx.DeviceByMAC(d.MAC) },
			"SIP username": func() (*switchboard.Device, error) { return tx.DeviceBySIPUsername(d.SIP.Username) },
		} {
			got, err := lookup()
			if err != nil {
				t.Errorf("device by %s: %v", name, err)
			} else {
				same(t, "device by "+name, got, d)
			}
		}
		_, err = tx.DeviceByAccessKey(key1[:47] + "0")
		wantError(t, err, switchboard.ENOTFOUND)
		for key, want := range map[string]bool{key1: true, key2: true, key1[:47] + "0": false, "": false} {
			if known, err := tx.AccessKeyKnown(key); err != nil || known != want {
				t.Errorf("AccessKeyKnown(%q) = %v, %v; want %v", key, known, err, want)
			}
		}
		_, err = tx.DeviceByMAC("001565000000")
		wantError(t, err, switchboard.ENOTFOUND, "001565000000")
		_, err = tx.DeviceByMAC("")
		wantError(t, err, switchboard.ENOTFOUND)
		macs := []string{"001565000000", d.MAC, ""}
		for i := range 600 {
			macs = append(macs, fmt.Sprintf("0015650%05d", i))
		}
		if used, err := tx.MACsInUse(append(macs, d.MAC)); err != nil || len(used) != 2 || used[0] != d.MAC || used[1] != d.MAC {
			t.Errorf("MACs in use among %d with %s twice: %v, %v; want it twice", len(macs)+1, d.MAC, used, err)
		}
		_, err = tx.DeviceBySIPUsername("nobody")
		wantError(t, err, switchboard.ENOTFOUND, "nobody")
		if a, err := tx.PendingAction(d.ID); err != nil || a != d.PendingAction || a == switchboard.ActionNone {
			t.Errorf("pending action of %s: %q, %v; want %q", d.ID, a, err, d.PendingAction)
		}
		_, err = tx.PendingAction("dev_missing")
		wantError(t, err, switchboard.ENOTFOUND, "dev_missing")
		_, err = tx.Device("dev_missing")
		wantError(t, err, switchboard.ENOTFOUND, "device", "dev_missing")
		wantDevices(t, tx, switchboard.DeviceFilter{CustomerID: w.c1.ID}, d.ID, free.ID, handset.ID)
		wantDevices(t, tx, switchboard.DeviceFilter{WorkplaceID: w.w1.ID}, d.ID)
		wantDevices(t, tx, switchboard.DeviceFilter{BaseID: free.ID}, handset.ID)
		wantDevices(t, tx, switchboard.DeviceFilter{CustomerID: w.c2.ID})
		return nil
	})

	d.AccessKey, d.SIP.Password, d.MAC, d.MACProvisioning = key1[:46]+"ff", "new-sip-password", "", switchboard.MACDone
	d.InitialLogin.UsedAt, d.InitialLogin.UsedByMAC = utc(later), "001565aabbcc"
	d.Keys, d.PendingAction, d.UpdatedAt = nil, switchboard.ActionNone, utc(later)
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateDevice(d) })
	d.Keys = []switchboard.FunctionKey{}
	view(t, s, func(tx switchboard.Tx) error {
		_, err := tx.DeviceByAccessKey(key1)
		wantError(t, err, switchboard.ENOTFOUND)
		if a, err := tx.PendingAction(d.ID); err != nil || a != switchboard.ActionNone {
			t.Errorf("pending action of %s after it was delivered: %q, %v; want none", d.ID, a, err)
		}
		got, err := tx.DeviceByAccessKey(d.AccessKey)
		if err == nil {
			same(t, "updated device", got, d)
		}
		return err
	})
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.UpdateDevice(&switchboard.Device{ID: "dev_missing", CustomerID: w.c1.ID, AccessKey: "x"})
	}), switchboard.ENOTFOUND, "dev_missing")

	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteDevice(free.ID) }), switchboard.ECONFLICT, "handset")
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.DeleteDevice(handset.ID); err != nil {
			return err
		}
		return tx.DeleteDevice(free.ID)
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.DeleteDevice(free.ID) }), switchboard.ENOTFOUND, free.ID)
}

func testDeviceUniqueness(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	d := newDevice("dev_1", w.w1, "001565aabbcc", "c1-201", key1)
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateDevice(d) })

	sameMAC := newDevice("dev_2", w.w1, d.MAC, "c1-202", key2)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateDevice(sameMAC) }), switchboard.ECONFLICT, d.MAC)
	sameSIP := newDevice("dev_3", w.w1, "", d.SIP.Username, key2)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateDevice(sameSIP) }), switchboard.ECONFLICT, d.SIP.Username)
	sameKey := newDevice("dev_4", w.w1, "", "c1-204", key1)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateDevice(sameKey) }), switchboard.ECONFLICT, "access key")
	foreign := newDevice("dev_5", w.w1, "", "c2-205", key3)
	foreign.CustomerID = w.c2.ID
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateDevice(foreign) }), switchboard.ENOTFOUND, w.w1.ID)

	// Any number of devices may have no MAC.
	noMAC1, noMAC2 := newDevice("dev_6", w.w1, "", "c1-206", key2), newDevice("dev_7", w.w1, "", "c1-207", key3)
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.CreateDevice(noMAC1); err != nil {
			return err
		}
		return tx.CreateDevice(noMAC2)
	})
	noMAC2.MAC = d.MAC
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.UpdateDevice(noMAC2) }), switchboard.ECONFLICT, d.MAC)
}

func wantDevices(t *testing.T, tx switchboard.Tx, f switchboard.DeviceFilter, want ...string) {
	t.Helper()
	ds, _, err := tx.Devices(f, switchboard.Page{})
	wantKeys(t, fmt.Sprintf("devices %+v", f), keys(ds, func(d *switchboard.Device) string { return d.ID }), err, want)
}
