package registrar_test

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/registrar"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
	"github.com/switchboard-pbx/switchboard/internal/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/siptest"
)

// The one SIP account of the tests, that of device dev_1.
const (
	realm    = "sip.example.net"
	user     = "u1"
	password = "pw1"
)

var device = &switchboard.Device{ID: "dev_1", CustomerID: "cus_1", Model: "acme-d100",
	SIP: switchboard.SIPAccount{Username: user, AuthName: user, Password: password}}

// accounts is the account source of the tests; it counts lookups, to see
// the registrar's cache dropped.
type accounts struct {
	mu      sync.Mutex
	lookups int
}

func (a *accounts) Account(_ context.Context, username string) (*sip.Account, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lookups++
	if username != user {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no account %q", username)
	}
	acct := &sip.Account{Username: user, DeviceID: device.ID, CustomerID: device.CustomerID, Realm: realm}
	acct.SetPassword(password)
	return acct, nil
}

func (a *accounts) Password(context.Context, string) (string, error) { return password, nil }

func (a *accounts) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lookups
}

// catalogue knows every model, with check-sync for both events.
type catalogue struct{}

func (catalogue) Model(id string) (switchboard.Model, bool) {
	return switchboard.Model{ID: id, SyncEvent: "check-sync", RebootEvent: "check-sync"}, true
}

func (catalogue) Models() []switchboard.Model { return nil }

// openStore returns a SQLite store holding the device and its customer.
func openStore(t *testing.T) switchboard.Store {
	t.Helper()
	ctx := context.Background()
	db := stores.SQLite(t)(t)
	now := time.Now().UTC().Truncate(time.Microsecond)
	err := db.Update(ctx, func(tx switchboard.Tx) error {
		c := &switchboard.Customer{ID: device.CustomerID, Name: "Acme", AdminEmail: "it@acme.example", CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateCustomer(c); err != nil {
			return err
		}
		d := *device
		d.CreatedAt, d.UpdatedAt = now, now
		return tx.CreateDevice(&d)
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// node is one registrar serving UDP on loopback, as one serve node's.
type node struct {
	r    *registrar.Registrar
	addr string
	acc  *accounts
	reg  *prometheus.Registry
	stop func()
}

// startNode runs a registrar named name over store and b, on a new
// loopback port, until the test ends or stop is called.
func startNode(t *testing.T, store switchboard.Store, b switchboard.Bus, name string) *node {
	t.Helper()
	return startNodeOn(t, store, b, name, "127.0.0.1:0")
}

// startNodeOn is startNode on the UDP address addr.
func startNodeOn(t *testing.T, store switchboard.Store, b switchboard.Bus, name, addr string) *node {
	t.Helper()
	acc := &accounts{}
	n := startNodeWith(t, store, b, name, addr, acc, registrar.Options{})
	n.acc = acc
	return n
}

// startNodeWith is startNodeOn with the account source src and the
// options o adds (OnSighting).
func startNodeWith(t *testing.T, store switchboard.Store, b switchboard.Bus, name, addr string, src sip.AccountSource, o registrar.Options) *node {
	t.Helper()
	n := &node{reg: prometheus.NewRegistry()}
	r, err := registrar.New(context.Background(), registrar.Options{
		SIP:   sip.Options{Accounts: src, Secret: []byte("0123456789abcdef0123456789abcdef"), Algorithms: []string{"MD5"}, PersistInterval: 20 * time.Millisecond},
		Store: store, Bus: b, Catalogue: catalogue{}, Node: name, Registerer: n.reg, OnSighting: o.OnSighting,
	})
	if err != nil {
		t.Fatal(err)
	}
	pc, err := net.ListenPacket("udp", addr)
	if err != nil {
		t.Fatal(err)
	}
	n.r, n.addr = r, pc.LocalAddr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx, sip.UDP(pc)) }()
	n.stop = sync.OnceFunc(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	t.Cleanup(n.stop)
	return n
}

// register registers a new phone of the device with n.
func (n *node) register(t *testing.T, pw string) (*siptest.Phone, int) {
	t.Helper()
	p := siptest.Dial(t, "UDP", n.addr)
	code, _ := p.Register(user, realm, pw, 300)
	return p, code
}

// receive waits for the next id on ch.
func receive(t *testing.T, what string, ch <-chan string) string {
	t.Helper()
	select {
	case id := <-ch:
		return id
	case <-time.After(5 * time.Second):
		t.Fatalf("no %s within 5 s", what)
		return ""
	}
}

// eventually polls cond for up to 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5 s", what)
		}
	}
}

// notify sends the device's NOTIFY through n while phone answers it, and
// returns the outcomes and the Event header the phone saw.
func notify(t *testing.T, n *node, phone *siptest.Phone) ([]switchboard.BindingOutcome, string) {
	t.Helper()
	var event string
	outs := whilePhone(t, "Notify", func(ctx context.Context) ([]switchboard.BindingOutcome, error) {
		return n.r.Notify(ctx, device, false)
	}, func() { event = phone.WaitNotify(5 * time.Second).Headers.Get("Event") })
	return outs, event
}

// whilePhone runs call (a NOTIFY of the registrar) while the phone does
// its part in act, and returns call's outcomes, failing the test on its
// error.
func whilePhone(t *testing.T, what string, call func(context.Context) ([]switchboard.BindingOutcome, error), act func()) []switchboard.BindingOutcome {
	t.Helper()
	type result struct {
		outs []switchboard.BindingOutcome
		err  error
	}
	done := make(chan result, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		outs, err := call(ctx)
		done <- result{outs, err}
	}()
	act()
	res := <-done
	if res.err != nil {
		t.Fatalf("%s: %v", what, res.err)
	}
	return res.outs
}
