package provision

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/connlimit"
)

// maxAcceptDelay bounds the pause after a failed accept (out of file
// descriptors, say) before the next one is tried.
const maxAcceptDelay = time.Second

// shutdownGrace is how long a shutdown waits for answers under way.
const shutdownGrace = 10 * time.Second

// Serve answers the connections ln accepts, each on a goroutine of its
// own, until ctx ends; then it closes ln, ends the connections waiting for
// a request, lets the answers under way finish (for up to shutdownGrace)
// and returns nil. ln is usually a tls.NewListener: the handshake runs on
// the connection's goroutine, so a slow client holds up no other. A
// listener that fails makes Serve return its error.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() { _ = ln.Close() })
	defer stop()
	delay := time.Duration(0)
	for {
		nc, err := ln.Accept()
		if err == nil {
			delay = 0
			go s.handle(nc)
			continue
		}
		if ctx.Err() != nil {
			s.conns.drain(shutdownGrace)
			return nil
		}
		var tmp interface{ Temporary() bool }
		if errors.Is(err, net.ErrClosed) || !errors.As(err, &tmp) || !tmp.Temporary() {
			return fmt.Errorf("provisioning listener on %s: %w", ln.Addr(), err)
		}
		delay = min(max(2*delay, 5*time.Millisecond), maxAcceptDelay)
		s.log.Warn("provisioning: accept failed, retrying", "err", err, "in", delay)
		select {
		case <-time.After(delay):
		case <-ctx.Done():
		}
	}
}

// handle serves one accepted connection: the TLS handshake, if it is a
// TLS connection, and the first request within the header timeout, then
// the requests that follow on it (serveConn). A connection its source
// has no place for yet (connlimit.NewQueued) waits for one first, and is
// turned away when none comes free.
func (s *Server) handle(nc net.Conn) {
	st := s.conns.add(nc)
	if st == nil {
		_ = nc.Close()
		return
	}
	defer s.conns.remove(nc)
	defer nc.Close()
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("provisioning: panic while answering", "from", nc.RemoteAddr().String(), "panic", v, "stack", string(debug.Stack()))
		}
	}()
	if !connlimit.Admit(nc, s.connWait) {
		s.turnAway(nc)
		return
	}
	dl := &deadline{nc: nc, slack: min(maxDeadlineSlack, s.headerTimeout/10)}
	dl.set(time.Now().Add(s.headerTimeout))
	var peer *tls.ConnectionState
	if tc, ok := nc.(*tls.Conn); ok {
		if err := tc.Handshake(); err != nil {
			s.log.Debug("provisioning: TLS handshake failed", "from", nc.RemoteAddr().String(), "err", err)
			return
		}
		// Only a connection that sent a client certificate keeps its
		// state for the requests (clientcert.go); the copy is taken in the
		// branch so a connection without one allocates nothing.
		if cs := tc.ConnectionState(); len(cs.PeerCertificates) > 0 {
			kept := cs
			peer = &kept
		}
	}
	s.serveConn(nc, st, dl, peer)
}

// turnAway answers the first request of a connection that found no place
// with the "retry later" of shedding (503, Retry-After) and ends it: a
// phone understands that and comes back after the time it names, while a
// connection closed unanswered looks like a failed fetch, which firmware
// retries only on its own schedule, often minutes later. Nothing is
// looked up: the handshake and reading one request are all it costs,
// within the header timeout.
func (s *Server) turnAway(nc net.Conn) {
	_ = nc.SetDeadline(time.Now().Add(s.headerTimeout))
	if tc, ok := nc.(*tls.Conn); ok {
		if err := tc.Handshake(); err != nil {
			return
		}
	}
	b := bufsPool.Get().(*connBufs)
	defer b.release()
	b.lim = limitedReader{r: nc, n: maxRequestBytes}
	b.br.Reset(&b.lim)
	b.bw.Reset(nc)
	r, err := http.ReadRequest(b.br)
	if err != nil {
		return
	}
	s.shedding.shed.Add(1)
	b.w.reset(r)
	s.shedding.answer(&b.w, r)
	b.w.flush(b.bw, true)
	_ = b.bw.Flush()
}
