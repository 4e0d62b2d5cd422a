package sip

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// memPersister records what the registrar saves.
type memPersister struct {
	mu    sync.Mutex
	saved map[string]DeviceBindings
	calls int
	fail  bool
}

func (m *memPersister) SaveBindings(_ context.Context, batch []DeviceBindings) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.fail {
		return errors.New("store down")
	}
	for _, b := range batch {
		m.saved[b.DeviceID] = b
	}
	return nil
}

func (m *memPersister) get(id string) (DeviceBindings, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.saved[id]
	return b, ok
}

func TestBindingsPersistedAndReloaded(t *testing.T) {
	mp := &memPersister{saved: map[string]DeviceBindings{}, fail: true}
	ts := startServer(t, func(o *Options) { o.Persister = mp })
	ts.accounts.add("nina1", "dev-n", testRealm, "pw", false)
	p := newPhone(t, ts.udp, "nina1", "pw")
	wantCode(t, p.register("Contact: "+p.contact(), "Expires: 300"), 200)
	// A failed flush is retried at the next one.
	waitFor(t, func() bool { mp.mu.Lock(); defer mp.mu.Unlock(); return mp.calls > 0 })
	mp.mu.Lock()
	mp.fail = false
	mp.mu.Unlock()
	var saved DeviceBindings
	waitFor(t, func() bool { var ok bool; saved, ok = mp.get("dev-n"); return ok })
	if len(saved.Bindings) != 1 || saved.Bindings[0].Contact != "sip:nina1@"+p.local() || saved.Bindings[0].Username != "nina1" {
		t.Fatalf("saved %+v", saved)
	}

	// A new server loads them and answers status and NOTIFY targets.
	s2, err := NewServer(Options{Accounts: newFakeAccounts(), Secret: []byte("0123456789abcdef")})
	if err != nil {
		t.Fatal(err)
	}
	expired := saved.Bindings[0]
	expired.DeviceID, expired.Expires = "dev-old", time.Now().Add(-time.Minute)
	s2.Load(append(saved.Bindings, expired))
	if st := s2.Status("dev-n"); !st.Online || st.Contact != saved.Bindings[0].Contact {
		t.Fatalf("status after Load: %+v", st)
	}
	if st := s2.Status("dev-old"); st.Online || st.IP != "127.0.0.1" {
		t.Fatalf("expired binding after Load: %+v (want offline with last IP)", st)
	}
}

func TestExpirySweepPublishesOffline(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ts := startServer(t, func(o *Options) { o.Now = clock })
	ts.accounts.add("olga1", "dev-o", testRealm, "pw", false)
	p := newPhone(t, ts.udp, "olga1", "pw")
	wantCode(t, p.register("Contact: "+p.contact(), "Expires: 60"), 200)
	if e := nextStatus(t, ts); !e.Status.Online {
		t.Fatalf("first event %+v", e)
	}
	mu.Lock()
	now = now.Add(61 * time.Second)
	mu.Unlock()
	e := nextStatus(t, ts)
	if e.DeviceID != "dev-o" || e.Status.Online || e.Status.LastIP != "127.0.0.1" {
		t.Fatalf("event after expiry %+v", e)
	}
	if st := ts.Status("dev-o"); st.Online || st.IP != "127.0.0.1" {
		t.Fatalf("status after expiry %+v", st)
	}
}

func nextStatus(t *testing.T, ts *testServer) StatusEvent {
	t.Helper()
	select {
	case e := <-ts.status:
		return e
	case <-time.After(3 * time.Second):
		t.Fatal("no status event")
	}
	return StatusEvent{}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 3 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestAccountCacheInvalidate(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("pete1", "dev-p", testRealm, "old-pw", false)
	p := newPhone(t, ts.udp, "pete1", "old-pw")
	wantCode(t, p.register("Contact: "+p.contact()), 200)
	ts.accounts.add("pete1", "dev-p", testRealm, "new-pw", false)
	// Still cached: the old password works until the cache is told.
	wantCode(t, p.register("Contact: "+p.contact()), 200)
	ts.Invalidate("pete1")
	wantCode(t, p.register("Contact: "+p.contact()), 401)
	p.password = "new-pw"
	wantCode(t, p.register("Contact: "+p.contact()), 200)
}

func TestAORMustBelongToAccount(t *testing.T) {
	ts := startServer(t, nil)
	a := ts.accounts.add("quinn", "dev-q", testRealm, "pw", false)
	ts.accounts.mu.Lock()
	a.AOR = "someone-else"
	ts.accounts.mu.Unlock()
	p := newPhone(t, ts.udp, "quinn", "pw")
	wantCode(t, p.register("Contact: "+p.contact()), 403)
}

func TestStatusForTable(t *testing.T) {
	for _, tt := range []struct {
		err  error
		code int
	}{
		{switchboard.Errorf(switchboard.EINVALID, "x"), 400},
		{switchboard.Errorf(switchboard.EUNAUTHORIZED, "x"), 401},
		{switchboard.Errorf(switchboard.EFORBIDDEN, "x"), 403},
		{switchboard.Errorf(switchboard.ENOTFOUND, "x"), 404},
		{switchboard.Errorf(switchboard.ECONFLICT, "x"), 403},
		{switchboard.Errorf(switchboard.ERATELIMIT, "x"), 503},
		{errors.New("db password=hunter2 failed"), 500},
	} {
		code, reason := StatusFor(tt.err)
		if code != tt.code {
			t.Errorf("%v → %d, want %d", tt.err, code, tt.code)
		}
		if tt.code == 500 && reason != "Server Internal Error" {
			t.Errorf("internal detail leaked into reason %q", reason)
		}
	}
	if _, r := StatusFor(switchboard.Errorf(switchboard.EFORBIDDEN, "bad\r\nX-Injected: 1")); r != "badX-Injected: 1" {
		t.Errorf("reason not sanitised: %q", r)
	}
}
