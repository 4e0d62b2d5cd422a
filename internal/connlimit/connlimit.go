// Package connlimit caps the connections a listener keeps open from one
// source address, so that one client, or one attacker, cannot hold all of
// a server's connections (and the memory and goroutines behind them) by
// opening more and more of them. A connection beyond the cap is closed as
// soon as it is accepted, before any TLS handshake or read. IPv6 sources
// are counted per /64, the smallest network a site usually gets, so
// changing the interface part of the address does not escape the count.
package connlimit

import (
	"net"
	"net/netip"
	"sync"
)

// Listener is a net.Listener with a cap per source address.
type Listener struct {
	net.Listener
	max     int
	refused func()

	mu   sync.Mutex
	open map[netip.Prefix]int
}

// New wraps ln: at most max connections from one source are open at once;
// refused is called for each connection closed for being one too many.
// max 0 or less means no cap: ln is returned as it is.
func New(ln net.Listener, max int, refused func()) net.Listener {
	if max <= 0 {
		return ln
	}
	return &Listener{Listener: ln, max: max, refused: refused, open: map[netip.Prefix]int{}}
}

// Accept returns the next connection whose source is under the cap,
// closing the others on the way.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		src, ok := source(c.RemoteAddr())
		if !ok {
			return c, nil
		}
		if l.take(src) {
			return &conn{Conn: c, release: func() { l.release(src) }}, nil
		}
		_ = c.Close()
		l.refused()
	}
}

// take counts a connection from src unless src is at the cap.
func (l *Listener) take(src netip.Prefix) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[src] >= l.max {
		return false
	}
	l.open[src]++
	return true
}

func (l *Listener) release(src netip.Prefix) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[src]--; l.open[src] <= 0 {
		delete(l.open, src)
	}
}

// source is the unit connections are counted for; false for an address
// that is not IP (a Unix socket), which is not counted.
func source(a net.Addr) (netip.Prefix, bool) {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.Prefix{}, false
	}
	addr := ap.Addr().Unmap()
	bits := 32
	if addr.Is6() {
		bits = 64
	}
	p, err := addr.Prefix(bits)
	return p, err == nil
}

// conn gives its place back when closed, once however often it is closed.
type conn struct {
	net.Conn
	once    sync.Once
	release func()
}

// Close implements net.Conn.
func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// CloseWrite half-closes the connection where the wrapped one can, as
// net/http does before closing a connection it has answered on.
func (c *conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
