package connlimit

import (
	"net"
	"strconv"
	"testing"
	"time"
)

// fakeListener hands out one connection per remote address given.
type fakeListener struct {
	net.Listener
	remotes []net.Addr
}

func (f *fakeListener) Accept() (net.Conn, error) {
	if len(f.remotes) == 0 {
		return nil, net.ErrClosed
	}
	a := f.remotes[0]
	f.remotes = f.remotes[1:]
	return fakeConn{remote: a}, nil
}

type fakeConn struct {
	net.Conn
	remote net.Addr
}

func (c fakeConn) RemoteAddr() net.Addr { return c.remote }
func (c fakeConn) Close() error         { return nil }

func tcp(s string) net.Addr { a, _ := net.ResolveTCPAddr("tcp", s); return a }

// TestCapCountsAddressesAndIPv6Networks accepts from a list of sources
// with a cap of two: the third from one IPv4 address or one IPv6 /64 is
// refused, other sources and non-IP peers are not, and a connection closed
// (twice) frees one place.
func TestCapCountsAddressesAndIPv6Networks(t *testing.T) {
	refused := 0
	fl := &fakeListener{remotes: []net.Addr{
		tcp("198.51.100.7:1000"), tcp("198.51.100.7:1001"), tcp("198.51.100.7:1002"), tcp("198.51.100.8:1000"),
		tcp("[2001:db8:1:2::1]:1000"), tcp("[2001:db8:1:2::2]:1000"), tcp("[2001:db8:1:2:ffff::3]:1000"), tcp("[2001:db8:1:3::1]:1000"),
		&net.UnixAddr{Name: "@x", Net: "unix"}, &net.UnixAddr{Name: "@x", Net: "unix"}, &net.UnixAddr{Name: "@x", Net: "unix"},
	}}
	l := New(fl, 2, func() { refused++ })
	var got []string
	var first net.Conn
	for {
		c, err := l.Accept()
		if err != nil {
			break
		}
		if first == nil {
			first = c
		}
		got = append(got, c.RemoteAddr().String())
	}
	if len(got) != 9 || refused != 2 {
		t.Fatalf("accepted %v, refused %d; want 9 accepted and 2 refused", got, refused)
	}
	_ = first.Close()
	_ = first.Close()
	fl.remotes = []net.Addr{tcp("198.51.100.7:1003"), tcp("198.51.100.7:1004")}
	if c, err := l.Accept(); err != nil || c.RemoteAddr().String() != "198.51.100.7:1003" {
		t.Fatalf("after a close: %v", err)
	}
	if _, err := l.Accept(); err == nil || refused != 3 {
		t.Errorf("a second place after one close (refused %d)", refused)
	}
}

// TestQueueBoundsWaitingConnections caps one source at one connection
// with a queue of two: the second and third are accepted waiting, the
// fourth is closed; a waiting one gets no place while the first holds it,
// gets it within its wait once the first closes, and closed ones make
// room in the queue again.
func TestQueueBoundsWaitingConnections(t *testing.T) {
	refused := 0
	src := func(n int) []net.Addr {
		var as []net.Addr
		for i := range n {
			as = append(as, tcp("198.51.100.7:"+strconv.Itoa(2000+i)))
		}
		return as
	}
	fl := &fakeListener{remotes: src(4)}
	l := NewQueued(fl, 1, 2, func() { refused++ })
	var cs []net.Conn
	for {
		c, err := l.Accept()
		if err != nil {
			break
		}
		cs = append(cs, c)
	}
	if len(cs) != 3 || refused != 1 {
		t.Fatalf("accepted %d, refused %d; want 3 accepted (1 with a place, 2 waiting) and 1 refused", len(cs), refused)
	}
	if !Admit(cs[0], 0) {
		t.Error("the first connection holds no place")
	}
	if Admit(cs[1], 20*time.Millisecond) {
		t.Error("a waiting connection got a place the first one holds")
	}
	go func() { time.Sleep(20 * time.Millisecond); _ = cs[0].Close() }()
	if !Admit(cs[1], 5*time.Second) {
		t.Error("a waiting connection got no place after the first closed")
	}
	if Admit(cs[2], 20*time.Millisecond) {
		t.Error("the third connection got the place the second holds")
	}
	_ = cs[2].Close()
	fl.remotes = src(3)
	for range 2 {
		if _, err := l.Accept(); err != nil {
			t.Errorf("no room in the queue after two connections closed: %v", err)
		}
	}
	if _, err := l.Accept(); err == nil || refused != 2 {
		t.Errorf("a full queue took one more (refused %d)", refused)
	}
}
