package sip

import (
	"context"
	"net"
	"strconv"
	"strings"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// ring starts a leg for every current binding of every device of every
// target, for each trunk number and each service URI, all at once, and
// returns how many it started. The caller holds c.mu.
func (c *call) ring(ctx context.Context, targets []switchboard.CallTarget, offer []byte) int {
	n := 0
	for _, t := range targets {
		legs := c.s.targetLegs(ctx, c, t)
		if len(legs) == 0 {
			continue
		}
		if v := c.view(t.WorkplaceID, switchboard.CallTerminator, c.route.CallerNumber, c.route.CallerName); v != nil && v.State == switchboard.CallAlerting {
			c.emit(switchboard.EventCallReceived, v)
		}
		if t.Voicemail {
			for _, v := range c.views {
				v.Voicemail = true
			}
		}
		for _, l := range legs {
			if len(c.forks) >= maxForks {
				break
			}
			l.invite = l.request(sip.INVITE, offer, "")
			l.invite.AppendHeader(allowCallHeader)
			if c.clickToDial && c.a == nil {
				autoAnswer(l.invite)
			}
			c.forks = append(c.forks, l)
			c.s.calls.addLeg(l)
			n++
			go c.runFork(l, l.invite)
		}
	}
	return n
}

// autoAnswer asks a phone to answer our INVITE at once; the workplace's
// own user asked for the call (CTI). Phones read one header or the other:
// Yealink answers on "Alert-Info: info=alert-autoanswer" (Administrator's
// Guide for SIP-T2/T4 Series, "Auto Answer"; SIP-T4U guide, "Audio
// Features"), Gigaset on "Call-Info: <uri>;answer-after=0" and the same
// Alert-Info (Gigaset pro wiki, "FAQ - Auto-answer call"), Snom on the
// Alert-Info within its answer_after_policy (Snom service wiki,
// answer_after_policy), Aastra/Mitel on the Alert-Info form (IP Phone
// Release Notes 2.1, "Support For Delay before Auto-Answer").
func autoAnswer(req *sip.Request) {
	req.AppendHeader(sip.NewHeader("Call-Info", "<sip:"+req.Recipient.Host+">;answer-after=0"))
	req.AppendHeader(sip.NewHeader("Alert-Info", "<http://127.0.0.1>;info=alert-autoanswer"))
}

// maxForks bounds the legs one call rings, so a router's answer cannot
// make one INVITE fan out without limit.
const maxForks = 32

// targetLegs builds the legs of one target.
func (s *Server) targetLegs(ctx context.Context, c *call, t switchboard.CallTarget) []*leg {
	caller := c.route.CallerNumber
	switch {
	case len(t.DeviceIDs) > 0:
		var out []*leg
		for _, d := range t.DeviceIDs {
			for _, b := range s.Bindings(d) {
				var target, aor sip.Uri
				if sip.ParseUri(b.Contact, &target) != nil || sip.ParseUri(b.AOR, &aor) != nil {
					continue
				}
				l := s.newLeg(c, target, b.Transport, b.Source)
				l.remote, l.deviceID, l.workplaceID, l.username, l.routes = aor, d, t.WorkplaceID, b.Username, b.Path
				l.local = sip.Uri{Scheme: "sip", User: caller, Host: aor.Host}
				out = append(out, l)
			}
		}
		return out
	case t.TrunkID != "" && t.Number != "":
		tr, err := s.opt.Trunks.TrunkSecret(ctx, t.TrunkID)
		if err != nil {
			s.log.Error("SIP trunk not readable", "trunk", t.TrunkID, "error", err)
			return nil
		}
		domain, transport := trunkDomain(tr), trunkTransport(tr)
		dest, err := resolveHostPort(ctx, tr.Proxy, defaultPort(transport))
		if err != nil {
			s.log.Warn("SIP trunk proxy not reachable", "trunk", tr.ID, "error", err)
			return nil
		}
		target := sip.Uri{Scheme: "sip", User: t.Number, Host: domain}
		l := s.newLeg(c, target, transport, dest)
		l.trunk, l.workplaceID = tr, t.WorkplaceID
		from := caller
		if from == "" {
			from = tr.CallerID
		}
		l.local = sip.Uri{Scheme: "sip", User: from, Host: domain}
		return []*leg{l}
	case t.URI != "":
		var target sip.Uri
		if err := sip.ParseUri(t.URI, &target); err != nil {
			s.log.Warn("SIP call target is not a SIP URI", "uri", t.URI)
			return nil
		}
		transport := "UDP"
		if tp, ok := target.UriParams.Get("transport"); ok {
			transport = strings.ToUpper(tp)
		}
		hp := target.Host
		if target.Port > 0 {
			hp = net.JoinHostPort(target.Host, strconv.Itoa(target.Port))
		}
		dest, err := resolveHostPort(ctx, hp, defaultPort(transport))
		if err != nil {
			s.log.Warn("SIP service URI not reachable", "uri", t.URI, "error", err)
			return nil
		}
		l := s.newLeg(c, target, transport, dest)
		l.local = sip.Uri{Scheme: "sip", User: caller, Host: target.Host}
		return []*leg{l}
	}
	return nil
}

// newLeg is a leg we open towards target, reached at dest.
func (s *Server) newLeg(c *call, target sip.Uri, transport, dest string) *leg {
	return &leg{call: c, callID: randomToken() + "@switchboard", localTag: randomToken(), target: target,
		remote: target, transport: transport, dest: dest, localName: c.route.CallerName}
}

func defaultPort(transport string) int {
	if transport == "TLS" || transport == "WSS" {
		return 5061
	}
	return 5060
}

// runFork sends the INVITE of a leg and follows its answers.
func (c *call) runFork(l *leg, req *sip.Request) {
	ctx := context.Background()
	s := c.s
	tx, err := s.startClientTx(ctx, req, "")
	if err != nil {
		s.log.Debug("SIP INVITE not sent", "dest", l.dest, "error", err)
		c.forkFailed(l, sip.NewResponse(503, "Service Unavailable"))
		return
	}
	authTried := false
	for {
		select {
		case res := <-tx.Responses():
			switch {
			case res.StatusCode < 200:
				c.provisional(l, res)
			case res.StatusCode < 300:
				tx.OnRetransmission(func(*sip.Response) { c.s.resendAck(l) })
				c.forkAnswered(l, res)
				return
			case (res.StatusCode == 401 || res.StatusCode == 407) && l.trunk != nil && !authTried:
				authTried = true
				if s.authorizeTrunk(req, res, l.trunk) != nil {
					c.forkFailed(l, res)
					return
				}
				req.CSeq().SeqNo = l.nextCSeq()
				if tx, err = s.startClientTx(ctx, req, ""); err != nil {
					c.forkFailed(l, sip.NewResponse(503, "Service Unavailable"))
					return
				}
			default:
				c.forkFailed(l, res)
				return
			}
		case <-tx.Done():
			c.forkFailed(l, sip.NewResponse(408, "Request Timeout"))
			return
		}
	}
}

// provisional relays a callee's ringing (180) or early media (183) to the
// caller, and sends a CANCEL that waited for the first answer.
func (c *call) provisional(l *leg, res *sip.Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	first := !l.early
	l.early = true
	if l.cancel {
		if first {
			go c.s.sendCancel(l)
		}
		return
	}
	if res.StatusCode == 100 || c.answered || c.ended || c.a == nil || c.a.itx == nil {
		return
	}
	c.s.respond(c.a.itx, c.a.invite, reply{code: res.StatusCode, reason: res.Reason}, c.a.localTag, res.Body())
}

// forkAnswered takes the first 2xx: that leg is the callee, the other legs
// are cancelled, the caller gets the answer. A later 2xx is acknowledged
// and hung up.
func (c *call) forkAnswered(l *leg, res *sip.Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l.learnDialog(res)
	if c.ended || l.cancel || (c.answered && c.b != l) {
		go c.s.ackAndBye(l, res, c.unwantedAnswer(l))
		return
	}
	if c.clickToDial && c.a == nil {
		c.ownDeviceAnswered(l, res)
		return
	}
	c.answered, c.b = true, l
	if c.timer != nil {
		c.timer.Stop()
	}
	for _, f := range c.forks {
		if f != l {
			c.cancelFork(f)
		}
	}
	now := c.s.now()
	for wp, v := range c.views {
		switch {
		case wp == c.a.workplaceID || wp == l.workplaceID:
			v.State, v.AnsweredAt = switchboard.CallActive, now
			if wp == l.workplaceID && l.deviceID != "" {
				v.DeviceID = l.deviceID
			}
			if wp == l.workplaceID && wp != c.a.workplaceID && l.trunk != nil {
				v.OutsideNumber = l.remote.User
			}
			c.emit(switchboard.EventCallAnswered, v)
		default:
			c.release(v, switchboard.ReleaseCancelled)
		}
	}
	switch {
	case c.clickToDial:
		// The callee was invited without an offer and made one in its
		// 2xx: the workplace's device, held so far, takes it.
		l.ackWait = res
		go c.connectOwnDevice(c.a, l)
		return
	case c.a.answered:
		// A transferred party: it gets the new callee's session.
		go c.s.sendAck(l, res, nil)
		go c.s.reoffer(context.Background(), c.a, l.sdp)
		return
	}
	l.ackWait = res
	c.a.acked = make(chan struct{})
	c.s.answer(c.a, reply{code: 200, reason: "OK"}, l.sdp)
}

// learnDialog records the dialog a 2xx or 1xx established (RFC 3261 §12.1.2).
func (l *leg) learnDialog(res *sip.Response) {
	l.remoteTag, _ = res.To().Params.Get("tag")
	if ct := res.Contact(); ct != nil {
		l.target = ct.Address
	}
	rr := res.GetHeaders("Record-Route")
	l.routes = l.routes[:0]
	for i := len(rr) - 1; i >= 0; i-- {
		l.routes = append(l.routes, rr[i].Value())
	}
	l.sdp = res.Body()
	l.allowEvents = headerTokens(res, "Allow-Events")
	l.answered = true
	l.raiseCSeq(res.CSeq().SeqNo)
}

// forkFailed notes a leg's failure; when no leg rings any more the call
// fails with the best answer (486 when every callee was busy).
func (c *call) forkFailed(l *leg, res *sip.Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l.ended = true
	if c.answered || c.ended {
		return
	}
	if !l.cancel {
		l.final = res.StatusCode
		if res.StatusCode != 487 && res.StatusCode != 408 && (c.last == nil || c.last.StatusCode == 486) {
			c.last = res
		}
	}
	busy := true
	for _, f := range c.forks {
		if !f.ended && (!c.clickToDial || c.a == nil || f != c.a) {
			return
		}
		if !f.cancel && f.final != 486 && f.final != 600 {
			busy = false
		}
	}
	switch {
	case c.route.NoAnswer != nil && !c.diverted && !c.clickToDial:
		c.divert()
	case busy && c.last != nil:
		c.fail(reply{code: 486, reason: "Busy Here"}, switchboard.ReleaseBusy)
	case c.last != nil:
		c.fail(reply{code: c.last.StatusCode, reason: c.last.Reason}, switchboard.ReleaseRejected)
	default:
		c.fail(reply{code: 480, reason: "Temporarily Unavailable"}, switchboard.ReleaseNoAnswer)
	}
}

// noAnswer runs when the callee did not answer in time: the call goes to
// the no-answer target (the voicemail) or fails with 480.
func (c *call) noAnswer() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.answered || c.ended {
		return
	}
	for _, f := range c.forks {
		if !c.clickToDial || f != c.a {
			c.cancelFork(f)
		}
	}
	if c.route.NoAnswer != nil && !c.diverted && !c.clickToDial {
		c.divert()
		return
	}
	c.fail(reply{code: 480, reason: "No Answer"}, switchboard.ReleaseNoAnswer)
}

// divert rings the no-answer target instead. The caller holds c.mu.
func (c *call) divert() {
	c.diverted = true
	for _, f := range c.forks {
		c.cancelFork(f)
	}
	for wp, v := range c.views {
		if wp != c.a.workplaceID {
			c.release(v, switchboard.ReleaseNoAnswer)
		}
	}
	if c.ring(context.Background(), []switchboard.CallTarget{*c.route.NoAnswer}, c.a.sdp) == 0 {
		c.fail(reply{code: 480, reason: "Temporarily Unavailable"}, switchboard.ReleaseNoAnswer)
	}
}

// fail ends an unanswered call with r to the caller. The caller holds c.mu.
func (c *call) fail(r reply, cause string) {
	for _, f := range c.forks {
		c.cancelFork(f)
	}
	if c.a != nil {
		switch {
		case c.a.itx != nil:
			c.s.respond(c.a.itx, c.a.invite, r, c.a.localTag, nil)
		case c.a.ackWait != nil:
			go c.s.ackAndBye(c.a, c.a.ackWait, c.unwantedAnswer(c.a))
		case c.a.answered:
			go c.s.bye(c.a)
		}
	}
	c.finish(cause)
}

// cancelled runs when the caller's CANCEL arrived (sipgo answered 487).
func (c *call) cancelled() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.answered || c.ended {
		return
	}
	for _, f := range c.forks {
		c.cancelFork(f)
	}
	c.finish(switchboard.ReleaseCancelled)
}

// cancelFork stops a ringing leg: CANCEL now if it answered provisionally,
// else as soon as it does (RFC 3261 §9.1). The caller holds c.mu.
func (c *call) cancelFork(f *leg) {
	if f.ended || f.answered || f.cancel || f.uas {
		return
	}
	f.cancel = true
	if f.early {
		go c.s.sendCancel(f)
	}
}

// sendCancel sends the CANCEL of a leg's INVITE.
func (s *Server) sendCancel(l *leg) {
	inv := l.invite
	req := sip.NewRequest(sip.CANCEL, inv.Recipient)
	req.SetTransport(inv.Transport())
	req.SetDestination(inv.Destination())
	req.AppendHeader(sip.NewHeader("Max-Forwards", "70"))
	req.AppendHeader(sip.HeaderClone(inv.From()))
	req.AppendHeader(sip.HeaderClone(inv.To()))
	req.AppendHeader(sip.HeaderClone(inv.CallID()))
	req.AppendHeader(&sip.CSeqHeader{SeqNo: inv.CSeq().SeqNo, MethodName: sip.CANCEL})
	for _, h := range inv.GetHeaders("Route") {
		req.AppendHeader(sip.HeaderClone(h))
	}
	branch, _ := inv.Via().Params.Get("branch")
	ctx, cancel := context.WithTimeout(context.Background(), timerF)
	defer cancel()
	if tx, err := s.startClientTx(ctx, req, branch); err == nil {
		final(ctx, tx)
	}
}
