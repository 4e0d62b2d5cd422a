//go:build unix

package main

import (
	"net"
	"syscall"
	"testing"
)

// TestProvisioningSocketHasNoKeepAlive accepts a connection on the
// provisioning and the API listener: keep-alive is off on the one only,
// so a phone's new connection costs no system calls to set it up.
func TestProvisioningSocketHasNoKeepAlive(t *testing.T) {
	l, err := listen(serveConfig{http: "127.0.0.1:0", prov: "127.0.0.1:0", sip: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.close()
	for _, c := range []struct {
		name string
		ln   net.Listener
		want int
	}{{"provisioning", l.prov, 0}, {"API", l.http, 1}} {
		d, err := net.Dial("tcp", c.ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		a, err := c.ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		raw, err := a.(*net.TCPConn).SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		got, serr := -1, error(nil)
		if err := raw.Control(func(fd uintptr) {
			got, serr = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
		}); err != nil || serr != nil {
			t.Fatal(err, serr)
		}
		if got != c.want {
			t.Errorf("%s connection: SO_KEEPALIVE %d, want %d", c.name, got, c.want)
		}
	}
}
