package sim

import (
	"net"
	"os"
	"testing"
)

// TestLocalAddr: loopback, this machine's own addresses and its host name
// are this machine; other names are refused without being looked up, and
// other addresses are refused.
func TestLocalAddr(t *testing.T) {
	for _, host := range []string{"localhost", "127.0.0.1", "127.0.1.1", "::1"} {
		if ip, ok := LocalAddr(host); !ok || !ip.IsLoopback() {
			t.Errorf("LocalAddr(%q) = %v, %v; want a loopback address", host, ip, ok)
		}
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if ip, ok := LocalAddr(n.IP.String()); !ok || !ip.Equal(n.IP) {
				t.Errorf("LocalAddr(%s), an address of this machine, = %v, %v", n.IP, ip, ok)
			}
		}
	}
	// 198.51.100.0/24 is for documentation; no machine should own it.
	if _, ok := LocalAddr("198.51.100.77"); ok && !isOwn(net.ParseIP("198.51.100.77")) {
		t.Error("198.51.100.77 taken for this machine")
	}
	// A name other than this machine's is refused as it is, never looked up
	// (.invalid cannot resolve either way).
	if ip, ok := LocalAddr("pbx.switchboard.invalid"); ok {
		t.Errorf("pbx.switchboard.invalid taken for this machine (%v)", ip)
	}
	name, err := os.Hostname()
	if err != nil {
		t.Skip("no host name:", err)
	}
	resolved, err := net.LookupIP(name)
	if err != nil {
		t.Skipf("host name %q does not resolve here: %v", name, err)
	}
	own := false
	for _, ip := range resolved {
		own = own || isOwn(ip)
	}
	ip, ok := LocalAddr(name)
	if ok != own || ok && !isOwn(ip) {
		t.Errorf("LocalAddr(%q) = %v, %v; it resolves to %v", name, ip, ok, resolved)
	}
}
