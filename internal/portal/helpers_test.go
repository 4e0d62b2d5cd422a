package portal_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
	"github.com/switchboard-pbx/switchboard/internal/portal"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
)

// catalogue is the real device catalogue, built once.
var catalogue = sync.OnceValues(vendors.New)

// password is every test account's password.
const password = "portal password 1"

// tenant is a customer with one site, two workplaces with a desk phone
// each, and a company administrator's account.
type tenant struct {
	cust         *switchboard.Customer
	wp1, wp2     *switchboard.Workplace
	desk1, desk2 *app.DeviceView
	admin        string
}

// env is the portal over a fresh SQLite store, served on loopback, with
// an operator account and two tenants.
type env struct {
	t           testing.TB
	ctx         context.Context
	svc         *app.Service
	db          switchboard.Store
	sip         *sbtest.Registrar
	bus         switchboard.Bus
	srv         *httptest.Server
	acme, other tenant
}

// node is the use cases of one node on the store and change bus given,
// with the real device catalogue.
func node(t testing.TB, db switchboard.Store, b switchboard.Bus, reg switchboard.Registrar) *app.Service {
	t.Helper()
	cat, err := catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return app.New(app.Options{Store: db, Catalogue: cat, ProvisioningURL: "https://prov.example.test:8448",
		SIP: app.SIPSettings{Domain: "sip.example.test", Registrar: "sip.example.test"}, Registrar: reg, Bus: b, Render: vendors.Render,
		Firmware: vendors.Firmware, FirmwareFiles: app.StoreFirmwareFiles(db),
		Messages: messages.Env{PortalURL: "https://portal.example.test/login"}})
}

func newEnv(t testing.TB, opts portal.Options) *env {
	t.Helper()
	return newEnvOn(t, opts, stores.SQLite(t)(t), bus.NewLocal())
}

// newEnvOn is the portal of one node with the store and change bus given.
func newEnvOn(t testing.TB, opts portal.Options, db switchboard.Store, b switchboard.Bus) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), sip: &sbtest.Registrar{}, bus: b, db: db}
	e.svc = node(t, db, b, e.sip)
	// The open event streams end before the server closes, as serve's
	// shutdown ends them.
	done := make(chan struct{})
	opts.Done = done
	h, err := portal.New(e.svc, opts)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	t.Cleanup(func() { close(done) })
	e.account(switchboard.RoleOperator, "ops", "")
	e.acme, e.other = e.tenant("acme"), e.tenant("globex")
	return e
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// account creates a portal account with the shared password.
func (e *env) account(role switchboard.Role, username, customerID string) {
	e.t.Helper()
	_, err := e.svc.CreatePortalAccount(e.ctx, switchboard.System, app.PortalAccountInput{Username: username, Role: role,
		CustomerID: customerID, Password: password})
	e.must(err)
}

// tenant builds a customer as the operator; its workplaces are active
// with the shared portal password, as an order leaves them.
func (e *env) tenant(name string) tenant {
	e.t.Helper()
	sys := switchboard.System
	var tn tenant
	var err error
	tn.cust, err = e.svc.CreateCustomer(e.ctx, sys, app.CustomerInput{Name: name + " GmbH", AdminEmail: "admin@" + name + ".example"})
	e.must(err)
	site, err := e.svc.CreateSite(e.ctx, sys, tn.cust.ID, app.SiteInput{Name: "HQ", TimeZone: "Europe/Berlin", Language: "de"})
	e.must(err)
	workplace := func(user, ext string) *switchboard.Workplace {
		w, err := e.svc.CreateWorkplace(e.ctx, sys, tn.cust.ID, app.WorkplaceInput{Site: site.ID, FirstName: "Erika",
			LastName: "Muster", Email: user + "@" + name + ".example", EmailConfirm: user + "@" + name + ".example",
			NoMobile: true, Username: user, Extension: ext, Package: switchboard.PackageBasic})
		e.must(err)
		sbtest.ActivateWorkplace(e.t, e.db, w.ID, password)
		return w
	}
	tn.wp1, tn.wp2 = workplace(name+".one", "201"), workplace(name+".two", "202")
	desk := func(w *switchboard.Workplace, desc string) *app.DeviceView {
		d, err := e.svc.CreateDevice(e.ctx, sys, tn.cust.ID, w.ID, app.DeviceInput{Model: "yealink-t54w", Description: desc})
		e.must(err)
		return d
	}
	tn.desk1, tn.desk2 = desk(tn.wp1, name+" desk one"), desk(tn.wp2, name+" desk two")
	tn.admin = "it@" + name + ".example"
	e.account(switchboard.RoleAdmin, tn.admin, tn.cust.ID)
	return tn
}

// browser is an HTTP client with its own cookies, like one browser.
type browser struct {
	e    *env
	c    *http.Client
	lang string
	// csrf is the form token of the last page read.
	csrf string
}

// page is one answer.
type page struct {
	status int
	body   string
	header http.Header
}

func (e *env) browser(lang string) *browser {
	jar, err := cookiejar.New(nil)
	e.must(err)
	return &browser{e: e, lang: lang, c: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

// loggedIn is a browser logged in as username.
func (e *env) loggedIn(username string) *browser {
	e.t.Helper()
	b := e.browser("en")
	b.get("/login")
	if p := b.post("/login", url.Values{"username": {username}, "password": {password}}); p.status != http.StatusOK {
		e.t.Fatalf("log in as %s: %d %s", username, p.status, p.body)
	}
	return b
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) do(req *http.Request) page {
	b.e.t.Helper()
	req.Header.Set("Accept-Language", b.lang)
	resp, err := b.c.Do(req)
	b.e.must(err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	b.e.must(err)
	p := page{status: resp.StatusCode, body: string(raw), header: resp.Header}
	if m := csrfField.FindStringSubmatch(p.body); m != nil {
		b.csrf = m[1]
	}
	return p
}

func (b *browser) get(path string) page {
	b.e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	b.e.must(err)
	return b.do(req)
}

// post sends a form with the token of the last page read.
func (b *browser) post(path string, form url.Values) page {
	b.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	req, err := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	b.e.must(err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// stored reads a device as stored.
func (e *env) stored(id string) *switchboard.Device {
	e.t.Helper()
	var d *switchboard.Device
	e.must(e.db.View(e.ctx, func(tx switchboard.Tx) error {
		var err error
		d, err = tx.Device(id)
		return err
	}))
	return d
}

// register makes the device online, as a phone's registration does: the
// registrar's state and the notice on the bus.
func (e *env) register(id string) {
	e.t.Helper()
	e.sip.SetOnline(id, switchboard.DeviceStatus{IP: "192.0.2.10", UserAgent: "Yealink SIP-T54W 96.86.0.100"})
	e.must(e.bus.Publish(e.ctx, switchboard.TopicDeviceStatus, id))
}
