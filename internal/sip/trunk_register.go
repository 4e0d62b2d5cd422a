package sip

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// Registration at upstream trunks (RFC 3261 §10). Every node registers each
// trunk with Register set under its own Contact: a trunk keeps one binding
// per node, and calls it sends reach whichever node is up, without a claim
// that would have to move when a node stops.
const (
	// trunkAskExpires is the lifetime asked for; the trunk may grant less.
	trunkAskExpires = time.Hour
	// trunkRetryFirst is the wait after a failure, doubled after each
	// further one up to trunkRetryMax.
	trunkRetryFirst = 30 * time.Second
	trunkRetryMax   = 10 * time.Minute
	// trunkResync re-reads the trunks even without a change notice, so a
	// node that missed one catches up.
	trunkResync = time.Minute
	// trunkUnregisterTimeout bounds the Expires: 0 sent when a trunk is
	// deleted or changed, or the node stops.
	trunkUnregisterTimeout = 5 * time.Second
)

// trunkRegs are the node's registrations, by trunk id.
type trunkRegs struct {
	mu   sync.Mutex
	regs map[string]*trunkReg
	// wake asks the registering loop to re-read the trunks now.
	wake chan struct{}
}

func newTrunkRegs() *trunkRegs {
	return &trunkRegs{regs: make(map[string]*trunkReg), wake: make(chan struct{}, 1)}
}

// trunkReg is one trunk's registration, kept by its own goroutine.
type trunkReg struct {
	trunk switchboard.Trunk
	// key is what the registration depends on: a change of it registers
	// anew.
	key    string
	stop   context.CancelFunc
	done   chan struct{}
	callID string
	tag    string
	// cseq is used by the registration's goroutine only.
	cseq uint32

	mu    sync.Mutex
	state switchboard.TrunkRegistration
}

func (r *trunkReg) set(state string, expiresAt time.Time, lastError string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.state = switchboard.TrunkRegistration{State: state, ExpiresAt: expiresAt, LastError: lastError}
}

// trunkKey is the part of a trunk a registration depends on.
func trunkKey(t *switchboard.Trunk) string {
	return strings.Join([]string{t.Proxy, t.Transport, t.Domain, t.Username, t.AuthUsername, t.Password}, "\x00")
}

// trunkTransport is the trunk's transport as sipgo names it, UDP when
// unset.
func trunkTransport(t *switchboard.Trunk) string {
	if t.Transport == "" {
		return "UDP"
	}
	return strings.ToUpper(t.Transport)
}

// trunkDomain is the domain of the From and Request-URI towards the trunk:
// Domain, else the host of Proxy.
func trunkDomain(t *switchboard.Trunk) string {
	if t.Domain != "" {
		return t.Domain
	}
	if h, _, err := net.SplitHostPort(t.Proxy); err == nil {
		return h
	}
	return t.Proxy
}

// TrunkRegistration says where this node's registration at the trunk
// stands; off when the node does not register it.
func (s *Server) TrunkRegistration(trunkID string) switchboard.TrunkRegistration {
	s.trunkRegs.mu.Lock()
	r := s.trunkRegs.regs[trunkID]
	s.trunkRegs.mu.Unlock()
	if r == nil {
		return switchboard.TrunkRegistration{State: switchboard.TrunkRegistrationOff}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// ReloadTrunks makes the server re-read the trunks it registers: call it
// when a trunk was created, changed or deleted. It does not block.
func (s *Server) ReloadTrunks() {
	select {
	case s.trunkRegs.wake <- struct{}{}:
	default:
	}
}

// runTrunkRegistrations keeps the registrations in step with the trunks
// until ctx ends, then unregisters them all and returns.
func (s *Server) runTrunkRegistrations(ctx context.Context) {
	if s.opt.Trunks == nil {
		return
	}
	s.awaitUDP(ctx)
	tick := time.NewTicker(trunkResync)
	defer tick.Stop()
	for {
		s.syncTrunks(ctx)
		select {
		case <-ctx.Done():
			s.trunkRegs.mu.Lock()
			all := s.trunkRegs.regs
			s.trunkRegs.regs = make(map[string]*trunkReg)
			s.trunkRegs.mu.Unlock()
			for _, r := range all {
				<-r.done
			}
			return
		case <-s.trunkRegs.wake:
		case <-tick.C:
		}
	}
}

// awaitUDP waits until the transport reads the first UDP listener (it
// pools the socket as its read loop starts): a request sent before would
// try to bind a second socket to the listener's address.
func (s *Server) awaitUDP(ctx context.Context) {
	local := s.udpLocal.Load()
	if local == nil || len(*local) == 0 {
		return
	}
	for {
		if c, err := s.tp.GetConnection("udp", (*local)[0]); err == nil {
			c.TryClose()
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// syncTrunks stops the registrations of trunks deleted or changed (they
// unregister) and starts those of new ones.
func (s *Server) syncTrunks(ctx context.Context) {
	ts, err := s.opt.Trunks.RegisteredTrunks(ctx)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		s.log.Error("SIP trunks to register not readable", "error", err)
		return
	}
	want := make(map[string]*switchboard.Trunk, len(ts))
	for _, t := range ts {
		if t.Register {
			want[t.ID] = t
		}
	}
	var stale []*trunkReg
	s.trunkRegs.mu.Lock()
	for id, r := range s.trunkRegs.regs {
		if t, ok := want[id]; !ok || trunkKey(t) != r.key {
			stale = append(stale, r)
			delete(s.trunkRegs.regs, id)
		}
	}
	s.trunkRegs.mu.Unlock()
	for _, r := range stale {
		r.stop()
	}
	for _, r := range stale {
		<-r.done
	}
	s.trunkRegs.mu.Lock()
	defer s.trunkRegs.mu.Unlock()
	for id, t := range want {
		if s.trunkRegs.regs[id] != nil {
			continue
		}
		rctx, stop := context.WithCancel(ctx)
		r := &trunkReg{trunk: *t, key: trunkKey(t), stop: stop, done: make(chan struct{}), callID: randomToken(), tag: randomToken()}
		r.set(switchboard.TrunkRegistrationFailed, time.Time{}, "first registration under way")
		s.trunkRegs.regs[id] = r
		go s.keepRegistered(rctx, r)
	}
}

// keepRegistered registers the trunk, refreshes the binding at half its
// granted lifetime, retries failures with back-off, and unregisters when
// ctx ends.
func (s *Server) keepRegistered(ctx context.Context, r *trunkReg) {
	defer close(r.done)
	retry, bound := trunkRetryFirst, false
	for {
		granted, err := s.registerTrunk(ctx, r, trunkAskExpires)
		wait := time.Duration(0)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			s.log.Warn("SIP trunk registration failed", "trunk", r.trunk.ID, "error", err, "retry_in", retry)
			s.setTrunk(ctx, r, switchboard.TrunkRegistrationFailed, time.Time{}, err.Error())
			wait, retry = retry, min(2*retry, trunkRetryMax)
		default:
			bound = true
			s.setTrunk(ctx, r, switchboard.TrunkRegistered, s.now().Add(granted), "")
			wait, retry = max(granted/2, time.Second), trunkRetryFirst
		}
		if wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
			case <-timer.C:
			}
			timer.Stop()
		}
		if ctx.Err() != nil {
			if bound {
				uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), trunkUnregisterTimeout)
				if _, err := s.registerTrunk(uctx, r, 0); err != nil {
					s.log.Warn("SIP trunk not unregistered", "trunk", r.trunk.ID, "error", err)
				}
				cancel()
				s.setTrunk(ctx, r, switchboard.TrunkRegistrationOff, time.Time{}, "")
			}
			return
		}
	}
}

// registerTrunk sends one REGISTER asking for expires (0 unregisters),
// answering a challenge with the trunk's credentials, and returns the
// lifetime granted.
func (s *Server) registerTrunk(ctx context.Context, r *trunkReg, expires time.Duration) (time.Duration, error) {
	t := &r.trunk
	if t.Username == "" {
		return 0, errors.New("the trunk has no username to register")
	}
	transport := trunkTransport(t)
	dest, err := resolveHostPort(ctx, t.Proxy, defaultPort(transport))
	if err != nil {
		return 0, err
	}
	domain := trunkDomain(t)
	aor := sip.Uri{Scheme: "sip", User: t.Username, Host: domain}
	req := sip.NewRequest(sip.REGISTER, sip.Uri{Scheme: "sip", Host: domain})
	req.SetTransport(transport)
	req.SetDestination(dest)
	req.AppendHeader(sip.NewHeader("Max-Forwards", "70"))
	from := &sip.FromHeader{Address: aor, Params: sip.NewParams()}
	from.Params.Add("tag", r.tag)
	req.AppendHeader(from)
	req.AppendHeader(&sip.ToHeader{Address: aor, Params: sip.NewParams()})
	cid := sip.CallIDHeader(r.callID)
	req.AppendHeader(&cid)
	r.cseq++
	req.AppendHeader(&sip.CSeqHeader{SeqNo: r.cseq, MethodName: sip.REGISTER})
	contact := s.contactURI(transport)
	contact.User = t.Username
	req.AppendHeader(&sip.ContactHeader{Address: contact})
	req.AppendHeader(sip.NewHeader("Expires", strconv.Itoa(int(expires/time.Second))))
	req.SetBody(nil)
	res := s.transactAuth(ctx, req, t, func() uint32 { r.cseq++; return r.cseq })
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return 0, fmt.Errorf("the trunk answered %d %s", res.StatusCode, res.Reason)
	}
	return grantedExpires(res, contact, expires), nil
}

// grantedExpires is the lifetime the trunk granted our contact: its
// Contact's expires parameter, else the Expires header, else what we
// asked; never more than asked.
func grantedExpires(res *sip.Response, contact sip.Uri, asked time.Duration) time.Duration {
	seconds := func(v string) (time.Duration, bool) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n <= 0 {
			return 0, false
		}
		if time.Duration(n) > asked/time.Second {
			return asked, true
		}
		return time.Duration(n) * time.Second, true
	}
	for _, h := range res.GetHeaders("Contact") {
		c, ok := h.(*sip.ContactHeader)
		if !ok || c.Address.User != contact.User || c.Address.Host != contact.Host || c.Address.Port != contact.Port {
			continue
		}
		if v, ok := c.Params.Get("expires"); ok {
			if d, ok := seconds(v); ok {
				return d
			}
		}
	}
	if h := res.GetHeader("Expires"); h != nil {
		if d, ok := seconds(h.Value()); ok {
			return d
		}
	}
	return asked
}
