package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
)

// provURL is the provisioning server's base URL as devices see it.
const provURL = "https://prov.example.test:8448"

// start is the time every env's clock begins at.
var start = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// catalogue is the real device catalogue, built once for all tests.
var catalogue = sync.OnceValues(vendors.New)

// env is one Service over a fresh SQLite store with the real catalogue, a
// clock the test moves, a fake registrar, and a store that fails on demand
// so a test can see a use case roll back.
type env struct {
	t   *testing.T
	ctx context.Context
	svc *app.Service
	db  *faultyStore
	sip *sbtest.Registrar

	// open opens the env's SQLite database again, as another process on
	// the same file does.
	open stores.Opener

	mu  sync.Mutex
	now time.Time
	// wakes receives a value each time the Service tells the outbox
	// dispatcher that messages were committed.
	wakes chan struct{}
	// hold, when set before the Service runs, holds up each outbox notice
	// (the order worker sends one after an order committed) until the test
	// closes the channel it receives from hold.
	hold chan chan struct{}
	// changes collects the change notices published ("topic id"), done
	// the pending actions fetches carried out ("device action").
	changes, done *recorder
}

// newEnv builds the Service; this is the one place the tests construct it.
func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvOn(t, stores.SQLite(t))
}

// newEnvOn is newEnv on the store open opens.
func newEnvOn(t *testing.T, open stores.Opener) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), db: &faultyStore{Store: open(t)}, open: open, sip: &sbtest.Registrar{},
		now: start, wakes: make(chan struct{}, 100), changes: &recorder{}, done: &recorder{}}
	e.svc = e.service(e.db, envNode)
	return e
}

// envNode is the name of the node the env's Service runs on.
const envNode = "node-a"

// voicemailURI is the voicemail service of the env.
const voicemailURI = "sip:voicemail@vm.example.test"

// service builds a Service over store on the named node, as one serve
// process starting there does (each call is a new run of the node).
func (e *env) service(store switchboard.Store, node string) *app.Service {
	e.t.Helper()
	cat, err := catalogue()
	if err != nil {
		e.t.Fatal(err)
	}
	return app.New(app.Options{
		Store: store, Catalogue: cat, Now: e.clock, ProvisioningURL: provURL, Node: node,
		SIP:        app.SIPSettings{Domain: "sip.example.test", Registrar: "sip.example.test"},
		DeviceTime: app.DeviceTime{NTPServers: []string{"ntp.operator.example"}, Resync: 24 * time.Hour},
		Registrar:  e.sip, Bus: envBus{e}, Firmware: vendors.Firmware, Render: vendors.Render,
		OnActionDone: func(id string, a switchboard.Action) { e.done.add(id + " " + string(a)) },
		VoicemailURI: voicemailURI, Tariff: envTariff,
		FirmwareFiles: app.StoreFirmwareFiles(store),
	})
}

// recorder collects what the Service reports outward, in order.
type recorder struct {
	mu    sync.Mutex
	items []string
}

func (r *recorder) add(item string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = append(r.items, item)
}

// take returns and clears the items so far.
func (r *recorder) take() (out []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out, r.items = r.items, nil
	return out
}

// envBus is the Service's bus in the tests: it records change notices
// ("topic id") and turns the outbox notice into a wake-up.
type envBus struct{ e *env }

// Publish implements switchboard.Bus.
func (b envBus) Publish(_ context.Context, topic, id string) error {
	if topic == switchboard.TopicOutbox {
		if b.e.hold != nil {
			release := make(chan struct{})
			b.e.hold <- release
			<-release
		}
		b.e.wakes <- struct{}{}
		return nil
	}
	b.e.changes.add(topic + " " + id)
	return nil
}

// Subscribe implements switchboard.Bus; the use cases subscribe to nothing.
func (envBus) Subscribe(string) (<-chan string, func()) {
	ch := make(chan string)
	return ch, func() {}
}

// clock is the Service's clock. Each reading is a millisecond later than
// the one before, so records made one after the other get ids (which start
// with the millisecond) in the order they were made.
func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(time.Millisecond)
	return e.now
}

// readings waits until the clock was read n more times from now, by the
// Service's loops running on their own, and fails the test after ten
// seconds: a loaded machine may run a loop's goroutine late.
func (e *env) readings(t *testing.T, n int) {
	t.Helper()
	e.mu.Lock()
	from := e.now
	e.mu.Unlock()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		e.mu.Lock()
		read := int(e.now.Sub(from) / time.Millisecond)
		e.mu.Unlock()
		if read >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the clock was read %d times in 10 s, want %d", read, n)
		}
	}
}

// advance moves the clock on.
func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// must fails the test on an error.
func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// wantCode fails the test unless err carries the application error code
// want ("" for success).
func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := switchboard.ErrorCode(err); got != want {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, got, want)
	}
}

// acme starts a test that runs in parallel with a fresh env and the
// tenant "acme".
func acme(t *testing.T) (*env, tenant) {
	t.Parallel()
	e := newEnv(t)
	return e, e.tenant("acme", 1)
}

// bareAcme starts a parallel test with a fresh env and only the customer,
// site and numbers of "acme" (see bare).
func bareAcme(t *testing.T) (*env, tenant) {
	t.Parallel()
	e := newEnv(t)
	return e, e.bare("acme", 1)
}

// tenant is a customer with a site, four numbers, two workplaces (wp1 with
// multi-login off, wp2 on) with a desk phone each, a free device, and the
// principals of its administrator and of wp1's user.
type tenant struct {
	cust         *switchboard.Customer
	site         *switchboard.Site
	numbers      []string
	wp1, wp2     *switchboard.Workplace
	desk1, desk2 *app.DeviceView
	free         *app.DeviceView
	admin, user1 switchboard.Principal
}

// tenant builds a tenant as the operator. name keeps usernames unique; n
// (0–9) keeps its numbers apart from other tenants'.
func (e *env) tenant(name string, n int) tenant {
	e.t.Helper()
	tn := e.bare(name, n)
	tn.wp1 = e.workplace(tn, name+".one", "201", func(in *app.WorkplaceInput) { in.Numbers = tn.numbers[:1] })
	tn.wp2 = e.workplace(tn, name+".two", "202", func(in *app.WorkplaceInput) { in.MultiLogin = true })
	tn.desk1 = e.device(tn.cust.ID, tn.wp1.ID, app.DeviceInput{Model: "yealink-t54w", Description: "desk 1"})
	tn.desk2 = e.device(tn.cust.ID, tn.wp2.ID, app.DeviceInput{Model: "yealink-t54w", Description: "desk 2"})
	tn.free = e.device(tn.cust.ID, "", app.DeviceInput{Model: "yealink-t54w", Description: "hot desk"})
	tn.user1 = switchboard.Principal{TokenID: "tok-user-" + name, Role: switchboard.RoleUser, CustomerID: tn.cust.ID, WorkplaceID: tn.wp1.ID}
	return tn
}

// bare builds only the customer, site, numbers and administrator of a
// tenant, for tests whose order worker should activate no other
// workplaces (each activation hashes a password, which takes a while).
func (e *env) bare(name string, n int) tenant {
	e.t.Helper()
	sys := switchboard.System
	var tn tenant
	var err error
	tn.cust, err = e.svc.CreateCustomer(e.ctx, sys, app.CustomerInput{Name: name + " GmbH", AdminEmail: "admin@" + name + ".example"})
	e.must(err)
	tn.site, err = e.svc.CreateSite(e.ctx, sys, tn.cust.ID, app.SiteInput{Name: "HQ", TimeZone: "Europe/Berlin", Language: "de"})
	e.must(err)
	for i := range 4 {
		tn.numbers = append(tn.numbers, fmt.Sprintf("+4930%d00000%d", n, i))
	}
	_, err = e.svc.AddNumbers(e.ctx, sys, tn.cust.ID, app.NumbersInput{Numbers: tn.numbers})
	e.must(err)
	tn.admin = switchboard.Principal{TokenID: "tok-admin-" + name, Role: switchboard.RoleAdmin, CustomerID: tn.cust.ID}
	return tn
}

// workplaceInput is a valid workplace of tn's site; edit changes it.
func workplaceInput(tn tenant, username, ext string, edit func(*app.WorkplaceInput)) app.WorkplaceInput {
	in := app.WorkplaceInput{Site: tn.site.ID, FirstName: "Erika", LastName: "Mustermann",
		Email: username + "@example.com", EmailConfirm: username + "@example.com", NoMobile: true,
		Username: username, Extension: ext, Package: switchboard.PackageBasic}
	if edit != nil {
		edit(&in)
	}
	return in
}

// workplace orders a workplace as the operator.
func (e *env) workplace(tn tenant, username, ext string, edit func(*app.WorkplaceInput)) *switchboard.Workplace {
	e.t.Helper()
	w, err := e.svc.CreateWorkplace(e.ctx, switchboard.System, tn.cust.ID, workplaceInput(tn, username, ext, edit))
	e.must(err)
	return w
}

// device creates a device as the operator.
func (e *env) device(customerID, workplaceID string, in app.DeviceInput) *app.DeviceView {
	e.t.Helper()
	d, err := e.svc.CreateDevice(e.ctx, switchboard.System, customerID, workplaceID, in)
	e.must(err)
	return d
}

// key is the access key in a device's provisioning URL.
func key(d *app.DeviceView) string {
	return d.AccessKey
}

// stored reads a device as stored, secrets included.
func (e *env) stored(id string) *switchboard.Device {
	e.t.Helper()
	return read(e, func(tx switchboard.Tx) (*switchboard.Device, error) { return tx.Device(id) })
}

// storedWorkplace reads a workplace as stored, secrets included.
func (e *env) storedWorkplace(id string) *switchboard.Workplace {
	e.t.Helper()
	return read(e, func(tx switchboard.Tx) (*switchboard.Workplace, error) { return tx.Workplace(id) })
}

// read reads one record in a transaction of its own.
func read[T any](e *env, get func(switchboard.Tx) (*T, error)) *T {
	e.t.Helper()
	var v *T
	e.must(e.db.View(e.ctx, func(tx switchboard.Tx) error {
		var err error
		v, err = get(tx)
		return err
	}))
	return v
}

// processOrders runs the order worker's rounds until no order is due and
// returns how many orders it claimed.
func (e *env) processOrders() int {
	e.t.Helper()
	total := 0
	for {
		n, err := e.svc.ProcessOrders(e.ctx)
		e.must(err)
		if n == 0 {
			return total
		}
		total += n
	}
}

// orders lists a customer's orders as the operator.
func (e *env) orders(customerID string) []*switchboard.Order {
	e.t.Helper()
	os, _, err := e.svc.Orders(e.ctx, switchboard.System, customerID, switchboard.Page{})
	e.must(err)
	return os
}

// messages lists a customer's outbox, bodies included, as the operator.
func (e *env) messages(customerID string) []*switchboard.Message {
	e.t.Helper()
	ms, _, err := e.svc.CustomerMessages(e.ctx, switchboard.System, customerID, app.MessageFilter{}, switchboard.Page{})
	e.must(err)
	return ms
}

// wantAudit fails the test unless the audit trail holds each entry,
// written "action object".
func (e *env) wantAudit(entries ...string) {
	e.t.Helper()
	evs, _, err := e.svc.Events(e.ctx, switchboard.System, switchboard.EventAudit, switchboard.Page{Limit: switchboard.MaxPageSize})
	e.must(err)
	have := map[string]bool{}
	for _, ev := range evs {
		have[ev.Action+" "+ev.Object] = true
	}
	for _, entry := range entries {
		if !have[entry] {
			e.t.Errorf("the audit trail lacks %q", entry)
		}
	}
}

// snapshot describes every record in the store, secrets included, so two
// snapshots differ whenever anything was written.
func (e *env) snapshot() string {
	e.t.Helper()
	var b strings.Builder
	e.must(e.db.View(e.ctx, func(tx switchboard.Tx) error {
		return errors.Join(
			dump(&b, "customer", tx.Customers),
			dump(&b, "site", func(p switchboard.Page) ([]*switchboard.Site, string, error) { return tx.Sites("", p) }),
			dump(&b, "number", func(p switchboard.Page) ([]*switchboard.Number, string, error) {
				return tx.Numbers(switchboard.NumberFilter{}, p)
			}),
			dump(&b, "workplace", func(p switchboard.Page) ([]*switchboard.Workplace, string, error) { return tx.Workplaces("", p) }),
			dump(&b, "device", func(p switchboard.Page) ([]*switchboard.Device, string, error) {
				return tx.Devices(switchboard.DeviceFilter{}, p)
			}),
			dump(&b, "order", func(p switchboard.Page) ([]*switchboard.Order, string, error) { return tx.Orders("", p) }),
			dump(&b, "event", func(p switchboard.Page) ([]*switchboard.Event, string, error) {
				return tx.Events(switchboard.EventFilter{}, p)
			}),
			dump(&b, "token", func(p switchboard.Page) ([]*switchboard.Token, string, error) { return tx.Tokens("", p) }),
			dump(&b, "message", func(p switchboard.Page) ([]*switchboard.Message, string, error) {
				return tx.Messages(switchboard.MessageFilter{}, p)
			}),
		)
	}))
	return b.String()
}

// dump writes every record a paginated list returns, one line each.
func dump[T any](b *strings.Builder, name string, list func(switchboard.Page) ([]*T, string, error)) error {
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		items, next, err := list(page)
		if err != nil {
			return fmt.Errorf("list %s: %w", name, err)
		}
		for _, it := range items {
			fmt.Fprintf(b, "%s %+v\n", name, *it)
		}
		if next == "" {
			return nil
		}
		page.After = next
	}
}
