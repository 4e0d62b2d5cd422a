package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Figure is one measured query: its latencies' p50, p99 and maximum over
// N runs, and the p99 the issue asks for.
type Figure struct {
	Name          string
	N             int
	P50, P99, Max time.Duration
	Goal          time.Duration
}

// Met reports whether the p99 is within the goal.
func (f Figure) Met() bool { return f.P99 < f.Goal }

// String is the figure's line in the benchmark's output.
func (f Figure) String() string {
	verdict := "met"
	if !f.Met() {
		verdict = "MISSED"
	}
	return fmt.Sprintf("%-44s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  (n=%d; goal p99 < %s: %s)",
		f.Name, ms(f.P50), ms(f.P99), ms(f.Max), f.N, f.Goal, verdict)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Goals for a store of a million devices: what a phone or an administrator waits for at most.
const (
	LookupGoal = 5 * time.Millisecond
	PageGoal   = 50 * time.Millisecond
	ImportGoal = time.Minute
)

// StoreSummary tells the access-key lookup's p99 (the first figure), the
// slowest list page's and whether every goal was met.
func StoreSummary(figures []Figure) string {
	var page Figure
	for _, f := range figures[1:] {
		if f.P99 >= page.P99 {
			page = f
		}
	}
	met := "all goals met"
	for _, f := range figures {
		if !f.Met() {
			met = "GOALS MISSED"
		}
	}
	return fmt.Sprintf("access-key lookup p99 %.3f ms, slowest list page p99 %.3f ms (%s), %s",
		ms(figures[0].P99), ms(page.P99), page.Name, met)
}

// ImportSummary tells how long an import of n devices took, the server's
// CPU meanwhile, and whether it met ImportGoal.
func ImportSummary(n int, took, cpu time.Duration) string {
	verdict := "met"
	if took >= ImportGoal {
		verdict = "MISSED"
	}
	return fmt.Sprintf("import of %d devices through the API %.1f s, server CPU %.1f s (goal < %.0f s: %s)",
		n, took.Seconds(), cpu.Seconds(), ImportGoal.Seconds(), verdict)
}

// storeQuery is one kind of query measured: run performs one, chosen with
// r, in a read transaction of its own.
type storeQuery struct {
	name string
	goal time.Duration
	run  func(tx switchboard.Tx, r *rand.Rand) error
}

// MeasureStore runs each query the API and the phones send most, samples
// times each on keys drawn from the loaded fleet, one after another, and
// returns their figures. Lists use the API's default page size and its
// maximum.
func MeasureStore(ctx context.Context, db switchboard.Store, l *Loaded, samples int) ([]Figure, error) {
	r := rand.New(rand.NewPCG(13, 4))
	var out []Figure
	for _, q := range storeQueries(l) {
		ds := make([]time.Duration, 0, samples)
		for range samples {
			start := time.Now()
			if err := db.View(ctx, func(tx switchboard.Tx) error { return q.run(tx, r) }); err != nil {
				return nil, fmt.Errorf("%s: %w", q.name, err)
			}
			ds = append(ds, time.Since(start))
		}
		out = append(out, figure(q.name, q.goal, ds))
	}
	return out, nil
}

// storeQueries are the measured queries over the fleet l.
func storeQueries(l *Loaded) []storeQuery {
	n, customers := len(l.DeviceIDs), len(l.Customers)
	// device draws a device of the large customer (even) or of a small one,
	// in the first nine tenths of the fleet so that later devices of its
	// customer fill the page after it.
	device := func(r *rand.Rand, large bool) int {
		i := r.IntN(max(n*9/20, 1)) * 2
		if !large && i+1 < n {
			i++
		}
		return i
	}
	page := func(customer, after string, limit int) func(tx switchboard.Tx) error {
		return func(tx switchboard.Tx) error {
			return wantPage(tx.Devices(switchboard.DeviceFilter{CustomerID: customer}, switchboard.Page{After: after, Limit: limit}))
		}
	}
	return []storeQuery{
		{"access-key lookup (every profile fetch)", LookupGoal, func(tx switchboard.Tx, r *rand.Rand) error {
			_, err := tx.DeviceByAccessKey(FleetAccessKey(r.IntN(n)))
			return err
		}},
		{"large customer, first page of 100", PageGoal, func(tx switchboard.Tx, _ *rand.Rand) error {
			return page(l.Customers[0], "", 0)(tx)
		}},
		{"large customer, deep page of 100 (cursor)", PageGoal, func(tx switchboard.Tx, r *rand.Rand) error {
			return page(l.Customers[0], l.DeviceIDs[device(r, true)], 0)(tx)
		}},
		{"large customer, first page of 1000", PageGoal, func(tx switchboard.Tx, _ *rand.Rand) error {
			return page(l.Customers[0], "", 1000)(tx)
		}},
		{"small customer, first page of 100", PageGoal, func(tx switchboard.Tx, r *rand.Rand) error {
			return page(l.Customers[1+r.IntN(customers-1)], "", 0)(tx)
		}},
		{"small customer, deep page of 100 (cursor)", PageGoal, func(tx switchboard.Tx, r *rand.Rand) error {
			i := device(r, false)
			return page(l.Customers[FleetCustomer(i, customers)], l.DeviceIDs[i], 0)(tx)
		}},
		{"workplace's devices", PageGoal, func(tx switchboard.Tx, r *rand.Rand) error {
			return wantPage(tx.Devices(switchboard.DeviceFilter{WorkplaceID: l.Workplaces[r.IntN(len(l.Workplaces))]}, switchboard.Page{}))
		}},
	}
}

// wantPage fails on an error or an empty page, which would mean the
// benchmark measured nothing.
func wantPage(ds []*switchboard.Device, _ string, err error) error {
	if err == nil && len(ds) == 0 {
		err = fmt.Errorf("empty page")
	}
	return err
}

// figure summarises the durations ds of the query name.
func figure(name string, goal time.Duration, ds []time.Duration) Figure {
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(int(q*float64(len(ds))), len(ds)-1)] }
	return Figure{Name: name, N: len(ds), P50: at(0.5), P99: at(0.99), Max: ds[len(ds)-1], Goal: goal}
}
