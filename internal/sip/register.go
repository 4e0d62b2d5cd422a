package sip

import (
	"context"
	"hash/maphash"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// register authenticates a REGISTER parsed by sipgo and updates the
// location service; see registerReq.
func (s *Server) register(ctx context.Context, req *sip.Request) reply {
	return s.registerReq(ctx, regFromMessage(req))
}

// registerReq authenticates a REGISTER and updates the location service
// (RFC 3261 §10.3). The replay guard tells a retransmission, answered as
// the first copy was, from a replay, refused with a fresh challenge. A
// zero reply means no answer.
func (s *Server) registerReq(ctx context.Context, req *regRequest) reply {
	src := req.source
	if !src.IsValid() {
		return errorReply(badRequest("Unknown source address"))
	}
	now := s.now()
	if !req.hasAuth {
		return s.challengeUA(req.userAgent, s.realmOf(ctx, req.toUser, req.toHost), false, now)
	}
	cred, err := digest.ParseCredentials(req.auth)
	if err != nil {
		return errorReply(badRequest("Malformed Authorization header"))
	}
	// The user name may stay as a key in the account cache and the failure
	// guard; a copy keeps the request's bytes from staying with it.
	cred.Username = strings.Clone(cred.Username)
	acct, err := s.cache.get(ctx, cred.Username)
	if err != nil {
		s.log.Error("SIP account lookup failed", "username", cred.Username, "error", err)
		return errorReply(err)
	}
	if until := s.guard.accountBlocked(cred.Username, now); !until.IsZero() {
		return errorReply(&retryError{switchboard.Errorf(switchboard.ERATELIMIT, "Too many failed attempts"), until.Sub(now)})
	}
	realm := s.opt.Realm(req.toHost)
	if acct != nil {
		realm = acct.Realm
	}
	nonce, ok, stale := s.nonces.Verify(cred.Nonce, now)
	if !ok || !digest.Supported(cred.Algorithm) {
		return s.challengeUA(req.userAgent, realm, false, now)
	}
	if acct != nil && cred.Realm != acct.Realm {
		// An answer to a challenge in another realm (the phone addressed the
		// registrar's host, not the customer's domain) proves nothing either
		// way: challenge again in the account's realm without counting a
		// failure, or a whole office behind one address would be blocked.
		return s.challengeUA(req.userAgent, acct.Realm, false, now)
	}
	if acct == nil || !digest.Check(cred, acct.ha1(cred.Algorithm), "REGISTER") {
		s.authFailed(src.Addr(), cred.Username, now)
		return s.challengeUA(req.userAgent, realm, false, now)
	}
	if stale {
		return s.challengeUA(req.userAgent, realm, true, now)
	}
	var nc uint64
	if cred.QOP != "" {
		if nc, err = strconv.ParseUint(cred.NC, 16, 32); err != nil {
			return errorReply(badRequest("Malformed nonce count"))
		}
	}
	print := req.print(s.replay.printSeed)
	switch v, code := s.replay.check(acct.Username, nonce, uint32(nc), print, now); {
	case v == replayed || v == forgotten:
		// A forgotten nonce is challenged as stale: the client that
		// reused it, if genuine, answers the new nonce without asking
		// anyone for a password.
		s.count.replays.Add(1)
		s.log.Debug("SIP REGISTER with a used or forgotten nonce count challenged again", "username", acct.Username, "source", src.String())
		return s.challengeUA(req.userAgent, realm, v == forgotten, now)
	case v == retransmission && code == 0:
		// The first copy is being answered right now; that answer is
		// the answer to this one too.
		return reply{}
	case v == retransmission && code == 200:
		s.count.registered.Add(1)
		return okReply(req, s.loc.current(acct.DeviceID, now), now)
	}
	// A first use, or the retransmission of a request that was refused:
	// a refusal changed nothing, so deciding again answers it alike.
	s.guard.succeeded(acct.Username)
	r := s.accept(req, acct, src, now)
	s.replay.answered(acct.Username, nonce, uint32(nc), print, r.code)
	return r
}

// accept applies an authenticated REGISTER whose nonce count is fresh.
func (s *Server) accept(req *regRequest, acct *Account, src netip.AddrPort, now time.Time) reply {
	aor := acct.AOR
	if aor == "" {
		aor = acct.Username
	}
	if req.toUser != aor {
		return errorReply(switchboard.Errorf(switchboard.EFORBIDDEN, "Account does not own this address of record"))
	}
	if !acct.AllowList.Allows(src.Addr()) {
		return s.refuseAddress(req.userAgent, acct, src, now)
	}
	mustEncrypt := acct.Encryption || !s.inAccessNetworks(src.Addr())
	if mustEncrypt && !secureTransport(req.transport) {
		return errorReply(switchboard.Errorf(switchboard.EFORBIDDEN, "TLS required"))
	}
	return s.bind(req, acct, src, mustEncrypt, now)
}

// printedHeaders are the headers of a REGISTER in its print besides the
// Via branch: all that the registrar reads and the digest leaves open.
var printedHeaders = []string{"Call-ID", "CSeq", "To", "Contact", "Expires", "Path", "Supported", "User-Agent", "P-Access-Network-Info"}

// requestPrint identifies a REGISTER for the replay guard: where it came
// from, its transaction (Via branch, Call-ID, CSeq) and everything it asks
// the registrar to record. A retransmission has the same print; a replay
// that changes any of it, even only the branch, has another. The hash is
// keyed with a secret seed and never shown, so a changed request with the
// same print can only be found by sending 2^64 of them.
func requestPrint(seed maphash.Seed, req *sip.Request) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	branch, _ := req.Via().Params.Get("branch")
	for _, s := range [...]string{req.Source(), req.Transport(), branch} {
		h.WriteString(s)
		h.WriteString("\r\n") // parsed values hold no line breaks
	}
	for _, hd := range req.Headers() {
		if slices.ContainsFunc(printedHeaders, func(n string) bool { return strings.EqualFold(n, hd.Name()) }) {
			hd.StringWrite(&h)
			h.WriteString("\r\n")
		}
	}
	return h.Sum64()
}

// realmFor is the realm of the first challenge: the realm of the account
// the To user names when there is one, so that a phone that addresses the
// registrar by host name answers in its customer's realm at the first try,
// else the realm Options.Realm derives from the host.
func (s *Server) realmFor(ctx context.Context, to sip.Uri) string {
	return s.realmOf(ctx, to.User, to.Host)
}

// realmOf is realmFor of a URI's user and host.
func (s *Server) realmOf(ctx context.Context, user, host string) string {
	if realm, ok := s.cache.realm(ctx, user); ok {
		return realm
	}
	return s.opt.Realm(host)
}

func (a *Account) ha1(algorithm string) string {
	if digest.Canonical(algorithm) == digest.SHA256 {
		return a.HA1SHA256
	}
	return a.HA1MD5
}

// challenge answers 401 with one WWW-Authenticate per algorithm offered to
// the client (offer), all with the same fresh nonce.
func (s *Server) challenge(req *sip.Request, realm string, stale bool, now time.Time) reply {
	return s.challengeUA(headerValue(req, "User-Agent"), realm, stale, now)
}

// challengeUA is challenge for a client that names itself ua.
func (s *Server) challengeUA(ua, realm string, stale bool, now time.Time) reply {
	s.count.challenges.Add(1)
	nonce := s.nonces.Issue(now)
	r := reply{code: 401, reason: "Unauthorized"}
	for _, alg := range s.offer(ua) {
		c := digest.Challenge{Realm: realm, Nonce: nonce, Algorithm: alg, QOP: "auth", Stale: stale}
		r.headers = append(r.headers, sip.NewHeader("WWW-Authenticate", c.String()))
	}
	return r
}

// authFailed counts a failed authentication and reports blocks.
func (s *Server) authFailed(ip netip.Addr, username string, now time.Time) {
	s.count.authFailures.Add(1)
	src := ip.String()
	s.securityEvent(SecurityEvent{Kind: EventAuthFailed, Source: src, Username: username, At: now,
		Detail: "wrong digest credentials in REGISTER"})
	bs, ba := s.guard.fail(ip, username, now)
	if bs {
		s.securityEvent(SecurityEvent{Kind: EventBlockedSource, Source: src, Username: username, At: now,
			Detail: "source blocked for " + s.opt.BlockDuration.String() + " after repeated failed authentications"})
	}
	if ba {
		s.securityEvent(SecurityEvent{Kind: EventBlockedAccount, Source: src, Username: username, At: now,
			Detail: "account blocked for " + s.opt.BlockDuration.String() + " after repeated failed authentications"})
	}
}

func (s *Server) inAccessNetworks(ip netip.Addr) bool {
	for _, p := range s.opt.AccessNetworks {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func secureTransport(t string) bool { return t == "TLS" || t == "WSS" }
