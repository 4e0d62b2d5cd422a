package sbtest

import (
	"net"
	"os"
	"testing"
)

// SocketFile opens a socket on 127.0.0.1 with a port of the kernel's
// choosing, "tcp" listening or "udp", and returns it as a file, as a
// service manager passes sockets to a process, with its address. Only the
// file keeps the socket open; it is closed when t ends (closing it before
// does no harm).
func SocketFile(t testing.TB, network string) (*os.File, string) {
	t.Helper()
	var (
		sock interface {
			File() (*os.File, error)
			Close() error
		}
		addr string
	)
	switch network {
	case "tcp":
		ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		sock, addr = ln, ln.Addr().String()
	case "udp":
		pc, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		sock, addr = pc, pc.LocalAddr().String()
	default:
		t.Fatalf("SocketFile: network %q is tcp or udp", network)
	}
	defer sock.Close()
	f, err := sock.File()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, addr
}
