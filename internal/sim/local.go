package sim

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/apiclient"
)

// LocalAddr reports whether host is this machine, and the address to reach
// it at: "localhost", a loopback address, one of this machine's interface
// addresses, or this machine's own host name when it resolves (through
// /etc/hosts or DNS) to one of those. serve puts its host name into the
// provisioning URLs by default, so a simulator on the same machine must
// take it for this machine. No other name is looked up.
func LocalAddr(host string) (net.IP, bool) {
	if host == "localhost" {
		return net.IPv4(127, 0, 0, 1), true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip, isOwn(ip)
	}
	if name, err := os.Hostname(); err != nil || !strings.EqualFold(strings.TrimSuffix(host, "."), name) {
		return nil, false
	}
	ip := ownName()
	return ip, ip != nil
}

// isOwn reports whether ip is loopback or an address of one of this
// machine's interfaces.
func isOwn(ip net.IP) bool {
	if ip.IsLoopback() {
		return true
	}
	for _, a := range ownAddrs() {
		if a.Equal(ip) {
			return true
		}
	}
	return false
}

// ownAddrs are this machine's interface addresses, read once: a run's
// phones ask for them on every connection.
var ownAddrs = sync.OnceValue(func() []net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []net.IP
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			out = append(out, n.IP)
		}
	}
	return out
})

// ownName is the address this machine's host name resolves to among its
// own, loopback first; nil when it resolves to none of them. It is looked
// up once per run.
var ownName = sync.OnceValue(func() net.IP {
	name, err := os.Hostname()
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, name)
	if err != nil {
		return nil
	}
	var own net.IP
	for _, a := range addrs {
		if a.IP.IsLoopback() {
			return a.IP
		}
		if own == nil && isOwn(a.IP) {
			own = a.IP
		}
	}
	return own
})

// notLocal says that host is not this machine and what to do about it.
func notLocal(host string) string {
	return fmt.Sprintf("%q is not this machine (loopback, one of its addresses or its host name); give --allow-remote to reach other hosts", host)
}

// PublicHostPath answers, without a token, the host name serve puts into
// provisioning URLs and SIP accounts (--public-host): what phones will be
// sent to, known before any device exists.
const PublicHostPath = "/api/public-host"

// CheckTargets asks the server which host its phones are sent to and
// refuses one that is not this machine unless allowRemote, so that a run
// that could not reach its phones' targets stops before it creates
// anything.
func CheckTargets(ctx context.Context, c *apiclient.Client, allowRemote bool) error {
	if allowRemote {
		return nil
	}
	var got struct {
		PublicHost string `json:"public_host"`
	}
	if err := c.Do(ctx, "GET", PublicHostPath, nil, &got); err != nil {
		return fmt.Errorf("ask the server where it sends phones: %w", err)
	}
	if _, ok := LocalAddr(got.PublicHost); !ok {
		return switchboard.Errorf(switchboard.EINVALID, "the server sends phones to %q (its --public-host), which is not this machine (loopback, one of its addresses or its host name); start serve with --public-host 127.0.0.1, or give sim --allow-remote to reach other hosts", got.PublicHost)
	}
	return nil
}
