package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// benchDevices is how many devices the lookup benchmarks search.
const benchDevices = 10000

// Bench measures the lookups on hot paths, each on a new store from open
// filled with benchDevices devices of one customer.
func Bench(b *testing.B, open func(b *testing.B) switchboard.Store) {
	for _, bench := range []struct {
		name   string
		lookup func(tx switchboard.Tx, i int) error
	}{
		// The lookup behind every profile fetch.
		{"DeviceByAccessKey", func(tx switchboard.Tx, i int) error {
			_, err := tx.DeviceByAccessKey(benchKey(i))
			return err
		}},
		// The lookup behind every REGISTER.
		{"DeviceBySIPUsername", func(tx switchboard.Tx, i int) error {
			_, err := tx.DeviceBySIPUsername(fmt.Sprintf("u%d", i))
			return err
		}},
		// The firmware a profile names: every profile built asks whether its
		// device is in a running rollout (mostly it is not).
		{"ActiveRolloutDevice", func(tx switchboard.Tx, i int) error {
			_, err := tx.ActiveRolloutDevice(fmt.Sprintf("dev_%08d", i))
			if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
				return nil
			}
			return err
		}},
		// A page of the API's device list at its largest, after a cursor.
		{"DevicesPageOf1000", func(tx switchboard.Tx, i int) error {
			_, _, err := tx.Devices(switchboard.DeviceFilter{CustomerID: "cus_1"},
				switchboard.Page{After: fmt.Sprintf("dev_%08d", i/2), Limit: 1000})
			return err
		}},
	} {
		b.Run(bench.name, func(b *testing.B) { benchLookup(b, open(b), bench.lookup) })
	}
}

// benchLookup fills db with benchDevices devices of one customer (device
// i has access key benchKey(i) and SIP username fmt.Sprintf("u%d", i)) and
// measures lookup(tx, i) in parallel read transactions.
func benchLookup(b *testing.B, db switchboard.Store, lookup func(tx switchboard.Tx, i int) error) {
	now := time.Now()
	err := db.Update(context.Background(), func(tx switchboard.Tx) error {
		if err := tx.CreateCustomer(&switchboard.Customer{ID: "cus_1", Name: "Bench", SIPDomain: "bench.example", CreatedAt: now}); err != nil {
			return err
		}
		for i := range benchDevices {
			d := &switchboard.Device{ID: fmt.Sprintf("dev_%08d", i), CustomerID: "cus_1", AccessKey: benchKey(i),
				SIP: switchboard.SIPAccount{Username: fmt.Sprintf("u%d", i), Password: "secret"}, CreatedAt: now}
			if err := tx.CreateDevice(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			err := db.View(context.Background(), func(tx switchboard.Tx) error { return lookup(tx, i%benchDevices) })
			if err != nil {
				b.Error(err)
				return
			}
			i += 7
		}
	})
}

func benchKey(i int) string { return fmt.Sprintf("%048x", i) }
