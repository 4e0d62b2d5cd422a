package storetest

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testFraud holds the fraud procedure's fields to a round trip: a device's
// block, rotation time and previous SIP account (sealed like the current
// one), a workplace's block and charge limit, a customer's charge limit
// on create and update, and a number's charge limit, set alone.
func testFraud(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	d := newDevice("dev_1", w.w1, "001565aabb01", "u_new", "key-1")
	d.BlockedAt, d.SIPRotatedAt = utc(later), utc(later)
	d.PreviousSIP = switchboard.SIPAccount{Username: "u_old", AuthName: "u_old", Password: "old-secret"}
	w.c2.ChargeLimit = 250_000
	w.w1.BlockedAt, w.w1.ChargeLimit = utc(later), 5_000
	update(t, s, func(tx switchboard.Tx) error {
		if err := tx.CreateDevice(d); err != nil {
			return err
		}
		if err := tx.UpdateCustomer(w.c2); err != nil {
			return err
		}
		if err := tx.UpdateWorkplace(w.w1); err != nil {
			return err
		}
		c3 := newCustomer(3)
		c3.ChargeLimit = 1_000
		if err := tx.CreateCustomer(c3); err != nil {
			return err
		}
		if err := tx.CreateNumber(&switchboard.Number{E164: "+4930123456", CustomerID: w.c1.ID, CreatedAt: utc(at), ChargeLimit: 300}); err != nil {
			return err
		}
		return tx.SetNumberChargeLimit("+4930123456", 700)
	})
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Device(d.ID)
		if err != nil {
			return err
		}
		same(t, "device", got, d)
		if c, err := tx.Customer(w.c2.ID); err != nil || c.ChargeLimit != 250_000 {
			t.Errorf("customer charge limit = %+v, %v; want 250000", c, err)
		}
		if c, err := tx.Customer("cus_003"); err != nil || c.ChargeLimit != 1_000 {
			t.Errorf("created customer's charge limit = %+v, %v; want 1000", c, err)
		}
		wp, err := tx.Workplace(w.w1.ID)
		if err != nil {
			return err
		}
		if !wp.BlockedAt.Equal(utc(later)) || wp.ChargeLimit != 5_000 {
			t.Errorf("workplace block and limit = %v, %d; want %v, 5000", wp.BlockedAt, wp.ChargeLimit, utc(later))
		}
		n, err := tx.Number("+4930123456")
		if err != nil {
			return err
		}
		if n.ChargeLimit != 700 {
			t.Errorf("number charge limit = %d, want 700", n.ChargeLimit)
		}
		return nil
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.SetNumberChargeLimit("+4930999999", 1) }),
		switchboard.ENOTFOUND, "+4930999999")
	d.BlockedAt, d.PreviousSIP = time.Time{}, switchboard.SIPAccount{}
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateDevice(d) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Device(d.ID)
		if err == nil {
			same(t, "device after unblock and cleared previous account", got, d)
		}
		return err
	})
}
