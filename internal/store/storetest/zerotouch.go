package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// testInitialLoginClaims checks the lookup by login username and the claim:
// the first MAC spends the login and becomes the device's, a second claim
// conflicts without writing, a device with another MAC cannot be claimed,
// and of many claims racing for one login exactly one wins.
func testInitialLoginClaims(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	fresh := newDevice("dev_1", w.w1, "", "c1-201", key1)
	bound := newDevice("dev_2", w.w1, "001565aabbcc", "c1-202", key2)
	update(t, s, func(tx switchboard.Tx) error { return each(tx.CreateDevice, fresh, bound) })

	view(t, s, func(tx switchboard.Tx) error {
		ds, err := tx.DevicesByLoginUsername(fresh.InitialLogin.Username)
		if err != nil || len(ds) != 1 || ds[0].ID != fresh.ID || ds[0].InitialLogin.Password != fresh.InitialLogin.Password {
			t.Errorf("DevicesByLoginUsername = %v, %v; want dev_1 with its one-time password", ds, err)
		}
		for _, u := range []string{"", "il-nobody"} {
			if ds, err := tx.DevicesByLoginUsername(u); err != nil || len(ds) != 0 {
				t.Errorf("DevicesByLoginUsername(%q) = %v, %v; want none", u, ds, err)
			}
		}
		return nil
	})

	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.ClaimInitialLogin(bound.ID, "001565ddeeff", utc(later)) }),
		switchboard.ECONFLICT, "another MAC")
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.ClaimInitialLogin("dev_none", "001565ddeeff", utc(later)) }),
		switchboard.ENOTFOUND)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.ClaimInitialLogin(fresh.ID, bound.MAC, utc(later)) }),
		switchboard.ECONFLICT, bound.MAC)

	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.Update(context.Background(), func(tx switchboard.Tx) error {
				return tx.ClaimInitialLogin(fresh.ID, fmt.Sprintf("0015650000%02x", i), utc(later))
			})
		}()
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		switch switchboard.ErrorCode(err) {
		case "":
			won++
		case switchboard.ECONFLICT:
		default:
			t.Errorf("racing claim: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d racing claims won, want exactly 1", won, n)
	}
	view(t, s, func(tx switchboard.Tx) error {
		d, err := tx.Device(fresh.ID)
		if err != nil {
			return err
		}
		if d.MAC == "" || d.InitialLogin.UsedByMAC != d.MAC || !d.InitialLogin.UsedAt.Equal(utc(later)) || !d.UpdatedAt.Equal(utc(later)) {
			t.Errorf("claimed device: MAC %q, used by %q at %v, updated %v", d.MAC, d.InitialLogin.UsedByMAC, d.InitialLogin.UsedAt, d.UpdatedAt)
		}
		return nil
	})
}

// testMACProvisioningClaims checks that "once" turns "done" once, that a
// device not armed conflicts, and that racing claims have one winner.
func testMACProvisioningClaims(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	d := newDevice("dev_1", w.w1, "001565aabbcc", "c1-201", key1)
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateDevice(d) })
	const n = 6
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- try(s, func(tx switchboard.Tx) error { return tx.FinishMACProvisioning(d.ID, utc(later)) })
		}()
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		if err == nil {
			won++
		} else if switchboard.ErrorCode(err) != switchboard.ECONFLICT {
			t.Errorf("racing finish: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d racing finishes won, want exactly 1", won, n)
	}
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Device(d.ID)
		if err != nil {
			return err
		}
		if got.MACProvisioning != switchboard.MACDone || !got.UpdatedAt.Equal(utc(later)) {
			t.Errorf("after finish: %q updated %v, want done at %v", got.MACProvisioning, got.UpdatedAt, utc(later))
		}
		return nil
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.FinishMACProvisioning(d.ID, utc(later)) }),
		switchboard.ECONFLICT, "not armed")
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.FinishMACProvisioning("dev_none", utc(later)) }),
		switchboard.ENOTFOUND)
}
