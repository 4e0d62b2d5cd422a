package sip

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// fakeAccounts is an AccountSource over a map.
type fakeAccounts struct {
	mu       sync.Mutex
	accounts map[string]*Account
	pw       map[string]string
	lookups  int
}

func newFakeAccounts() *fakeAccounts {
	return &fakeAccounts{accounts: map[string]*Account{}, pw: map[string]string{}}
}

// add creates an account whose AOR user and auth name are both user.
func (f *fakeAccounts) add(user, device, realm, password string, encryption bool) *Account {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := &Account{Username: user, DeviceID: device, CustomerID: "c1", Realm: realm, Encryption: encryption}
	a.SetPassword(password)
	f.accounts[user] = a
	f.pw[user] = password
	return a
}

func (f *fakeAccounts) Account(_ context.Context, username string) (*Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lookups++
	a, ok := f.accounts[username]
	if !ok {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no account")
	}
	c := *a
	return &c, nil
}

func (f *fakeAccounts) Password(_ context.Context, username string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.pw[username]
	if !ok {
		return "", switchboard.Errorf(switchboard.ENOTFOUND, "no account")
	}
	return p, nil
}

// testServer is a running server on loopback.
type testServer struct {
	*Server
	accounts           *fakeAccounts
	udp, tcp, tls, wss string
	status             chan StatusEvent
	security           chan SecurityEvent
}

const testRealm = "acme.example"

// listenTCP opens a TCP listener on a free port of 127.0.0.1.
func listenTCP(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// startServer runs a server on 127.0.0.1 with UDP, TCP and TLS listeners
// on free ports until the test ends.
func startServer(t *testing.T, tweak func(*Options)) *testServer {
	t.Helper()
	ts := &testServer{accounts: newFakeAccounts(), status: make(chan StatusEvent, 100), security: make(chan SecurityEvent, 100)}
	o := Options{
		Accounts:        ts.accounts,
		Secret:          []byte("0123456789abcdef0123456789abcdef"),
		Realm:           func(string) string { return testRealm },
		OnStatus:        func(e StatusEvent) { ts.status <- e },
		OnSecurity:      func(e SecurityEvent) { ts.security <- e },
		PersistInterval: 50 * time.Millisecond,
	}
	if testing.Verbose() {
		o.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if tweak != nil {
		tweak(&o)
	}
	s, err := NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	ts.Server = s
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tl, sl, wl := listenTCP(t), listenTCP(t), listenTCP(t)
	pair, _ := sbtest.Certificate(t, "127.0.0.1")
	ts.udp, ts.tcp, ts.tls, ts.wss = pc.LocalAddr().String(), tl.Addr().String(), sl.Addr().String(), wl.Addr().String()
	tlsConf := &tls.Config{Certificates: []tls.Certificate{pair}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- s.Serve(ctx, UDP(pc), TCP(tl), TLS(tls.NewListener(sl, tlsConf)), WSS(tls.NewListener(wl, tlsConf)))
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	// Serving has begun once an OPTIONS is answered.
	wantCode(t, newPhone(t, ts.udp, "ping", "").raw("OPTIONS"), 200)
	return ts
}

func parsePrefixes(t *testing.T, ss ...string) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}
