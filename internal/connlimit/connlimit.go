// Package connlimit caps the connections a listener keeps open from one
// source address, so that one client, or one attacker, cannot hold all of
// a server's connections (and the memory and goroutines behind them) by
// opening more and more of them. IPv6 sources are counted per /64, the
// smallest network a site usually gets, so changing the interface part of
// the address does not escape the count.
//
// A connection beyond the cap is closed as soon as it is accepted, before
// any TLS handshake or read (New). A server whose clients retry only on
// their own slow schedule (desk phones in a boot storm behind one NAT
// address) may keep a bounded queue of them instead (NewQueued): such a
// connection is accepted without a place, waits a short time for one
// (Admit), and the server answers it "retry later" when none came free.
package connlimit

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// Listener is a net.Listener with a cap per source address.
type Listener struct {
	net.Listener
	max     int
	queue   int
	refused func()

	mu   sync.Mutex
	srcs map[netip.Prefix]*source
}

// source is one source's connections: a value in places for each that
// holds a place, and count for all of them, with a place or waiting for
// one (guarded by the Listener's mu).
type source struct {
	places chan struct{}
	count  int
}

// New wraps ln: at most max connections from one source are open at once;
// refused is called for each connection closed for being one too many.
// max 0 or less means no cap: ln is returned as it is.
func New(ln net.Listener, max int, refused func()) net.Listener {
	return NewQueued(ln, max, 0, refused)
}

// NewQueued is New with a queue: up to queue connections from one source
// beyond its limit are accepted too, without a place; each is to wait for
// one with Admit, and is told to come back later when none comes free.
// Only connections beyond max and queue together are closed at once, so
// the connections (file descriptors, goroutines) one source holds stay
// bounded by limit+queue.
func NewQueued(ln net.Listener, limit, queue int, refused func()) net.Listener {
	if limit <= 0 {
		return ln
	}
	return &Listener{Listener: ln, max: limit, queue: max(queue, 0), refused: refused, srcs: map[netip.Prefix]*source{}}
}

// Accept returns the next connection whose source is under its cap or
// has room in its queue, closing the others on the way.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		p, ok := prefixOf(c.RemoteAddr())
		if !ok {
			return c, nil
		}
		src := l.join(p)
		if src == nil {
			_ = c.Close()
			l.refused()
			continue
		}
		lc := &conn{Conn: c, l: l, prefix: p, src: src}
		select {
		case src.places <- struct{}{}:
			lc.held = true
		default:
		}
		return lc, nil
	}
}

// join counts one more connection from p; nil when p holds max+queue
// already.
func (l *Listener) join(p netip.Prefix) *source {
	l.mu.Lock()
	defer l.mu.Unlock()
	src := l.srcs[p]
	if src == nil {
		src = &source{places: make(chan struct{}, l.max)}
		l.srcs[p] = src
	}
	if src.count >= l.max+l.queue {
		return nil
	}
	src.count++
	return src
}

// leave counts a connection from p less.
func (l *Listener) leave(p netip.Prefix, src *source) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if src.count--; src.count <= 0 && l.srcs[p] == src {
		delete(l.srcs, p)
	}
}

// prefixOf is the unit connections are counted for; false for an address
// that is not IP (a Unix socket), which is not counted.
func prefixOf(a net.Addr) (netip.Prefix, bool) {
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

// Admit waits up to wait for c to hold a place of its source and says
// whether it does. A connection accepted under the cap holds one from the
// start, and so does one that did not come from a Listener. c may be a
// TLS connection over one (its NetConn is looked at).
func Admit(c net.Conn, wait time.Duration) bool {
	if n, ok := c.(interface{ NetConn() net.Conn }); ok {
		c = n.NetConn()
	}
	lc, ok := c.(*conn)
	if !ok {
		return true
	}
	return lc.admit(wait)
}

// conn gives its place back when closed, once however often it is closed.
type conn struct {
	net.Conn
	l      *Listener
	prefix netip.Prefix
	src    *source

	mu     sync.Mutex
	held   bool
	closed bool
}

// admit waits for a place; a place found after the connection was closed
// is given back at once.
func (c *conn) admit(wait time.Duration) bool {
	c.mu.Lock()
	held, closed := c.held, c.closed
	c.mu.Unlock()
	if held || closed {
		return held
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case c.src.places <- struct{}{}:
	case <-t.C:
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		<-c.src.places
		return false
	}
	c.held = true
	return true
}

// Close implements net.Conn.
func (c *conn) Close() error {
	err := c.Conn.Close()
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return err
	}
	c.closed = true
	held := c.held
	c.held = false
	c.mu.Unlock()
	if held {
		<-c.src.places
	}
	c.l.leave(c.prefix, c.src)
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
