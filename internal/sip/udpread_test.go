package sip

import (
	"errors"
	"net"
	"net/netip"
	"os"
	"runtime"
	"testing"
	"time"
)

// TestUDPReaderSortsABatch sends a burst the way a booting site does: the
// reader takes the whole burst in one read on Linux, keeps the REGISTER
// for the fast path, drops what a blocked source sent, and hands sipgo the
// rest in the order it came, with each sender's address.
func TestUDPReaderSortsABatch(t *testing.T) {
	s := diffServer(t)
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s.fastUDP.Store(conn)
	r := newUDPReader(s, conn)

	phone := listenLoopback(t, net.IPv4(127, 0, 0, 1))
	blocked := listenLoopback(t, net.IPv4(127, 0, 0, 2))
	for i := 0; !s.guard.sourceBlocked(netip.MustParseAddr("127.0.0.2"), s.now()); i++ {
		if i > 1000 {
			t.Fatal("127.0.0.2 is never blocked")
		}
		s.guard.fail(netip.MustParseAddr("127.0.0.2"), "mallory", s.now())
	}
	options := func(n string) []byte {
		return []byte("OPTIONS sip:" + testRealm + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK" + n +
			"\r\nFrom: <sip:alice@" + testRealm + ">;tag=1\r\nTo: <sip:" + testRealm + ">\r\nCall-ID: " + n +
			"\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
	}
	burst := []struct {
		from *net.UDPConn
		data []byte
	}{
		{phone, options("first")},
		{blocked, options("blocked")},
		{phone, diffRegister(t, "alice", false, plainContact)},
		{blocked, diffRegister(t, "alice", false, plainContact)},
		{phone, options("second")},
	}
	for _, d := range burst {
		if _, err := d.from.WriteTo(d.data, conn.LocalAddr()); err != nil {
			t.Fatal(err)
		}
	}

	buf := make([]byte, 65535)
	for _, want := range []string{"first", "second"} {
		conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		n, from, err := r.ReadFrom(buf)
		if err != nil {
			t.Fatalf("reading the OPTIONS %q: %v", want, err)
		}
		if got := string(buf[:n]); got != string(options(want)) {
			t.Fatalf("sipgo got\n%s\nwant the OPTIONS %q", got, want)
		}
		if from.String() != phone.LocalAddr().String() {
			t.Errorf("OPTIONS %q from %v, want %v", want, from, phone.LocalAddr())
		}
		if want == "first" && runtime.GOOS == "linux" && r.n != len(burst) {
			t.Errorf("the first read took %d datagrams, want the burst's %d in one", r.n, len(burst))
		}
	}
	conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, from, err := r.ReadFrom(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("after the burst sipgo got %q from %v (%v), want nothing more", buf[:n], from, err)
	}
	if len(s.work) != 1 {
		t.Fatalf("%d requests queued for the fast path, want the phone's REGISTER alone", len(s.work))
	}
	if in := <-s.work; in.reg == nil || in.reg.source.Addr() != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("queued %+v, want the REGISTER from 127.0.0.1", in)
	}
}

// listenLoopback opens a UDP socket on ip for the test's lifetime.
func listenLoopback(t *testing.T, ip net.IP) *net.UDPConn {
	t.Helper()
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: ip})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestUDPReaderOnADualStackSocket: serve's default socket (":5060") is an
// IPv6 one that IPv4 phones reach as IPv4-mapped addresses; their
// REGISTERs still take the fast path, and sipgo still sees them as IPv4.
func TestUDPReaderOnADualStackSocket(t *testing.T) {
	s := diffServer(t)
	conn, err := net.ListenUDP("udp", &net.UDPAddr{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if conn.LocalAddr().(*net.UDPAddr).IP.To4() != nil {
		t.Log("this machine has no IPv6: the socket is IPv4 only, as a dual-stack one is there")
	}
	s.fastUDP.Store(conn)
	r := newUDPReader(s, conn)
	phone := listenLoopback(t, net.IPv4(127, 0, 0, 1))
	to := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: conn.LocalAddr().(*net.UDPAddr).Port}
	ping := []byte("OPTIONS sip:" + testRealm + " SIP/2.0\r\n\r\n")
	for _, d := range [][]byte{diffRegister(t, "alice", false, plainContact), ping} {
		if _, err := phone.WriteTo(d, to); err != nil {
			t.Fatal(err)
		}
	}
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 65535)
	n, from, err := r.ReadFrom(buf)
	if err != nil || string(buf[:n]) != string(ping) {
		t.Fatalf("sipgo got %q (%v), want the OPTIONS", buf[:n], err)
	}
	if from.String() != phone.LocalAddr().String() {
		t.Errorf("OPTIONS from %v, want %v", from, phone.LocalAddr())
	}
	if len(s.work) != 1 {
		t.Fatalf("%d requests queued for the fast path, want the REGISTER", len(s.work))
	}
}
