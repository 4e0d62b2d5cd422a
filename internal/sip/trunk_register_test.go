package sip

import (
	"context"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/peers"
)

// regTrunks is a TrunkSource of one registering trunk that the test can
// delete.
type regTrunks struct {
	fakeTrunks
	mu      sync.Mutex
	deleted bool
}

func (r *regTrunks) RegisteredTrunks(ctx context.Context) ([]*switchboard.Trunk, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.deleted {
		return nil, nil
	}
	return r.fakeTrunks.RegisteredTrunks(ctx)
}

func (r *regTrunks) delete() {
	r.mu.Lock()
	r.deleted = true
	r.mu.Unlock()
}

func registeringTrunk(proxy string) *regTrunks {
	return &regTrunks{fakeTrunks: fakeTrunks{t: switchboard.Trunk{ID: "t1", CustomerID: "c1", Name: "upstream", Proxy: proxy,
		Transport: "udp", Domain: "trunk.example", Username: "trunkuser", AuthUsername: "trunkauth", Password: "trunkpw", Register: true}}}
}

// TestTrunkRegistration: the node registers the trunk at its registrar (a
// SIPp UAS that challenges every REGISTER with 401 and checks the digest
// of the auth name and password), refreshes the binding at half the 2 s
// granted, shows it registered, and unregisters (Expires: 0) when the
// trunk is deleted.
func TestTrunkRegistration(t *testing.T) {
	peers.NeedSIPp(t)
	port := peers.FreePort(t)
	done := goSIPpScenario(t, "trunk_register_uas.xml", "trunkauth", "trunkpw", port)
	trunks := registeringTrunk("127.0.0.1:" + strconv.Itoa(port))
	ts, _, _ := startCallServer(t, nil, func(o *Options) { o.Trunks = trunks })

	// Granted 2 s at first, 60 s by the refresh.
	waitFor(t, func() bool {
		st := ts.TrunkRegistration("t1")
		return st.State == switchboard.TrunkRegistered && time.Until(st.ExpiresAt) > 30*time.Second
	})
	trunks.delete()
	ts.ReloadTrunks()
	msgs := wait(t, done)
	for _, want := range []string{"REGISTER sip:trunk.example SIP/2.0", "From: <sip:trunkuser@trunk.example>", "Contact: <sip:trunkuser@127.0.0.1:", "Expires: 0\r\nContent-Length: 0"} {
		if !strings.Contains(msgs, want) {
			t.Fatalf("the registrar saw no %q:\n%s", want, msgs)
		}
	}
	if st := ts.TrunkRegistration("t1"); st.State != switchboard.TrunkRegistrationOff {
		t.Fatalf("a deleted trunk's registration is %+v", st)
	}
	waitFor(t, func() bool {
		st := trunks.states()
		return slices.Contains(st, switchboard.TrunkRegistered) && st[len(st)-1] == switchboard.TrunkRegistrationOff
	})
}

// TestTrunkRegistrationRefused: a registrar that refuses shows the trunk
// failed, with its answer as the reason.
func TestTrunkRegistrationRefused(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			m, err := sip.ParseMessage(append([]byte(nil), buf[:n]...))
			if req, ok := m.(*sip.Request); err == nil && ok {
				pc.WriteTo([]byte(sip.NewResponseFromRequest(req, 403, "Forbidden", nil).String()), from)
			}
		}
	}()
	trunks := registeringTrunk(pc.LocalAddr().String())
	ts, _, _ := startCallServer(t, nil, func(o *Options) { o.Trunks = trunks })
	waitFor(t, func() bool { return ts.TrunkRegistration("t1").LastError == "the trunk answered 403 Forbidden" })
	if st := ts.TrunkRegistration("t1"); st.State != switchboard.TrunkRegistrationFailed || !st.ExpiresAt.IsZero() {
		t.Fatalf("a refused registration shows %+v", st)
	}
	if st := ts.TrunkRegistration("other"); st.State != switchboard.TrunkRegistrationOff {
		t.Fatalf("a trunk not registered shows %+v", st)
	}
	if st := trunks.states(); len(st) == 0 || st[0] != switchboard.TrunkRegistrationFailed {
		t.Fatalf("states reported for the store: %v; want failed first", st)
	}
}

// FuzzGrantedExpires: whatever a trunk answers, the lifetime taken is
// positive and never more than asked.
func FuzzGrantedExpires(f *testing.F) {
	f.Add("Contact: <sip:u@127.0.0.1:5060>;expires=30\r\nExpires: 10\r\n")
	f.Add("Expires: -5\r\n")
	f.Add("Contact: <sip:u@127.0.0.1:5060>;expires=99999999999999999999\r\n")
	contact := sip.Uri{Scheme: "sip", User: "u", Host: "127.0.0.1", Port: 5060}
	f.Fuzz(func(t *testing.T, headers string) {
		m, err := sip.ParseMessage([]byte("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:u@d>;tag=1\r\nTo: <sip:u@d>\r\n" +
			"Call-ID: c\r\nCSeq: 1 REGISTER\r\n" + headers + "Content-Length: 0\r\n\r\n"))
		res, ok := m.(*sip.Response)
		if err != nil || !ok {
			return
		}
		if d := grantedExpires(res, contact, time.Hour); d <= 0 || d > time.Hour {
			t.Fatalf("granted %v", d)
		}
	})
}
