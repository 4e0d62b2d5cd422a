package sip

import (
	"context"
	"strconv"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// callRequest handles the requests of calls (INVITE and what follows it)
// in sipgo server transactions.
func (s *Server) callRequest(ctx context.Context, req *sip.Request) {
	switch req.Method {
	case sip.ACK:
		if tx := s.inviteTx(req); tx != nil {
			_ = tx.Receive(req) // the ACK of a failure ends its transaction
			return
		}
		if l := s.calls.leg(req.CallID().Value()); l != nil {
			l.call.onAck(l, req)
		}
		return
	case sip.CANCEL:
		tx := s.inviteTx(req)
		if tx == nil {
			s.send(req, reply{code: 481, reason: "Call/Transaction Does Not Exist"})
			return
		}
		s.send(req, reply{code: 200, reason: "OK"})
		_ = tx.Receive(req) // answers the INVITE 487 and tells the call
		return
	}
	tx, existing, err := s.serverTx(req)
	if err != nil {
		s.log.Debug("SIP call request dropped", "method", string(req.Method), "error", err)
		return
	}
	if existing {
		_ = tx.Receive(req) // a retransmission: the transaction answers it again
		return
	}
	toTag, _ := req.To().Params.Get("tag")
	if req.Method == sip.INVITE && toTag == "" {
		// A new call waits for the store (account, route): it gets a
		// goroutine of its own while one of the bounded slots is free, so
		// the workers stay free for the ACKs and BYEs of other calls; with
		// none free it holds this worker, which slows intake down.
		select {
		case s.inviteSlots <- struct{}{}:
			go func() {
				defer func() { <-s.inviteSlots }()
				s.handleInvite(ctx, req, tx)
			}()
		default:
			s.handleInvite(ctx, req, tx)
		}
		return
	}
	l := s.calls.leg(req.CallID().Value())
	if l == nil || toTag == "" {
		s.respond(tx, req, reply{code: 481, reason: "Call/Transaction Does Not Exist"}, "", nil)
		return
	}
	go l.call.inDialog(l, req, tx)
}

// handleInvite is invite with handle's guard: a panic is logged, never
// fatal.
func (s *Server) handleInvite(ctx context.Context, req *sip.Request, tx *sip.ServerTx) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("SIP INVITE handler panicked", "source", req.Source(), "panic", r)
		}
	}()
	s.invite(ctx, req, tx)
}

// maxInviteSetups bounds the new calls set up at once beside the workers.
const maxInviteSetups = 64

// respond answers req in its transaction, with our To tag and, for a
// 2xx or a provisional answer with a body, our Contact.
func (s *Server) respond(tx *sip.ServerTx, req *sip.Request, r reply, tag string, body []byte) {
	res := sip.NewResponseFromRequest(req, r.code, r.reason, nil)
	if tag != "" && r.code > 100 {
		res.To().Params.Add("tag", tag)
	}
	for _, h := range r.headers {
		res.AppendHeader(h)
	}
	if r.code < 300 && r.code > 100 && req.Method == sip.INVITE {
		res.AppendHeader(&sip.ContactHeader{Address: s.contactURI(req.Transport())})
		res.AppendHeader(allowCallHeader)
	}
	if len(body) > 0 {
		res.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
	}
	res.SetBody(body)
	if err := tx.Respond(res); err != nil {
		s.log.Debug("SIP call answer not sent", "code", r.code, "error", err)
	}
}

// allowCallHeader lists what the B2BUA takes in a call.
var allowCallHeader = sip.NewHeader("Allow", "INVITE, ACK, CANCEL, BYE, UPDATE, INFO, REFER, NOTIFY, OPTIONS")

// invite accepts a new call: from a trunk's address without a challenge,
// from a device after its digest, then asks the router where it goes.
func (s *Server) invite(ctx context.Context, req *sip.Request, tx *sip.ServerTx) {
	creq := switchboard.CallRequest{CallerNumber: req.From().Address.User, CallerName: req.From().DisplayName,
		Dialled: req.Recipient.User}
	var account string
	if t := s.trunkOf(ctx, req); t != nil {
		creq.TrunkID = t.ID
	} else {
		acct, r := s.authenticateInvite(ctx, req)
		if acct == nil {
			if r.code != 0 {
				s.respond(tx, req, r, "", nil)
			}
			return
		}
		creq.DeviceID, account = acct.DeviceID, acct.Username
	}
	if !s.roomForCall() {
		s.respond(tx, req, reply{code: 503, reason: "Call events backlogged", headers: []sip.Header{sip.NewHeader("Retry-After", callSetupRetryAfter)}}, "", nil)
		return
	}
	route, err := s.opt.Router.Route(ctx, creq)
	if err == nil && route.Refused != nil {
		err = route.Refused
	}
	if err != nil {
		s.respond(tx, req, callErrorReply(err), "", nil)
		return
	}
	if f := route.Feature; f != nil {
		switch f.Action {
		case "voicemail":
			route.Targets = []switchboard.CallTarget{{URI: f.URI, Voicemail: true}}
		case "call-pull":
			s.pullByPhone(ctx, req, tx, route, creq.DeviceID)
			return
		default:
			// A final answer without a dialog ends the attempt at once;
			// phones show its reason phrase, which says what the code did.
			s.respond(tx, req, reply{code: 480, reason: reasonPhrase(f.Result)}, "", nil)
			return
		}
	}
	c := s.newCall(route, account)
	a := s.callerLeg(c, req, tx, route.CallerWorkplaceID)
	a.deviceID, a.trunkID = creq.DeviceID, creq.TrunkID
	if !s.calls.admit(c) {
		s.respond(tx, req, reply{code: 503, reason: "Too many calls", headers: []sip.Header{sip.NewHeader("Retry-After", "5")}}, "", nil)
		return
	}
	s.calls.addLeg(a)
	tx.OnCancel(func(*sip.Request) { go c.cancelled() })
	c.mu.Lock()
	defer c.mu.Unlock()
	c.a = a
	v := c.view(route.CallerWorkplaceID, switchboard.CallOriginator, creq.Dialled, "")
	if v != nil {
		v.DeviceID = a.deviceID
	}
	c.emit(switchboard.EventCallOriginating, v)
	c.start(ctx, route.Targets, req.Body())
	c.emit(switchboard.EventCallOriginated, v)
}

// newCall prepares a call for route.
func (s *Server) newCall(route *switchboard.CallRoute, account string) *call {
	return &call{s: s, id: randomToken(), account: account, route: route, views: map[string]*switchboard.Call{}}
}

// callerLeg is the leg towards the party whose INVITE req made the call.
func (s *Server) callerLeg(c *call, req *sip.Request, tx *sip.ServerTx, workplaceID string) *leg {
	fromTag, _ := req.From().Params.Get("tag")
	l := &leg{call: c, uas: true, callID: req.CallID().Value(), localTag: randomToken(), remoteTag: fromTag,
		local: req.To().Address, remote: req.From().Address, target: req.From().Address,
		transport: req.Transport(), dest: req.Source(), cseq: req.CSeq().SeqNo, workplaceID: workplaceID,
		sdp: req.Body(), allowEvents: headerTokens(req, "Allow-Events"), invite: req, itx: tx}
	if ct := req.Contact(); ct != nil {
		l.target = ct.Address
	}
	for _, h := range req.GetHeaders("Record-Route") {
		l.routes = append(l.routes, h.Value())
	}
	return l
}

// start rings the targets; when none has a leg the call fails at once.
// The caller holds c.mu.
func (c *call) start(ctx context.Context, targets []switchboard.CallTarget, offer []byte) {
	if c.ring(ctx, targets, offer) == 0 {
		c.fail(reply{code: 480, reason: "Temporarily Unavailable"}, switchboard.ReleaseFailed)
		return
	}
	wait := c.route.NoAnswerAfter
	if c.route.NoAnswer == nil || wait <= 0 {
		wait = c.s.opt.NoAnswerTimeout
	}
	c.timer = time.AfterFunc(wait, c.noAnswer)
}

// trunkOf returns the trunk whose inbound addresses hold the source of
// req, nil for any other source.
func (s *Server) trunkOf(ctx context.Context, req *sip.Request) *switchboard.Trunk {
	if s.opt.Trunks == nil {
		return nil
	}
	src := sourceAddr(req)
	if !src.IsValid() {
		return nil
	}
	t, err := s.opt.Trunks.TrunkByAddress(ctx, src.Addr(), req.Recipient.User)
	if err != nil {
		if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			s.log.Error("SIP trunk lookup failed", "source", src.String(), "error", err)
		}
		return nil
	}
	return t
}

// authenticateInvite checks a device's INVITE with the digest of its SIP
// account (RFC 3261 §22.3, 407): the nonces, the failure guard and the
// replay guard of REGISTER, and the same refusals (TLS, allow-list). A
// nil account comes with the answer to send (none for a replayed
// retransmission).
func (s *Server) authenticateInvite(ctx context.Context, req *sip.Request) (*Account, reply) {
	src := sourceAddr(req)
	if !src.IsValid() {
		return nil, errorReply(badRequest("Unknown source address"))
	}
	now := s.now()
	h := req.GetHeader("Proxy-Authorization")
	if h == nil {
		return nil, s.proxyChallenge(req, s.realmFor(ctx, req.From().Address), false, now)
	}
	cred, err := digest.ParseCredentials(h.Value())
	if err != nil {
		return nil, errorReply(badRequest("Malformed Proxy-Authorization header"))
	}
	acct, err := s.cache.get(ctx, cred.Username)
	if err != nil {
		return nil, errorReply(err)
	}
	if until := s.guard.accountBlocked(cred.Username, now); !until.IsZero() {
		return nil, errorReply(&retryError{switchboard.Errorf(switchboard.ERATELIMIT, "Too many failed attempts"), until.Sub(now)})
	}
	realm := s.opt.Realm(req.From().Address.Host)
	if acct != nil {
		realm = acct.Realm
	}
	nonce, ok, stale := s.nonces.Verify(cred.Nonce, now)
	if !ok || !digest.Supported(cred.Algorithm) || (acct != nil && cred.Realm != acct.Realm) {
		return nil, s.proxyChallenge(req, realm, false, now)
	}
	if acct == nil || !digest.Check(cred, acct.ha1(cred.Algorithm), string(req.Method)) {
		s.authFailed(src.Addr(), cred.Username, now)
		return nil, s.proxyChallenge(req, realm, false, now)
	}
	if stale {
		return nil, s.proxyChallenge(req, realm, true, now)
	}
	var nc uint64
	if cred.QOP != "" {
		if nc, err = strconv.ParseUint(cred.NC, 16, 32); err != nil {
			return nil, errorReply(badRequest("Malformed nonce count"))
		}
	}
	print := requestPrint(s.replay.printSeed, req)
	switch v, _ := s.replay.check(acct.Username, nonce, uint32(nc), print, now); v {
	case replayed, forgotten:
		s.count.replays.Add(1)
		return nil, s.proxyChallenge(req, realm, v == forgotten, now)
	case retransmission:
		return nil, reply{}
	}
	s.guard.succeeded(acct.Username)
	s.replay.answered(acct.Username, nonce, uint32(nc), print, 200)
	if !acct.AllowList.Allows(src.Addr()) {
		return nil, errorReply(switchboard.Errorf(switchboard.EFORBIDDEN, "Address not on the allow-list"))
	}
	if (acct.Encryption || !s.inAccessNetworks(src.Addr())) && !secureTransport(req.Transport()) {
		return nil, errorReply(switchboard.Errorf(switchboard.EFORBIDDEN, "TLS required"))
	}
	return acct, reply{}
}

// proxyChallenge is REGISTER's challenge as a proxy asks it: 407 with
// Proxy-Authenticate.
func (s *Server) proxyChallenge(req *sip.Request, realm string, stale bool, now time.Time) reply {
	r := s.challenge(req, realm, stale, now)
	r.code, r.reason = 407, "Proxy Authentication Required"
	for i, h := range r.headers {
		r.headers[i] = sip.NewHeader("Proxy-Authenticate", h.Value())
	}
	return r
}
