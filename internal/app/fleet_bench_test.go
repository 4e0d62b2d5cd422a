package app_test

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bench"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/registrar"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// BenchmarkFleet computes the operator's fleet statistics over the store
// benchmark's fleet (10,000 devices; SWITCHBOARD_FLEET_DEVICES sets
// another count) with the real registrar, not serving, so every device's
// status is read from the persisted registrations as on a node holding
// none of them: the dearest case.
func BenchmarkFleet(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("SWITCHBOARD_FLEET_DEVICES")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db := stores.SQLite(b)(b)
	cat, err := vendors.New()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := bench.LoadFleet(ctx, db, bench.Fleet{Devices: n, Customers: 10, Models: []string{"yealink-t54w", "snom-d785"}, Batch: 1000}, io.Discard); err != nil {
		b.Fatal(err)
	}
	r, err := registrar.New(ctx, registrar.Options{
		SIP:   sip.Options{Accounts: app.NewSIPAccounts(db, "sip.example.test"), Secret: []byte("0123456789abcdef0123456789abcdef")},
		Store: db, Bus: bus.NewLocal(), Catalogue: cat, Node: "bench",
	})
	if err != nil {
		b.Fatal(err)
	}
	svc := app.New(app.Options{Store: db, Catalogue: cat, Registrar: r, Firmware: vendors.Firmware})
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		f, err := svc.Fleet(ctx, switchboard.System)
		if err != nil {
			b.Fatal(err)
		}
		if f.Devices != n {
			b.Fatalf("%d devices counted, want %d", f.Devices, n)
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/float64(n), "µs/device")
	}
}
