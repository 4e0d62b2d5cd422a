package connlimit

import (
	"net"
	"testing"
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
