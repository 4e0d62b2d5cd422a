package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/api"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
)

// catalogue is a tiny device catalogue for tests.
type catalogue []switchboard.Model

func (c catalogue) Model(id string) (switchboard.Model, bool) {
	for _, m := range c {
		if m.ID == id {
			return m, true
		}
	}
	return switchboard.Model{}, false
}

func (c catalogue) Models() []switchboard.Model { return append([]switchboard.Model(nil), c...) }

var testModels = catalogue{
	{ID: "acme-d100", Vendor: "Acme", Name: "D100", Kind: switchboard.KindDeskPhone, Lines: 2, LineKeys: 6, KeyTypes: []switchboard.KeyType{switchboard.KeyLine, switchboard.KeyBLF}, CanSync: true, CanReboot: true, FirmwareKey: true, URLForm: switchboard.URLFile, Files: []string{"{mac}.cfg"}},
	{ID: "acme-base", Vendor: "Acme", Name: "DECT Base", Kind: switchboard.KindDECTBase, Lines: 8, URLForm: switchboard.URLDirectory},
	{ID: "acme-handset", Vendor: "Acme", Name: "DECT Handset", Kind: switchboard.KindDECTHandset, Lines: 1},
	{ID: "acme-soft", Vendor: "Acme", Name: "Softphone", Kind: switchboard.KindDesktopClient, Lines: 1, URLForm: switchboard.URLFile},
}

// renderTest writes an Acme profile: one file with the first line's
// display name and password, enough for the profile difference.
func renderTest(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	var b strings.Builder
	for _, l := range p.Lines {
		fmt.Fprintf(&b, "display_name = %s\nsip_password = %s\n", l.DisplayName, l.Password)
	}
	return []switchboard.File{{Name: m.ID + ".cfg", Body: []byte(b.String())}}, nil
}

// env is one API over a fresh SQLite store.
type env struct {
	t        testing.TB
	store    switchboard.Store
	svc      *app.Service
	handler  http.Handler
	logs     *sbtest.Buffer
	registry *prometheus.Registry
	sip      *sbtest.Registrar
	now      time.Time
	operator string
	// secrets collects every secret the test saw, to check the logs.
	secrets []string
}

const provURL = "https://prov.example.test:8448"

// openStore gives a new env its store; TestOnPostgres swaps it.
var openStore = stores.SQLite

// bothStores are the openers of the tests that run on both stores.
var bothStores = map[string]func(testing.TB) stores.Opener{"sqlite": stores.SQLite, "postgres": stores.Postgres}

// newEnv is an API over a fresh store with the test catalogue.
func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, testModels)
}

// newEnvWith is an API over a fresh store with the catalogue cat; wire,
// when given, changes the options of the use cases and the API (a real
// registrar, a bus) before they are built.
func newEnvWith(t testing.TB, cat catalogue, wire ...func(db switchboard.Store, o *app.Options, ao *api.Options)) *env {
	t.Helper()
	db := openStore(t)(t)
	e := &env{t: t, store: db, logs: &sbtest.Buffer{}, registry: prometheus.NewRegistry(), sip: &sbtest.Registrar{},
		now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	o := app.Options{
		Store: db, Catalogue: cat, Now: func() time.Time { return e.now },
		ProvisioningURL: provURL,
		SIP:             app.SIPSettings{Domain: "sip.example.test", Registrar: "sip.example.test", Port: 5060, TLSPort: 5061},
		Logger:          log,
		Registrar:       e.sip,
		Render:          renderTest,
		FirmwareFiles:   app.StoreFirmwareFiles(db),
	}
	ao := api.Options{Logger: log, Registry: e.registry, MaxBodyBytes: 64 << 10}
	for _, w := range wire {
		w(db, &o, &ao)
	}
	e.svc = app.New(o)
	e.handler = api.New(e.svc, ao)
	tok, err := e.svc.CreateToken(context.Background(), switchboard.System, switchboard.RoleOperator, "", "")
	if err != nil {
		t.Fatal(err)
	}
	e.operator = tok.Secret
	e.secrets = append(e.secrets, tok.Secret)
	t.Cleanup(func() {
		logs := e.logs.String()
		for _, s := range e.secrets {
			if s != "" && strings.Contains(logs, s) {
				t.Errorf("a secret appeared in the logs: %q", s)
			}
		}
	})
	return e
}

// resp is one API answer.
type resp struct {
	status int
	header http.Header
	raw    []byte
}

// obj decodes the answer as an object.
func (r resp) obj() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.raw, &m)
	return m
}

// str returns a top-level string field.
func (r resp) str(field string) string {
	s, _ := r.obj()[field].(string)
	return s
}

// items decodes a list answer's items.
func (r resp) items() []map[string]any {
	var l struct {
		Items []map[string]any `json:"items"`
	}
	_ = json.Unmarshal(r.raw, &l)
	return l.Items
}

// call sends a request with a JSON body (a string is sent as is; a device
// import's as CSV) and the token, if any.
func (e *env) call(method, path, token string, body any) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
		if (strings.HasSuffix(path, "/import") && path != "/api/v1/import") || strings.HasSuffix(path, "/import/fusionpbx") {
			req.Header.Set("Content-Type", "text/csv") // the CSV imports; /api/v1/import reads an export's JSON
		}
		if method == http.MethodPost && strings.HasPrefix(path, "/api/v1/firmware") {
			req.Header.Set("Content-Type", "application/octet-stream") // uploads are the file itself
		}
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return resp{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
}

// must calls and fails the test unless the status is want.
func (e *env) must(want int, method, path, token string, body any) resp {
	e.t.Helper()
	r := e.call(method, path, token, body)
	if r.status != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, want, r.raw)
	}
	return r
}

// tenant is a customer with a site, numbers, two workplaces with a desk
// phone each, a free device and tokens.
type tenant struct {
	customer, site       string
	numbers              []string
	wp1, wp2             string
	dev1, dev2, free     string
	admin, user1         string
	adminTok, user1Tok   string
	username1, username2 string
	// order is the create_workplace order of wp1.
	order string
}

// makeTenant builds a tenant through the API. prefix keeps names unique.
func (e *env) makeTenant(prefix, numBase string) tenant {
	e.t.Helper()
	var tn tenant
	tn.customer = e.must(201, "POST", "/api/v1/customers", e.operator,
		map[string]any{"name": prefix + " GmbH", "admin_email": "admin@" + prefix + ".example"}).str("id")
	tn.site = e.must(201, "POST", "/api/v1/customers/"+tn.customer+"/sites", e.operator,
		map[string]any{"name": "HQ", "encryption": true}).str("id")
	tn.numbers = []string{numBase + "10", numBase + "11", numBase + "12", numBase + "13"}
	e.must(201, "POST", "/api/v1/customers/"+tn.customer+"/numbers", e.operator, map[string]any{"numbers": tn.numbers})
	tn.username1, tn.username2 = prefix+".one", prefix+".two"
	tn.wp1 = e.must(201, "POST", "/api/v1/customers/"+tn.customer+"/workplaces", e.operator,
		workplaceBody(tn.site, tn.username1, "201", tn.numbers[0])).str("id")
	tn.wp2 = e.must(201, "POST", "/api/v1/customers/"+tn.customer+"/workplaces", e.operator,
		workplaceBody(tn.site, tn.username2, "202", tn.numbers[1])).str("id")
	for _, o := range e.must(200, "GET", "/api/v1/customers/"+tn.customer+"/orders", e.operator, nil).items() {
		if o["workplace"] == tn.wp1 {
			tn.order, _ = o["id"].(string)
		}
	}
	tn.dev1 = e.must(201, "POST", "/api/v1/workplaces/"+tn.wp1+"/devices", e.operator,
		map[string]any{"model": "acme-d100", "description": "desk 1"}).str("id")
	tn.dev2 = e.must(201, "POST", "/api/v1/workplaces/"+tn.wp2+"/devices", e.operator,
		map[string]any{"model": "acme-d100", "description": "desk 2"}).str("id")
	tn.free = e.must(201, "POST", "/api/v1/customers/"+tn.customer+"/devices", e.operator,
		map[string]any{"model": "acme-d100", "description": "hot desk"}).str("id")
	a := e.must(201, "POST", "/api/v1/tokens", e.operator, map[string]any{"role": "admin", "customer": tn.customer})
	tn.admin, tn.adminTok = a.str("token"), a.str("id")
	u := e.must(201, "POST", "/api/v1/tokens", e.operator, map[string]any{"role": "user", "customer": tn.customer, "workplace": tn.wp1})
	tn.user1, tn.user1Tok = u.str("token"), u.str("id")
	e.secrets = append(e.secrets, tn.admin, tn.user1)
	for _, d := range []string{tn.dev1, tn.dev2, tn.free} {
		e.collectDeviceSecrets(d)
	}
	return tn
}

// tenants makes the tenants alpha and beta: tests check that alpha's
// callers never reach beta's objects.
func (e *env) tenants() (alpha, beta tenant) {
	e.t.Helper()
	return e.makeTenant("alpha", "+4930111"), e.makeTenant("beta", "+4940222")
}

// collectDeviceSecrets remembers a device's secrets for the log check.
func (e *env) collectDeviceSecrets(id string) {
	e.t.Helper()
	sip := e.must(200, "GET", "/api/v1/devices/"+id+"/sip-account", e.operator, nil)
	il := e.must(200, "GET", "/api/v1/devices/"+id+"/initial-login", e.operator, nil)
	d := e.must(200, "GET", "/api/v1/devices/"+id, e.operator, nil)
	url := strings.TrimSuffix(d.str("provisioning_url"), "/")
	key := strings.TrimSuffix(url[strings.LastIndexByte(url, '/')+1:], ".cfg")
	e.secrets = append(e.secrets, sip.str("password"), il.str("password"), key)
}

// workplaceBody is a valid workplace creation body.
func workplaceBody(site, username, ext string, numbers ...string) map[string]any {
	return map[string]any{
		"site": site, "first_name": "Erika", "last_name": "Mustermann", "street": "Hauptstr. 1",
		"postcode": "10115", "city": "Berlin", "email": username + "@example.com", "email_confirm": username + "@example.com",
		"no_mobile": true, "username": username, "extension": ext, "numbers": numbers, "package": "basic",
	}
}

// rawRequest sends a request with the Authorization header as given.
func (e *env) rawRequest(method, path, authorization string) resp {
	req := httptest.NewRequest(method, path, nil)
	req.Header.Set("Authorization", authorization)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return resp{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
}
