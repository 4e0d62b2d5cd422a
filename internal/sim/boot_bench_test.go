package sim_test

import (
	"context"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sim"
	"github.com/switchboard-pbx/switchboard/internal/sim/simtest"
)

// BenchmarkBootStorm boots b.N phones of every vendor at once against the
// in-process test bed; with -cpuprofile it shows where the simulator and
// the bed spend their time.
func BenchmarkBootStorm(b *testing.B) {
	models := oneModelPerVendor(b)
	per := max(1, b.N/len(models))
	bed, err := simtestStart(models, per)
	if err != nil {
		b.Fatal(err)
	}
	defer bed.Close()
	b.ResetTimer()
	r, err := sim.Run(context.Background(), bed.Phones, sim.Options{TLS: bed.TLS, BootTimeout: 5 * time.Minute, Concurrency: 256}, 0, nil)
	if err != nil {
		b.Fatal(err)
	}
	if r.Online != len(bed.Phones) {
		b.Fatalf("%s", r.Summary())
	}
	b.ReportMetric(float64(len(bed.Phones))/r.Elapsed.Seconds(), "phones/s")
}

func simtestStart(models []switchboard.Model, per int) (*simtest.Bed, error) {
	return simtest.Start(context.Background(), models, per, simtest.Options{})
}
