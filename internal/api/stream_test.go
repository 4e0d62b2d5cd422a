package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/api"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/registrar"
	"github.com/switchboard-pbx/switchboard/internal/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/siptest"
)

// liveEnv is an API over the real registrar, serving SIP over UDP on
// loopback, and a local bus; the API on a loopback HTTP server.
type liveEnv struct {
	*env
	url, sipAddr string
	// shutdown ends the open event streams as serve's shutdown does.
	shutdown func()
}

func newLiveEnv(t *testing.T) *liveEnv {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan struct{})
	l := &liveEnv{shutdown: func() { close(done) }}
	l.env = newEnvWith(t, testModels, func(db switchboard.Store, o *app.Options, ao *api.Options) {
		b := bus.NewLocal()
		r, err := registrar.New(ctx, registrar.Options{
			SIP: sip.Options{Accounts: app.NewSIPAccounts(db, o.SIP.Domain), Secret: []byte("0123456789abcdef0123456789abcdef"),
				Algorithms: []string{"MD5"}, PersistInterval: 20 * time.Millisecond},
			Store: db, Bus: b, Catalogue: testModels, Node: "node-a",
		})
		if err != nil {
			t.Fatal(err)
		}
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		l.sipAddr = pc.LocalAddr().String()
		stopped := make(chan struct{})
		go func() {
			defer close(stopped)
			if err := r.Run(ctx, sip.UDP(pc)); err != nil {
				t.Errorf("registrar: %v", err)
			}
		}()
		t.Cleanup(func() { cancel(); <-stopped })
		o.Registrar, o.Bus = r, b
		ao.Done, ao.Heartbeat = done, 50*time.Millisecond
	})
	srv := httptest.NewServer(l.handler)
	t.Cleanup(srv.Close)
	l.url = srv.URL
	return l
}

// sse is an open event stream: events receives "type data" per event,
// heartbeats a value per comment line; both close when the stream ends.
type sse struct {
	events     chan string
	heartbeats chan struct{}
}

// open starts a stream as token and fails the test unless it answers 200
// as text/event-stream.
func (l *liveEnv) open(t *testing.T, token string) *sse {
	t.Helper()
	resp := l.get(t, token)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sse{events: make(chan string, 100), heartbeats: make(chan struct{}, 1000)}
	go func() {
		defer close(s.events)
		defer close(s.heartbeats)
		sc := bufio.NewScanner(resp.Body)
		var typ string
		for sc.Scan() {
			switch line := sc.Text(); {
			case strings.HasPrefix(line, ":"):
				select {
				case s.heartbeats <- struct{}{}:
				default:
				}
			case strings.HasPrefix(line, "event: "):
				typ = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				s.events <- typ + " " + strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return s
}

// get asks for the stream as token; the body closes when the test ends.
func (l *liveEnv) get(t *testing.T, token string) *http.Response {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", l.url+"/api/v1/events/stream", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// next returns the next event within d, "" when none came.
func (s *sse) next(d time.Duration) string {
	select {
	case ev := <-s.events:
		return ev
	case <-time.After(d):
		return ""
	}
}

// TestEventStream registers a phone of tenant A through the real registrar
// and sees the online event reach A's administrator and the workplace's
// user within a second, and nothing reach B's administrator; then a stream
// limit per token, heartbeats, and the end of every stream at shutdown.
func TestEventStream(t *testing.T) {
	l := newLiveEnv(t)
	a, b := l.tenants()
	admin, user, other := l.open(t, a.admin), l.open(t, a.user1), l.open(t, b.admin)
	for _, s := range []*sse{admin, user, other} {
		select {
		case <-s.heartbeats:
		case <-time.After(2 * time.Second):
			t.Fatal("no heartbeat within 2 s")
		}
	}

	// Plain UDP on loopback: the site must not require TLS.
	l.must(200, "PATCH", "/api/v1/sites/"+a.site, a.admin, `{"encryption": false}`)
	acct := l.must(200, "GET", "/api/v1/devices/"+a.dev1+"/sip-account", a.admin, nil).obj()
	phone := siptest.Dial(t, "UDP", l.sipAddr)
	if code, reason := phone.Register(acct["auth_name"].(string), acct["domain"].(string), acct["password"].(string), 300); code != 200 {
		t.Fatalf("REGISTER: %d %s", code, reason)
	}
	registered := time.Now()
	for name, s := range map[string]*sse{"administrator": admin, "user": user} {
		ev := s.next(time.Second)
		var got app.LiveEvent
		if typ, data, _ := strings.Cut(ev, " "); typ != "device" || json.Unmarshal([]byte(data), &got) != nil ||
			got.ID != a.dev1 || got.State != "online" || got.Customer != a.customer {
			t.Errorf("%s: event %q, want device %s online", name, ev, a.dev1)
		}
	}
	if took := time.Since(registered); took > time.Second {
		t.Errorf("online events took %v", took)
	}
	if ev := other.next(500 * time.Millisecond); ev != "" {
		t.Errorf("another customer's administrator saw %q", ev)
	}

	for range app.MaxLiveStreams - 1 {
		l.open(t, a.admin)
	}
	if r := l.get(t, a.admin); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("stream %d of one token: status %d, want 429", app.MaxLiveStreams+1, r.StatusCode)
	}

	l.shutdown()
	for _, s := range []*sse{admin, user, other} {
		select {
		case _, open := <-s.events:
			if open {
				t.Errorf("an event after the shutdown")
			}
		case <-time.After(2 * time.Second):
			t.Fatal("a stream stayed open after the shutdown")
		}
	}
}
