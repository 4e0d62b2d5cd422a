package provision_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/provision"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
	"github.com/switchboard-pbx/switchboard/internal/tlscert"
)

// provURL is the provisioning URL the service puts into profiles.
const provURL = "https://prov.example.net:8448"

// remoteHeader lets a test choose the source address of a request sent
// over the real TLS connection (which always comes from loopback).
const remoteHeader = "X-Test-Remote-Addr"

// env is a provisioning server over HTTPS on a real SQLite store, with the
// real vendor renderers and the use cases wired to a local change bus.
type env struct {
	t     testing.TB
	store switchboard.Store
	svc   *app.Service
	cat   *vendors.Catalogue
	srv   *provision.Server
	// url is where srv answers over TLS, as serve runs it, with the
	// certificate pool trusts.
	url   string
	pool  *x509.CertPool
	cert  tls.Certificate
	logs  *sbtest.Buffer
	clock *sbtest.Clock
	// done lists the pending actions fetches carried out ("device action").
	done   *sbtest.Buffer
	cust   *switchboard.Customer
	site   *switchboard.Site
	wp     *switchboard.Workplace
	client *http.Client
}

// newEnv starts the server; maxMisses misses block a source for a minute;
// tune, if any, changes the server's options.
func newEnv(t testing.TB, maxMisses int, tune ...func(*provision.Options)) *env {
	t.Helper()
	return newEnvOn(t, stores.SQLite(t), maxMisses, tune...)
}

// newEnvOn is newEnv on the store open opens.
func newEnvOn(t testing.TB, open stores.Opener, maxMisses int, tune ...func(*provision.Options)) *env {
	t.Helper()
	st := open(t)
	cat, err := vendors.New()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, store: st, cat: cat, logs: &sbtest.Buffer{}, done: &sbtest.Buffer{}, clock: sbtest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))}
	b := bus.NewLocal()
	e.svc = app.New(app.Options{Store: st, Catalogue: cat, ProvisioningURL: provURL,
		SIP: app.SIPSettings{Domain: "sip.example.net", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061}, Bus: b, Render: vendors.Render,
		FirmwareFiles: app.StoreFirmwareFiles(st),
		OnActionDone:  func(id string, a switchboard.Action) { fmt.Fprintln(e.done, id, a) }})
	o := provision.Options{
		Source: e.svc, Changes: b, MaxMisses: maxMisses, MissWindow: time.Minute, BlockFor: time.Minute,
		FlushInterval: time.Hour, Logger: slog.New(slog.NewTextHandler(e.logs, nil)), Now: e.clock.Now,
		ClientAddr: testClientAddr,
	}
	for _, f := range tune {
		f(&o)
	}
	e.srv, err = provision.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.srv.Close() })
	e.cert, e.pool = sbtest.Certificate(t, "127.0.0.1")
	// As serve configures it: phones are asked for a client certificate.
	cfg := tlscert.ServerConfig(e.cert)
	cfg.ClientAuth = tls.RequestClientCert
	e.url = "https://" + e.serve(cfg)
	e.client = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: e.pool}}}
	t.Cleanup(e.client.CloseIdleConnections)
	e.setup()
	return e
}

// serve runs the server on a new loopback listener, over TLS with cfg
// unless cfg is nil, until the test ends; it returns the address.
func (e *env) serve(cfg *tls.Config) string {
	e.t.Helper()
	// Without TCP keep-alive, as serve opens its provisioning socket.
	ln, err := (&net.ListenConfig{KeepAlive: -1}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	e.must(err)
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.Serve(ctx, ln) }()
	e.t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			e.t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// testClientAddr takes the source address from remoteHeader when the test
// set one.
func testClientAddr(r *http.Request) netip.Addr {
	a := r.RemoteAddr
	if h := r.Header.Get(remoteHeader); h != "" {
		a = h
	}
	ap, err := netip.ParseAddrPort(a)
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

// setup creates a customer with a site (encryption off) and a workplace.
func (e *env) setup() {
	ctx, p := context.Background(), switchboard.System
	var err error
	e.cust, err = e.svc.CreateCustomer(ctx, p, app.CustomerInput{Name: "Acme GmbH", AdminEmail: "admin@acme.example"})
	e.must(err)
	e.site, err = e.svc.CreateSite(ctx, p, e.cust.ID, app.SiteInput{Name: "Berlin", TimeZone: "Europe/Berlin", Language: "de"})
	e.must(err)
	e.wp, err = e.svc.CreateWorkplace(ctx, p, e.cust.ID, app.WorkplaceInput{Site: e.site.ID, FirstName: "Anna", LastName: "Schmidt",
		Email: "anna@acme.example", EmailConfirm: "anna@acme.example", NoMobile: true, Username: "anna.schmidt", Extension: "201", MultiLogin: true})
	e.must(err)
}

// activate carries out the orders, so the workplace is active and its
// devices carry its line.
func (e *env) activate() {
	e.t.Helper()
	ctx := context.Background()
	for n, err := e.svc.ProcessOrders(ctx); n > 0 || err != nil; n, err = e.svc.ProcessOrders(ctx) {
		e.must(err)
	}
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// device adds a device of the model to the workplace (workplace true) or
// free to the customer.
func (e *env) device(model, mac string, workplace bool) *app.DeviceView {
	e.t.Helper()
	wp := ""
	if workplace {
		wp = e.wp.ID
	}
	d, err := e.svc.CreateDevice(context.Background(), switchboard.System, e.cust.ID, wp, app.DeviceInput{Model: model, MAC: mac})
	e.must(err)
	return d
}

// reply is an answer as the test sees it.
type reply struct {
	status int
	header http.Header
	body   string
}

// get fetches path over HTTPS; remote, when set, is the source address the
// server sees ("203.0.113.9:4711"); extra headers are name, value pairs.
func (e *env) get(path, userAgent, remote string, extra ...string) reply {
	return e.do(http.MethodGet, path, userAgent, remote, extra...)
}

func (e *env) do(method, path, userAgent, remote string, extra ...string) reply {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, nil)
	e.must(err)
	if userAgent != "" {
		req.Header.Set("User-Agent", userAgent)
	}
	if remote != "" {
		req.Header.Set(remoteHeader, remote)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		req.Header.Set(extra[i], extra[i+1])
	}
	res, err := e.client.Do(req)
	e.must(err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	e.must(err)
	return reply{status: res.StatusCode, header: res.Header, body: string(b)}
}

// key is the access key in a device's provisioning URL.
func key(d *app.DeviceView) string {
	k := strings.TrimRight(strings.TrimSuffix(strings.TrimPrefix(d.ProvisioningURL, provURL+"/"), ".cfg"), "/")
	if len(k) != 48 {
		panic(fmt.Sprintf("provisioning URL %q has no key", d.ProvisioningURL))
	}
	return k
}

// comparable is a reply without the headers that legitimately differ
// between two answers (the date).
func (r reply) comparable() string {
	h := r.header.Clone()
	h.Del("Date")
	var b strings.Builder
	_ = h.Write(&b)
	return fmt.Sprintf("%d\n%s\n%s", r.status, b.String(), r.body)
}
