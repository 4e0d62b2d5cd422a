package sip

import (
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/connlimit"
)

// limitListener guards stream listeners (TCP, TLS, WS, WSS): it refuses
// connections from blocked sources and beyond the per-address cap (package
// connlimit, which also counts IPv6 per /64) and the total limit, and
// closes connections that stay silent, so a flood of idle connections
// cannot exhaust the server.
type limitListener struct {
	net.Listener
	s *Server

	mu    sync.Mutex
	total int
}

// Connection limits and timeouts.
const (
	// firstMessageTimeout is how long a new connection may stay silent.
	firstMessageTimeout = 30 * time.Second
)

func (s *Server) limit(l net.Listener) net.Listener {
	perAddress := connlimit.New(l, s.opt.MaxConnectionsPerIP, func() { s.count.refusedConns.Add(1) })
	return &limitListener{Listener: perAddress, s: s}
}

// Accept returns the next connection within the limits; refused ones are
// closed at once.
func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip, _ := addrIP(c.RemoteAddr())
		if !l.admit(ip) {
			c.Close()
			continue
		}
		return &limitedConn{Conn: c, l: l, idle: l.s.opt.MaxExpires + time.Minute}, nil
	}
}

func (l *limitListener) admit(ip netip.Addr) bool {
	if l.s.guard.sourceBlocked(ip, l.s.now()) {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.total >= l.s.opt.MaxConnections {
		l.s.count.refusedConns.Add(1)
		return false
	}
	l.total++
	return true
}

func (l *limitListener) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
}

// limitedConn gives each read a deadline: short until the first bytes
// arrive, then long enough for a phone that only re-registers.
type limitedConn struct {
	net.Conn
	l      *limitListener
	idle   time.Duration
	seen   atomic.Bool
	closed atomic.Bool
}

func (c *limitedConn) Read(b []byte) (int, error) {
	d := firstMessageTimeout
	if c.seen.Load() {
		d = c.idle
	}
	if err := c.Conn.SetReadDeadline(time.Now().Add(d)); err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.seen.Store(true)
	}
	return n, err
}

func (c *limitedConn) Close() error {
	if c.closed.CompareAndSwap(false, true) {
		c.l.release()
	}
	return c.Conn.Close()
}
