package sip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// Server is the registrar and NOTIFY sender. Create it with NewServer and
// run it with Serve.
type Server struct {
	opt    Options
	log    *slog.Logger
	now    func() time.Time
	tp     *sip.TransportLayer
	nonces *digest.Nonces
	cache  *accountCache
	loc    *location
	replay *replayGuard
	guard  *guard
	client *clientTxs
	intern *interner
	txs    *callTxs
	calls  *callTable
	txLog  *slog.Logger
	// callEvents queues call events for Options.OnCallEvents.
	callEvents chan switchboard.CallEvent
	// inviteSlots bounds the INVITEs being set up beside the workers.
	inviteSlots chan struct{}
	// trunkRegs are the registrations at upstream trunks.
	trunkRegs *trunkRegs

	events chan event
	count  counters
	work   chan inbound
	// quit is closed when Serve stops, releasing stream readers that wait
	// for a worker.
	quit chan struct{}
	// udpLocal are the local addresses of the UDP listeners, for sending to
	// a binding whose source has not been heard from since a restart.
	udpLocal atomic.Pointer[[]string]
	// fastUDP is the UDP socket whose REGISTERs take the fast path
	// (fastRegister): the only UDP listener, so that later requests to a
	// phone leave from the socket it registered on, as with sipgo's.
	fastUDP atomic.Pointer[net.UDPConn]
}

// NewServer checks the options and prepares a server; nothing listens
// until Serve.
func NewServer(o Options) (*Server, error) {
	if err := o.setDefaults(); err != nil {
		return nil, err
	}
	s := &Server{
		opt:    o,
		log:    o.Logger,
		now:    o.Now,
		nonces: digest.NewNonces(o.Secret, o.NonceTTL),
		cache:  newAccountCache(o.Accounts, o.AccountTTL, o.MaxCachedAccounts, o.Now, o.Logger),
		loc:    newLocation(o.Persister != nil),
		replay: newReplayGuard(o.NonceTTL),
		guard:  newGuard(o.MaxSourceFailures, o.MaxAccountFailures, o.FailureWindow, o.BlockDuration),
		client: newClientTxs(),
		intern: newInterner(),
		txs:    newCallTxs(),
		calls:  newCallTable(o.MaxCalls, o.MaxCallsPerAccount),
		txLog:  slog.New(quietHandler{o.Logger.Handler()}),

		inviteSlots: make(chan struct{}, maxInviteSetups),
		trunkRegs:   newTrunkRegs(),
		callEvents:  make(chan switchboard.CallEvent, o.CallEventQueue),
		events:      make(chan event, 4096),
		work:        make(chan inbound, 4096),
		quit:        make(chan struct{}),
	}
	parser := sip.NewParser()
	parser.MaxMessageLength = o.MaxMessageSize
	s.tp = sip.NewTransportLayer(noDNS, parser, nil,
		sip.WithTransportLayerLogger(slog.New(quietHandler{o.Logger.Handler()})),
		sip.WithTransportLayerReadFilter(s.readFilter))
	s.tp.OnMessage(s.onMessage)
	return s, nil
}

// noDNS refuses name lookups: the server only ever sends to addresses it
// received from, so a lookup would be a bug or an attack.
var noDNS = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
	return nil, errors.New("sip: DNS lookups are disabled")
}}

// Listener is one socket to serve: build it with UDP, TCP or TLS.
type Listener struct {
	network string
	packet  net.PacketConn
	stream  net.Listener
}

// UDP serves SIP over a UDP socket. Its receive buffer is raised (as far
// as the kernel allows) so a burst of REGISTERs, e.g. phones booting after
// a power cut, is queued rather than dropped.
func UDP(c net.PacketConn) Listener {
	if u, ok := c.(*net.UDPConn); ok {
		_ = u.SetReadBuffer(udpBuffer)
		_ = u.SetWriteBuffer(udpBuffer)
	}
	return Listener{network: "udp", packet: c}
}

// udpBuffer is the socket buffer size asked for UDP listeners.
const udpBuffer = 4 << 20

// TCP serves SIP over plain TCP connections accepted by l.
func TCP(l net.Listener) Listener { return Listener{network: "tcp", stream: l} }

// TLS serves SIP over TLS; l must already be a TLS listener (tls.NewListener).
func TLS(l net.Listener) Listener { return Listener{network: "tls", stream: l} }

// WS serves SIP over WebSocket (RFC 7118) for browser clients behind a
// TLS-terminating proxy.
func WS(l net.Listener) Listener { return Listener{network: "ws", stream: l} }

// WSS serves SIP over secure WebSocket; l must already be a TLS listener.
func WSS(l net.Listener) Listener { return Listener{network: "wss", stream: l} }

// Serve answers requests on the listeners until ctx ends, then closes them
// and flushes bindings to the persister. It returns the first listener
// error other than the closing itself. A Server serves once.
func (s *Server) Serve(ctx context.Context, ls ...Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, len(ls))
	ls = slices.Clone(ls)
	var udpLocal []string
	for _, l := range ls {
		if l.packet != nil {
			udpLocal = append(udpLocal, l.packet.LocalAddr().String())
		}
	}
	s.udpLocal.Store(&udpLocal)
	for i, l := range ls {
		if u, ok := l.packet.(*net.UDPConn); ok && len(udpLocal) == 1 {
			s.fastUDP.Store(u)
			ls[i].packet = newUDPReader(s, u)
		}
	}
	for _, l := range ls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			switch l.network {
			case "udp":
				err = s.tp.ServeUDP(l.packet)
			case "tcp":
				err = s.tp.ServeTCP(s.limit(l.stream))
			case "tls":
				err = s.tp.ServeTLS(s.limit(l.stream))
			case "ws":
				err = s.tp.ServeWS(s.limit(l.stream))
			case "wss":
				err = s.tp.ServeWSS(s.limit(l.stream))
			default:
				err = fmt.Errorf("sip: unknown listener %q", l.network)
			}
			if ctx.Err() == nil {
				if err == nil {
					// sipgo returns nil when a UDP socket is closed
					// under it: the socket stopped all the same.
					err = net.ErrClosed
				}
				errc <- fmt.Errorf("sip %s listener on %s: %w", l.network, l.addr(), err)
				cancel()
			}
		}()
	}
	for range s.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.worker(ctx)
		}()
	}
	wg.Add(3)
	go func() { defer wg.Done(); s.deliverEvents(ctx.Done()) }()
	go func() { defer wg.Done(); s.deliverCallEvents(ctx.Done()) }()
	go func() { defer wg.Done(); s.housekeeping(ctx) }()
	trunksDone := make(chan struct{})
	go func() { defer close(trunksDone); s.runTrunkRegistrations(ctx) }()

	<-ctx.Done()
	// The trunks are unregistered while the listeners still carry the
	// answers.
	<-trunksDone
	close(s.quit)
	for _, l := range ls {
		if l.packet != nil {
			l.packet.Close()
		}
		if l.stream != nil {
			l.stream.Close()
		}
	}
	s.tp.Close()
	wg.Wait()
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

// readFilter drops everything from a blocked source before it is parsed.
// The fast path's UDP socket has done so already (udpReader).
func (s *Server) readFilter(p sip.TransportReadProps, data []byte) ([]byte, error) {
	if ip, ok := addrIP(p.RemoteAddr); ok && s.guard.sourceBlocked(ip, s.now()) {
		return nil, nil
	}
	return data, nil
}

func addrIP(a net.Addr) (netip.Addr, bool) {
	switch a := a.(type) {
	case *net.UDPAddr:
		return a.AddrPort().Addr().Unmap(), true
	case *net.TCPAddr:
		return a.AddrPort().Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// onMessage runs on the transport's read goroutine: responses go to the
// NOTIFY client transactions, requests to the workers. A full queue drops
// UDP requests (the client retransmits) and makes stream readers wait.
func (s *Server) onMessage(m sip.Message) {
	switch m := m.(type) {
	case *sip.Response:
		if !s.deliverCall(m) {
			s.client.deliver(m)
		}
	case *sip.Request:
		s.count.requests.Add(1)
		if m.Transport() == "UDP" {
			select {
			case s.work <- inbound{req: m}:
			default:
				s.count.dropped.Add(1)
			}
			return
		}
		select {
		case s.work <- inbound{req: m}:
		case <-s.quit:
		}
	}
}

func (s *Server) worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case in := <-s.work:
			if in.reg != nil {
				s.handleFast(ctx, in.reg)
				continue
			}
			s.handle(ctx, in.req)
		}
	}
}

// handle answers one request; a panic in it is logged, never fatal.
func (s *Server) handle(ctx context.Context, req *sip.Request) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("SIP request handler panicked", "method", string(req.Method), "source", req.Source(), "panic", r)
		}
	}()
	if r, ok := s.precheck(req); !ok {
		if r.code != 0 {
			s.send(req, r)
		}
		return
	}
	switch req.Method {
	case sip.REGISTER:
		if r := s.register(ctx, req); r.code != 0 {
			s.send(req, r)
		}
	case sip.OPTIONS:
		s.send(req, reply{code: 200, reason: "OK", headers: []sip.Header{s.allow(), acceptHeader}})
	case sip.INVITE, sip.ACK, sip.CANCEL, sip.BYE, sip.UPDATE, sip.INFO, sip.REFER, sip.NOTIFY:
		if s.opt.Router != nil {
			s.callRequest(ctx, req)
			return
		}
		s.noCalls(req)
	default:
		s.noCalls(req)
	}
}

// precheck refuses a request that lacks what every request needs; ok
// false means r answers it (or nothing, if r is zero).
func (s *Server) precheck(req *sip.Request) (r reply, ok bool) {
	if req.Via() == nil || req.From() == nil || req.To() == nil || req.CallID() == nil || req.CSeq() == nil {
		s.log.Debug("SIP request without mandatory headers dropped", "source", req.Source())
		return reply{}, false
	}
	if !strings.EqualFold(req.SipVersion, "SIP/2.0") {
		// RFC 3261 §21.5.7; send answers in SIP/2.0 whatever the request
		// claimed, as the status line of the only version we speak.
		if req.Method != sip.ACK {
			return reply{code: 505, reason: "Version Not Supported"}, false
		}
		return reply{}, false
	}
	if req.CSeq().MethodName != req.Method {
		return errorReply(badRequest("CSeq method does not match the request method")), false
	}
	return reply{}, true
}

// noCalls answers what the registrar does not take: call requests while
// the B2BUA is off, and methods it never takes.
func (s *Server) noCalls(req *sip.Request) {
	switch req.Method {
	case sip.ACK:
		// No answer to an ACK, ever.
	case sip.CANCEL:
		s.send(req, reply{code: 481, reason: "Call/Transaction Does Not Exist"})
	case sip.INVITE, sip.BYE, sip.PRACK, sip.SUBSCRIBE, sip.NOTIFY, sip.PUBLISH, sip.INFO,
		sip.REFER, sip.MESSAGE, sip.UPDATE:
		s.send(req, reply{code: 405, reason: "Method Not Allowed", headers: []sip.Header{s.allow()}})
	default:
		// A method the server does not know at all: RFC 3261 §8.2.1 and
		// §21.5.2 prescribe 501 with the methods it does take in Allow.
		s.send(req, reply{code: 501, reason: "Not Implemented", headers: []sip.Header{s.allow()}})
	}
}

// allow is the Allow header: the registrar's methods, and the B2BUA's
// when it is on.
func (s *Server) allow() sip.Header {
	if s.opt.Router != nil {
		return allowAllHeader
	}
	return allowHeader
}

var (
	allowHeader    = sip.NewHeader("Allow", "REGISTER, OPTIONS")
	allowAllHeader = sip.NewHeader("Allow", "REGISTER, OPTIONS, INVITE, ACK, CANCEL, BYE, UPDATE, INFO, REFER, NOTIFY")
	acceptHeader   = sip.NewHeader("Accept", "application/sdp")
)

// Invalidate drops the cached account with digest user name username, so
// the next REGISTER reads it again (new password, moved site, deleted).
func (s *Server) Invalidate(username string) { s.cache.invalidate(username) }

// InvalidateAll drops every cached account.
func (s *Server) InvalidateAll() { s.cache.invalidateAll() }

// Status returns the registration status of a device.
func (s *Server) Status(deviceID string) Status { return s.loc.status(deviceID, s.now()) }

// Bindings returns the current bindings of a device.
func (s *Server) Bindings(deviceID string) []Binding {
	now := s.now()
	var out []Binding
	for _, b := range s.loc.bindings(deviceID) {
		if b.Expires.After(now) {
			out = append(out, b)
		}
	}
	return out
}

// Load restores bindings saved by the persister before a restart; call it
// before Serve. Expired bindings only keep the device's last address.
func (s *Server) Load(bs []Binding) { s.loc.load(bs, s.now()) }

// addr is the listener's local address.
func (l Listener) addr() net.Addr {
	if l.packet != nil {
		return l.packet.LocalAddr()
	}
	return l.stream.Addr()
}

// Close closes the listener's socket; for a listener that was never
// served, e.g. when starting the others failed.
func (l Listener) Close() error {
	if l.packet != nil {
		return l.packet.Close()
	}
	if l.stream != nil {
		return l.stream.Close()
	}
	return nil
}
