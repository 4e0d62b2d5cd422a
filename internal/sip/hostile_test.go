package sip

import (
	"context"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
)

func TestMethodsAnswered(t *testing.T) {
	ts := startServer(t, nil)
	p := newPhone(t, ts.udp, "x", "y")
	for _, tt := range []struct {
		method string
		code   int
	}{{"OPTIONS", 200}, {"INVITE", 405}, {"SUBSCRIBE", 405}, {"FROB", 501}, {"CANCEL", 481}} {
		res := p.raw(tt.method)
		wantCode(t, res, tt.code)
		if tt.code == 405 || tt.code == 501 {
			if h := res.GetHeader("Allow"); h == nil || !strings.Contains(h.Value(), "REGISTER") {
				t.Errorf("%s: %d without Allow", tt.method, tt.code)
			}
		}
	}
	if res := p.raw("ACK"); res != nil {
		t.Fatalf("ACK answered with %d", res.StatusCode)
	}
}

// raw sends a minimal request of any method.
func (p *phone) raw(method string) *sip.Response {
	p.t.Helper()
	msg := method + " sip:" + testRealm + " SIP/2.0\r\nVia: SIP/2.0/UDP " + p.local() + ";branch=" + sip.GenerateBranch() + "\r\n" +
		"Max-Forwards: 70\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: raw-" + method + "\r\nCSeq: 1 " + method + "\r\nContent-Length: 0\r\n\r\n"
	if _, err := p.conn.WriteToUDP([]byte(msg), p.server); err != nil {
		p.t.Fatal(err)
	}
	return p.read(time.Second)
}

var hostileMessages = []string{
	"",
	"\r\n\r\n",
	"REGISTER",
	"REGISTER sip:x SIP/2.0\r\n\r\n",
	"REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n",
	"REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
	"REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nAuthorization: Digest username=\"a\", nonce=\"\\\r\nContent-Length: 0\r\n\r\n",
	"REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nAuthorization: Digest username=\"a\", realm=\"r\", nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\", uri=\"sip:x\", response=\"00\", qop=auth, nc=zz, cnonce=\"c\"\r\nContact: *, <sip:a@b>\r\nExpires: -5\r\nContent-Length: 0\r\n\r\n",
	"REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nContent-Length: 99999\r\n\r\nabc",
	"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKnotours\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n",
	"REGISTER sip:x SIP/2.0\r\n" + strings.Repeat("X-Pad: "+strings.Repeat("a", 1000)+"\r\n", 40) + "\r\n",
}

// FuzzHandleRequest feeds parsed hostile requests to the request handler;
// a panic (recovered and logged by handle) fails the fuzz run.
func FuzzHandleRequest(f *testing.F) {
	for _, m := range hostileMessages {
		f.Add([]byte(m))
	}
	var panics atomic.Int64
	s, err := NewServer(Options{Accounts: newFakeAccounts(), Secret: []byte("0123456789abcdef"),
		Logger: slog.New(panicCounter{&panics})})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := sip.ParseMessage(data)
		if err != nil {
			return
		}
		req, ok := m.(*sip.Request)
		if !ok {
			s.client.deliver(m.(*sip.Response))
			return
		}
		req.SetTransport("UDP")
		req.SetSource("127.0.0.1:5070")
		s.handle(context.Background(), req)
		if panics.Load() > 0 {
			t.Fatalf("handler panicked on %q", data)
		}
	})
}

// panicCounter is a slog handler counting records about panics.
type panicCounter struct{ n *atomic.Int64 }

func (p panicCounter) Enabled(context.Context, slog.Level) bool { return true }
func (p panicCounter) Handle(_ context.Context, r slog.Record) error {
	if strings.Contains(r.Message, "panicked") {
		p.n.Add(1)
	}
	return nil
}
func (p panicCounter) WithAttrs([]slog.Attr) slog.Handler { return p }
func (p panicCounter) WithGroup(string) slog.Handler      { return p }

// TestHostileTrafficDoesNotStopListeners sends malformed and oversized
// messages over UDP and TCP and checks the server still answers.
func TestHostileTrafficDoesNotStopListeners(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MaxMessageSize = 4096 })
	u, err := net.Dial("udp", ts.udp)
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	for _, m := range hostileMessages {
		u.Write([]byte(m))
	}
	for range 3 {
		c, err := net.Dial("tcp", ts.tcp)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range hostileMessages {
			c.Write([]byte(m))
		}
		c.Close()
	}
	p := newPhone(t, ts.udp, "x", "y")
	wantCode(t, p.raw("OPTIONS"), 200)
	c, err := net.Dial("tcp", ts.tcp)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	msg := "OPTIONS sip:" + testRealm + " SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKtcp\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: tcp1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
	c.Write([]byte(msg))
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 4096)
	n, err := c.Read(buf)
	if err != nil || !strings.HasPrefix(string(buf[:n]), "SIP/2.0 200") {
		t.Fatalf("TCP listener did not answer OPTIONS after hostile traffic: %v %q", err, buf[:n])
	}
}

func TestConnectionLimitPerAddress(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MaxConnectionsPerIP = 2 })
	var conns []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", ts.tcp)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	conns[2].SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := conns[2].Read(make([]byte, 1)); err == nil || isTimeout(err) {
		t.Fatalf("third connection from one address was not closed: %v", err)
	}
	conns[0].Close()
	waitFor(t, func() bool {
		c, err := net.Dial("tcp", ts.tcp)
		if err != nil {
			return false
		}
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		_, err = c.Read(make([]byte, 1))
		return isTimeout(err)
	})
	if ts.Stats().RefusedConnections == 0 {
		t.Fatal("refused connections not counted")
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// FuzzUpdateBindings feeds hostile REGISTERs past authentication, straight
// into contact and expiry handling, and checks the bindings stay sane.
func FuzzUpdateBindings(f *testing.F) {
	for _, m := range hostileMessages {
		f.Add([]byte(m))
	}
	f.Add([]byte("REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\n" +
		"Call-ID: c\r\nCSeq: 1 REGISTER\r\nContact: <sip:a@1.2.3.4>;expires=99;+sip.instance=\"<urn:x>\";reg-id=1, <sip:b@h>\r\n" +
		"Path: <sip:p1;lr>\r\nSupported: path\r\nExpires: 60\r\nContent-Length: 0\r\n\r\n"))
	s, err := NewServer(Options{Accounts: newFakeAccounts(), Secret: []byte("0123456789abcdef"), MaxBindingsPerAccount: 3})
	if err != nil {
		f.Fatal(err)
	}
	acct := &Account{Username: "a", DeviceID: "dev-fuzz", Realm: "b"}
	src := netip.MustParseAddrPort("127.0.0.1:5070")
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := sip.ParseMessage(data)
		if err != nil {
			return
		}
		req, ok := m.(*sip.Request)
		if !ok || req.Via() == nil || req.To() == nil || req.CallID() == nil || req.CSeq() == nil {
			return
		}
		req.SetTransport("UDP")
		req.SetSource(src.String())
		now := time.Now()
		r := s.bind(regFromMessage(req), acct, src, false, now)
		if r.code < 200 || r.code > 599 {
			t.Fatalf("answer %d", r.code)
		}
		bs := s.Bindings("dev-fuzz")
		if len(bs) > 3 {
			t.Fatalf("%d bindings beyond the limit of 3", len(bs))
		}
		for _, b := range bs {
			if left := b.Expires.Sub(now); left > s.opt.MaxExpires || left <= 0 {
				t.Fatalf("binding lifetime %v outside the limits", left)
			}
		}
	})
}

func TestOversizedMessageIgnored(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MaxMessageSize = 2048 })
	p := newPhone(t, ts.udp, "x", "y")
	if res := p.send(sip.GenerateBranch(), "X-Padding: "+strings.Repeat("p", 3000)); res != nil {
		t.Fatalf("a message over the size limit was answered with %d", res.StatusCode)
	}
	if res := p.send(sip.GenerateBranch(), "X-Padding: "+strings.Repeat("p", 1000)); res == nil {
		t.Fatal("a message within the size limit was not answered")
	}
}

// TestUnknownSIPVersionAnswered505: a request in another SIP version is
// answered 505 Version Not Supported (RFC 3261 §21.5.7, RFC 4475 §3.3.14)
// in SIP/2.0, never in the version the request claimed; the version is
// case-insensitive (RFC 3261 §7.1).
func TestUnknownSIPVersionAnswered505(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("vers1", "dev-vers", testRealm, "pw", false)
	p := newPhone(t, ts.udp, "vers1", "pw")
	for _, c := range []struct {
		method, version string
		code            int
	}{{"REGISTER", "SIP/9.9", 505}, {"OPTIONS", "SIP/3.0", 505}, {"OPTIONS", "SIP/1.0", 505}, {"OPTIONS", "sip/2.0", 200}} {
		msg := c.method + " sip:" + testRealm + " " + c.version + "\r\nVia: SIP/2.0/UDP " + p.local() + ";branch=" + sip.GenerateBranch() + ";rport\r\n" +
			"Max-Forwards: 70\r\nFrom: <sip:vers1@" + testRealm + ">;tag=1\r\nTo: <sip:vers1@" + testRealm + ">\r\nCall-ID: version-" + c.version +
			"\r\nCSeq: 1 " + c.method + "\r\nContact: " + p.contact() + "\r\nContent-Length: 0\r\n\r\n"
		if _, err := p.conn.WriteToUDP([]byte(msg), p.server); err != nil {
			t.Fatal(err)
		}
		res := p.read(time.Second)
		wantCode(t, res, c.code)
		if res.SipVersion != "SIP/2.0" {
			t.Errorf("%s in %s answered in %q", c.method, c.version, res.SipVersion)
		}
	}
	if ts.Status("dev-vers").Online {
		t.Fatal("REGISTER in an unknown SIP version registered")
	}
}
