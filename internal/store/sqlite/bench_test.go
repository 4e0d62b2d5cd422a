package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
)

// benchDevices fills a store with n devices of one customer; device i has
// access key key(i) and SIP username fmt.Sprintf("u%d", i).
func benchDevices(b *testing.B, n int) *sqlite.DB {
	b.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "sb.db"), keyring.Random())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	now := time.Now()
	err = db.Update(context.Background(), func(tx switchboard.Tx) error {
		if err := tx.CreateCustomer(&switchboard.Customer{ID: "cus_1", Name: "Bench", SIPDomain: "bench.example", CreatedAt: now}); err != nil {
			return err
		}
		for i := range n {
			d := &switchboard.Device{ID: fmt.Sprintf("dev_%08d", i), CustomerID: "cus_1", AccessKey: key(i),
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
	return db
}

func key(i int) string { return fmt.Sprintf("%048x", i) }

// BenchmarkDeviceByAccessKey measures the lookup behind every profile fetch.
func BenchmarkDeviceByAccessKey(b *testing.B) {
	const n = 10000
	db := benchDevices(b, n)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			err := db.View(context.Background(), func(tx switchboard.Tx) error {
				_, err := tx.DeviceByAccessKey(key(i % n))
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
			i += 7
		}
	})
}

// BenchmarkDeviceBySIPUsername measures the lookup behind every REGISTER.
func BenchmarkDeviceBySIPUsername(b *testing.B) {
	const n = 10000
	db := benchDevices(b, n)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			err := db.View(context.Background(), func(tx switchboard.Tx) error {
				_, err := tx.DeviceBySIPUsername(fmt.Sprintf("u%d", i%n))
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
			i += 7
		}
	})
}
