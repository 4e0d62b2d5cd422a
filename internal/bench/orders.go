package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/apiclient"
)

// Orders creates many workplaces through a server's API at once and
// measures how soon their welcome mails reach an SMTP server: each new
// workplace is an order the server's order worker carries out (portal
// password, activation), and the welcome mail leaves through its outbox.
type Orders struct {
	// Client is the operator's API client of the server.
	Client *apiclient.Client
	// Pid is the server's process, whose CPU time is measured.
	Pid int
	// Sink is the SMTP server the server delivers to.
	Sink *MailSink
	// Workplaces is how many workplaces are created.
	Workplaces int
	// Clients is how many create requests are in flight at once, as an
	// import tool would send them.
	Clients int
	// Timeout bounds the wait for the last mail.
	Timeout time.Duration
}

// OrdersReport is what one run measured. Times are from the first create
// request; latencies from the answer to each workplace's create request
// (its order is committed by then) to its welcome mail, the first of the
// two mails to the workplace's address.
type OrdersReport struct {
	Workplaces       int
	Created          time.Duration // until the last create request was answered
	FirstWelcome     time.Duration
	LastWelcome      time.Duration
	LastMail         time.Duration // every mail: welcome, initial password, order confirmation
	P50, P99, Max    time.Duration
	ServerCPU        time.Duration
	Mails, MailsWant int
}

// Summary is the report as one line.
func (r OrdersReport) Summary() string {
	return fmt.Sprintf("orders: %d workplaces created in %.1f s; first welcome mail after %.2f s, last after %.1f s; "+
		"welcome latency p50 %.2f s, p99 %.2f s, max %.2f s; all %d/%d mails after %.1f s; server CPU %.1f s",
		r.Workplaces, r.Created.Seconds(), r.FirstWelcome.Seconds(), r.LastWelcome.Seconds(), r.P50.Seconds(),
		r.P99.Seconds(), r.Max.Seconds(), r.Mails, r.MailsWant, r.LastMail.Seconds(), r.ServerCPU.Seconds())
}

// Run creates the workplaces of one new customer, waits for their mails
// and writes progress lines every two seconds to progress and the
// one-line summary to out. It fails when a mail did not arrive within
// Timeout.
func (o Orders) Run(ctx context.Context, out, progress io.Writer) (OrdersReport, error) {
	tag := time.Now().UTC().Format("150405")
	admin := "admin-" + tag + "@bench.test"
	cpath, site, err := o.customer(ctx, tag, admin)
	if err != nil {
		return OrdersReport{}, err
	}
	cpu0, err := CPU(o.Pid)
	if err != nil {
		return OrdersReport{}, err
	}
	fmt.Fprintf(progress, "orders: creating %d workplaces with %d clients (server pid %d)\n", o.Workplaces, o.Clients, o.Pid)
	start := time.Now()
	created := make([]time.Time, o.Workplaces)
	addr := func(i int) string { return fmt.Sprintf("wp%05d-%s@bench.test", i, tag) }
	var made atomic.Int64
	errc := make(chan error, 1)
	go func() { errc <- o.create(ctx, cpath, site, tag, addr, created, &made) }()
	want := 3 * o.Workplaces // welcome and initial password to the user, confirmation to the admin
	deadline := time.NewTimer(o.Timeout)
	defer deadline.Stop()
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	creating := true
	for creating || o.Sink.Total() < want {
		select {
		case err := <-errc:
			if err != nil {
				return OrdersReport{}, err
			}
			creating = false
		case <-o.Sink.Seen():
		case <-tick.C:
			fmt.Fprintf(progress, "orders: %.0f s: %d of %d workplaces created, %d mails of %d arrived\n",
				time.Since(start).Seconds(), made.Load(), o.Workplaces, o.Sink.Total(), want)
		case <-deadline.C:
			return OrdersReport{}, fmt.Errorf("orders: %d mails of %d after %s", o.Sink.Total(), want, o.Timeout)
		case <-ctx.Done():
			return OrdersReport{}, ctx.Err()
		}
	}
	cpu1, err := CPU(o.Pid)
	if err != nil {
		return OrdersReport{}, err
	}
	r, err := o.report(start, created, addr, admin)
	if err != nil {
		return OrdersReport{}, err
	}
	r.ServerCPU, r.MailsWant = cpu1-cpu0, want
	fmt.Fprintln(out, r.Summary())
	return r, nil
}

// customer creates the benchmark's customer and its site.
func (o Orders) customer(ctx context.Context, tag, admin string) (cpath, site string, err error) {
	var c, s struct {
		ID string `json:"id"`
	}
	if err := o.Client.Do(ctx, "POST", "/api/v1/customers", map[string]any{"name": "Order bench " + tag, "admin_email": admin}, &c); err != nil {
		return "", "", fmt.Errorf("create the customer: %w", err)
	}
	cpath = "/api/v1/customers/" + url.PathEscape(c.ID)
	if err := o.Client.Do(ctx, "POST", cpath+"/sites", map[string]any{"name": "Head office"}, &s); err != nil {
		return "", "", fmt.Errorf("create the site: %w", err)
	}
	return cpath, s.ID, nil
}

// create sends the create requests, Clients at a time in the order of
// their numbers, and records when each was answered and how many were.
func (o Orders) create(ctx context.Context, cpath, site, tag string, addr func(int) string, created []time.Time, made *atomic.Int64) error {
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for range max(o.Clients, 1) {
		wg.Go(func() {
			for i := range next {
				email := addr(i)
				in := map[string]any{"site": site, "first_name": "Bench", "last_name": fmt.Sprintf("User %d", i),
					"email": email, "email_confirm": email, "username": fmt.Sprintf("wp%05d-%s", i, tag),
					"extension": fmt.Sprint(200000 + i), "no_mobile": true}
				err := o.Client.Do(ctx, "POST", cpath+"/workplaces", in, nil)
				mu.Lock()
				created[i] = time.Now()
				made.Add(1)
				if err != nil {
					errs = append(errs, fmt.Errorf("create workplace %d: %w", i, err))
				}
				mu.Unlock()
			}
		})
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(errs) > 0
	}
	for i := range created {
		if failed() || ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// report computes the figures from the sink's arrival times.
func (o Orders) report(start time.Time, created []time.Time, addr func(int) string, admin string) (OrdersReport, error) {
	r := OrdersReport{Workplaces: o.Workplaces, Mails: o.Sink.Total()}
	lat := make([]time.Duration, 0, len(created))
	first, last := time.Time{}, start
	for i, c := range created {
		got := o.Sink.Arrivals(addr(i))
		if len(got) == 0 {
			return r, fmt.Errorf("orders: no mail to %s", addr(i))
		}
		r.Created = max(r.Created, c.Sub(start))
		lat = append(lat, got[0].Sub(c))
		if first.IsZero() || got[0].Before(first) {
			first = got[0]
		}
		last = latest(last, got[0])
		r.LastMail = max(r.LastMail, latest(start, got...).Sub(start))
	}
	r.LastMail = max(r.LastMail, latest(start, o.Sink.Arrivals(admin)...).Sub(start))
	r.FirstWelcome, r.LastWelcome = first.Sub(start), last.Sub(start)
	slices.Sort(lat)
	at := func(q float64) time.Duration { return lat[min(max(int(q*float64(len(lat))+0.5)-1, 0), len(lat)-1)] }
	r.P50, r.P99, r.Max = at(0.50), at(0.99), lat[len(lat)-1]
	return r, nil
}

// latest returns the latest of t and ts.
func latest(t time.Time, ts ...time.Time) time.Time {
	for _, u := range ts {
		if u.After(t) {
			t = u
		}
	}
	return t
}
