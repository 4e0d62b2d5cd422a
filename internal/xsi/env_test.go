package xsi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
	"github.com/switchboard-pbx/switchboard/internal/xsi"
	"github.com/switchboard-pbx/switchboard/internal/xsi/xsitest"
)

// password is every test account's password.
const password = "Correct-Horse-9"

// catalogue is the real device catalogue, built once for all tests.
var catalogue = sync.OnceValues(vendors.New)

// env is the real use cases on a fresh SQLite store behind the Xsi
// handler on a loopback test server.
type env struct {
	t     testing.TB
	ctx   context.Context
	store switchboard.Store
	bus   *bus.Local
	svc   *app.Service
	calls *fakeCalls
	srv   *httptest.Server
	open  stores.Opener
	// handler is the first node's Xsi handler.
	handler http.Handler
}

// tenant is a customer with two active workplaces, an administrator's
// portal account and a monitoring account.
type tenant struct {
	cust             *switchboard.Customer
	one, two         *switchboard.Workplace
	admin, monitor   string
	oneUser, twoUser string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), bus: bus.NewLocal(), calls: &fakeCalls{}, open: stores.SQLite(t)}
	e.svc, e.srv = e.node()
	return e
}

// node starts one more node on the env's database and bus: its own store
// handle, use cases, Xsi handler and server, as another serve process
// sharing the database would have.
func (e *env) node() (*app.Service, *httptest.Server) {
	e.t.Helper()
	store := e.open(e.t)
	if e.store == nil {
		e.store = store
	}
	cat, err := catalogue()
	e.must(err)
	svc := app.New(app.Options{Store: store, Catalogue: cat, Bus: e.bus, Calls: e.calls, SIP: app.SIPSettings{Domain: "sip.example.test"}})
	done := make(chan struct{})
	h := xsi.New(svc, xsi.Options{Bus: e.bus, Done: done})
	if e.handler == nil {
		e.handler = h
	}
	mux := http.NewServeMux()
	for _, p := range []string{xsi.ActionsPrefix, xsi.EventsPrefix, xsi.AsyncPrefix} {
		mux.Handle(p, h)
	}
	srv := httptest.NewServer(mux)
	e.t.Cleanup(func() {
		close(done)
		srv.CloseClientConnections()
		srv.Close()
	})
	return svc, srv
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// tenant builds a customer; n keeps numbers and names apart.
func (e *env) tenant(name string, n int) tenant {
	e.t.Helper()
	sys := switchboard.System
	var tn tenant
	var err error
	tn.cust, err = e.svc.CreateCustomer(e.ctx, sys, app.CustomerInput{Name: name + " GmbH", AdminEmail: "admin@" + name + ".example"})
	e.must(err)
	site, err := e.svc.CreateSite(e.ctx, sys, tn.cust.ID, app.SiteInput{Name: "HQ", TimeZone: "Europe/Berlin", Language: "de"})
	e.must(err)
	numbers := []string{fmt.Sprintf("+4930%d000001", n), fmt.Sprintf("+4930%d000002", n)}
	_, err = e.svc.AddNumbers(e.ctx, sys, tn.cust.ID, app.NumbersInput{Numbers: numbers})
	e.must(err)
	wp := func(user, ext, number string) *switchboard.Workplace {
		w, err := e.svc.CreateWorkplace(e.ctx, sys, tn.cust.ID, app.WorkplaceInput{Site: site.ID, FirstName: "Erika", LastName: "Mustermann",
			Email: user + "@example.com", EmailConfirm: user + "@example.com", NoMobile: true,
			Username: user, Extension: ext, Numbers: []string{number}, Package: switchboard.PackageBasic})
		e.must(err)
		sbtest.ActivateWorkplace(e.t, e.store, w.ID, password)
		return w
	}
	tn.oneUser, tn.twoUser = name+".one", name+".two"
	tn.one, tn.two = wp(tn.oneUser, "201", numbers[0]), wp(tn.twoUser, "2002", numbers[1])
	tn.admin = name + ".admin"
	_, err = e.svc.CreatePortalAccount(e.ctx, sys, app.PortalAccountInput{Username: tn.admin, Role: switchboard.RoleAdmin,
		CustomerID: tn.cust.ID, Password: password})
	e.must(err)
	tn.monitor = name + ".monitor"
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	e.must(err)
	e.must(e.store.Update(e.ctx, func(tx switchboard.Tx) error {
		return tx.CreateMonitoringAccount(&switchboard.MonitoringAccount{ID: switchboard.NewID("mon", time.Now()),
			CustomerID: tn.cust.ID, Username: tn.monitor, PasswordHash: string(hash), CreatedAt: time.Now().UTC()})
	}))
	return tn
}

// as is a CTI client of the first node logged in as user.
func (e *env) as(user string) *xsitest.Client {
	return &xsitest.Client{T: e.t, Base: e.srv.URL, User: user, Password: password}
}

// recordCallEvent adds a call event as the B2BUA does.
func (e *env) recordCallEvent(ev *switchboard.CallEvent) {
	e.must(e.svc.RecordCallEvent(e.ctx, ev))
}

// fakeCalls is a B2BUA that records what it is asked and places calls on
// paper.
type fakeCalls struct {
	mu     sync.Mutex
	done   []string
	placed []switchboard.Call
}

func (f *fakeCalls) record(s string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.done = append(f.done, s)
	return nil
}

func (f *fakeCalls) actions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.done...)
}

func (f *fakeCalls) Calls(w string) []switchboard.Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []switchboard.Call
	for _, c := range f.placed {
		if c.WorkplaceID == w {
			out = append(out, c)
		}
	}
	return out
}
func (f *fakeCalls) Call(w, id string) (switchboard.Call, error) {
	for _, c := range f.Calls(w) {
		if c.ID == id {
			return c, nil
		}
	}
	return switchboard.Call{}, switchboard.Errorf(switchboard.ENOTFOUND, "call %q not found", id)
}
func (f *fakeCalls) Dial(_ context.Context, w, address string) (switchboard.Call, error) {
	_ = f.record("dial " + w + " " + address)
	c := switchboard.Call{ID: "callhalf-1", ExternalTrackingID: "ext-1", WorkplaceID: w, State: switchboard.CallAlerting,
		Personality: switchboard.CallClickToDial, RemoteAddress: address, StartedAt: time.UnixMilli(1796205600000)}
	f.mu.Lock()
	f.placed = append(f.placed, c)
	f.mu.Unlock()
	return c, nil
}
func (f *fakeCalls) Release(_ context.Context, w, id string) error { return f.record("release " + id) }
func (f *fakeCalls) Hold(_ context.Context, w, id string) error    { return f.record("hold " + id) }
func (f *fakeCalls) Talk(_ context.Context, w, id string) error    { return f.record("talk " + id) }
func (f *fakeCalls) BlindTransfer(_ context.Context, w, id, to string) error {
	return f.record("blind " + id + " " + to)
}
func (f *fakeCalls) ConsultTransfer(_ context.Context, w, id, other string) error {
	return f.record("consult " + id + " " + other)
}
func (f *fakeCalls) VoicemailTransfer(_ context.Context, w, id string) error {
	return f.record("vm " + id)
}
func (f *fakeCalls) Retrieve(_ context.Context, w string) (switchboard.Call, error) {
	_ = f.record("retrieve")
	return switchboard.Call{ID: "callhalf-2", ExternalTrackingID: "ext-2"}, nil
}
func (f *fakeCalls) Conference(_ context.Context, w string, ids []string) error {
	return f.record("conference " + strings.Join(ids, ","))
}
