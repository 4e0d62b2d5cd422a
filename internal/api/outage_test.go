package api_test

import (
	"io"
	"net"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/api"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

// TestPostgresOutage stops the database under a running API: every answer
// that needs it is 503 with Retry-After (not 500), /readyz is 503 with
// Retry-After and a one-line reason while /healthz stays 200, and once the
// database is back both answer as before without a restart.
func TestPostgresOutage(t *testing.T) {
	db := newDBSwitch(t, pgtest.URL(t)) // skips without PostgreSQL
	kr := keyring.Random()
	openStore = func(testing.TB) stores.Opener {
		return func(t testing.TB) switchboard.Store { return storetest.Open(t, postgres.Open, db.url, kr) }
	}
	defer func() { openStore = stores.SQLite }()
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	serving := true
	live := api.Liveness()
	ready := api.Readiness(e.store, func() bool { return serving }, nil)
	get := func(path string) resp {
		t.Helper()
		rec := httptest.NewRecorder()
		h := live
		if path == "/readyz" {
			h = ready
		}
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return resp{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	}
	if r := get("/readyz"); r.status != 200 {
		t.Fatalf("readyz with the database up: %d %s", r.status, r.raw)
	}

	db.stop()
	calls := []struct{ method, path, body string }{
		{"GET", "/api/v1/customers/" + a.customer, ""},
		{"GET", "/api/v1/customers/" + a.customer + "/workplaces", ""},
		{"POST", "/api/v1/customers", `{"name": "Outage GmbH", "admin_email": "it@outage.example"}`},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, `{"last_name": "Schmidt"}`},
		{"POST", "/api/v1/devices/" + a.dev1 + "/sync", ""},
	}
	for round := range 2 { // the second round finds no connection left to break
		for _, c := range calls {
			var body any
			if c.body != "" {
				body = c.body
			}
			start := time.Now()
			r := e.call(c.method, c.path, e.operator, body)
			if r.status != 503 || r.header.Get("Retry-After") != api.RetryAfter || !strings.Contains(r.str("detail"), "try again") {
				t.Errorf("round %d, database stopped: %s %s: %d Retry-After %q %s, want 503 with Retry-After %s", round, c.method, c.path, r.status, r.header.Get("Retry-After"), r.raw, api.RetryAfter)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("%s %s took %s to say the database is down", c.method, c.path, d)
			}
		}
	}
	if r := get("/readyz"); r.status != 503 || r.header.Get("Retry-After") != api.RetryAfter ||
		strings.Count(strings.TrimSpace(string(r.raw)), "\n") != 0 || !strings.Contains(string(r.raw), "database") {
		t.Errorf("readyz with the database stopped: %d Retry-After %q %q, want 503, Retry-After and one line", r.status, r.header.Get("Retry-After"), r.raw)
	}
	if r := get("/healthz"); r.status != 200 {
		t.Errorf("healthz with the database stopped: %d %s, want 200: the process is alive", r.status, r.raw)
	}
	logs := e.logs.String()
	if strings.Contains(logs, "level=ERROR") {
		t.Errorf("the outage was logged as internal errors:\n%s", logs)
	}

	// A database that does not answer at all (a dropped route): the API
	// says so within the store's connect timeout, readiness within its own.
	db.silence()
	start := time.Now()
	if r := e.call("GET", "/api/v1/customers/"+a.customer, e.operator, nil); r.status != 503 || r.header.Get("Retry-After") != api.RetryAfter {
		t.Errorf("database silent: %d Retry-After %q %s, want 503 with Retry-After", r.status, r.header.Get("Retry-After"), r.raw)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("a silent database took %s to be reported", d)
	}
	start = time.Now()
	if r := get("/readyz"); r.status != 503 || r.header.Get("Retry-After") != api.RetryAfter || !strings.Contains(string(r.raw), "did not answer") {
		t.Errorf("readyz with the database silent: %d Retry-After %q %q", r.status, r.header.Get("Retry-After"), r.raw)
	}
	if d := time.Since(start); d > api.ReadyTimeout+time.Second {
		t.Errorf("readyz took %s with the database silent, want about %s", d, api.ReadyTimeout)
	}

	db.start()
	e.must(200, "GET", "/api/v1/customers/"+a.customer, e.operator, nil)
	if r := get("/readyz"); r.status != 200 {
		t.Errorf("readyz after the database came back: %d %s", r.status, r.raw)
	}
	serving = false
	if r := get("/readyz"); r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Errorf("readyz while shutting down: %d %s", r.status, r.raw)
	}
	if r := get("/healthz"); r.status != 200 {
		t.Errorf("healthz while shutting down: %d %s", r.status, r.raw)
	}

	// A store closed under a request (a node stopping) is unavailable too.
	e.store.Close()
	if r := e.call("GET", "/api/v1/customers/"+a.customer, e.operator, nil); r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Errorf("closed pool: %d %s, want 503 with Retry-After", r.status, r.raw)
	}
}

// dbSwitch stands between the store and the test PostgreSQL as a TCP relay
// on loopback, so the database can be "stopped" for one test without
// stopping the server the package's other tests share: stop closes every
// relayed connection and refuses new ones, as a stopped server's host does;
// silence leaves new ones unanswered, as a dropped route does; start lets
// them through again.
type dbSwitch struct {
	url    string
	target func() (net.Conn, error)
	ln     net.Listener
	mu     sync.Mutex
	state  string // "up", "down" or "silent"
	conns  map[net.Conn]bool
	wg     sync.WaitGroup
}

// newDBSwitch relays to the server of the database at dbURL and returns
// the switch, whose url reaches the same database through it.
func newDBSwitch(t *testing.T, dbURL string) *dbSwitch {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	network, addr := "tcp", u.Host
	if h := q.Get("host"); strings.HasPrefix(h, "/") {
		network, addr = "unix", filepath.Join(h, ".s.PGSQL."+q.Get("port"))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &dbSwitch{ln: ln, state: "up", conns: map[net.Conn]bool{},
		target: func() (net.Conn, error) { return net.DialTimeout(network, addr, 5*time.Second) }}
	q.Del("host")
	q.Del("port")
	u.Host, u.RawQuery = ln.Addr().String(), q.Encode()
	s.url = u.String()
	s.wg.Go(s.accept)
	t.Cleanup(func() {
		ln.Close()
		s.stop()
		s.wg.Wait()
	})
	return s
}

func (s *dbSwitch) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		state := s.state
		if state != "down" {
			s.conns[c] = true
		}
		s.mu.Unlock()
		switch state {
		case "down":
			// A stopped server's host resets the connection at once.
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
		case "up":
			s.wg.Go(func() { s.relay(c) })
		}
		// silent: the connection stays open and unanswered until cut.
	}
}

// relay copies between c and a new connection to the server until either
// side closes.
func (s *dbSwitch) relay(c net.Conn) {
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	up, err := s.target()
	if err != nil {
		return
	}
	defer up.Close()
	done := make(chan struct{}, 2)
	go func() { io.Copy(up, c); up.Close(); done <- struct{}{} }()
	go func() { io.Copy(c, up); c.Close(); done <- struct{}{} }()
	<-done
	<-done
}

// stop cuts every connection and refuses new ones.
func (s *dbSwitch) stop() { s.set("down") }

// silence cuts every connection and leaves new ones unanswered.
func (s *dbSwitch) silence() { s.set("silent") }

// start lets new connections through again.
func (s *dbSwitch) start() { s.set("up") }

func (s *dbSwitch) set(state string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = state
	for c := range s.conns {
		c.Close()
		delete(s.conns, c)
	}
}
