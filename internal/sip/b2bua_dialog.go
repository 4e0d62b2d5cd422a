package sip

import (
	"context"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// answer sends a 2xx to the caller's INVITE on leg a and repeats it over
// UDP until the ACK arrives (RFC 3261 §13.3.1.4: the UAS core, not the
// transaction, retransmits a 2xx). The caller holds c.mu.
func (s *Server) answer(a *leg, r reply, body []byte) {
	tx, req := a.itx, a.invite
	a.itx, a.answered = nil, true
	s.respond(tx, req, r, a.localTag, body)
	if req.Transport() != "UDP" {
		return
	}
	acked := a.acked
	go func() {
		interval := timerT1
		deadline := time.NewTimer(64 * timerT1)
		defer deadline.Stop()
		for {
			select {
			case <-acked:
				return
			case <-deadline.C:
				return
			case <-time.After(interval):
				s.respond(tx, req, r, a.localTag, body)
				interval = min(2*interval, timerT2)
			}
		}
	}()
}

// onAck takes the ACK of a 2xx we sent on leg l and sends the ACK the
// other party waits for, with the answer the ACK may carry.
func (c *call) onAck(l *leg, req *sip.Request) {
	c.mu.Lock()
	if l.acked != nil {
		close(l.acked)
		l.acked = nil
	}
	if len(req.Body()) > 0 {
		l.sdp = req.Body()
	}
	var res *sip.Response
	var sent chan struct{}
	p := c.peer(l)
	if p != nil && p.ackWait != nil {
		res, p.ackWait = p.ackWait, nil
		sent = make(chan struct{})
		p.acking = sent
	}
	c.mu.Unlock()
	c.s.sendAck(p, res, req.Body())
	if sent != nil {
		close(sent)
	}
}

// sendAck acknowledges the 2xx res on leg l, with body as the answer
// when the 2xx carried the offer.
func (s *Server) sendAck(l *leg, res *sip.Response, body []byte) {
	if res == nil {
		return
	}
	ack := l.ackOf(res, body)
	l.call.mu.Lock()
	l.ack = ack
	l.call.mu.Unlock()
	if err := s.writeDirect(context.Background(), ack); err != nil {
		s.log.Debug("SIP ACK not sent", "dest", l.dest, "error", err)
	}
}

// ackOf builds the ACK of the 2xx res on leg l.
func (l *leg) ackOf(res *sip.Response, body []byte) *sip.Request {
	ack := l.request(sip.ACK, body, "")
	ack.CSeq().SeqNo = res.CSeq().SeqNo
	return ack
}

// resendAck answers a retransmitted 2xx with the ACK sent before.
func (s *Server) resendAck(l *leg) {
	l.call.mu.Lock()
	ack := l.ack
	l.call.mu.Unlock()
	if ack != nil {
		_ = s.writeDirect(context.Background(), ack)
	}
}

// ackAndBye ends a dialog nobody wants any more (a second callee's 2xx, a
// call ended before its ACK): acknowledged with answer, which the ACK
// carries when the 2xx made an offer (see unwantedAnswer), then BYE.
func (s *Server) ackAndBye(l *leg, res *sip.Response, answer []byte) {
	s.sendAck(l, res, answer)
	s.bye(l)
}

// bye hangs up a leg, after the ACK on its way to it if there is one.
// The caller must not hold the call's lock.
func (s *Server) bye(l *leg) {
	l.call.mu.Lock()
	sent := l.acking
	l.call.mu.Unlock()
	if sent != nil {
		<-sent
	}
	ctx, cancel := context.WithTimeout(context.Background(), timerF)
	defer cancel()
	s.transactLeg(ctx, l, l.request(sip.BYE, nil, ""))
}

// inDialog handles a request within an established call on leg l.
func (c *call) inDialog(l *leg, req *sip.Request, tx *sip.ServerTx) {
	s := c.s
	switch req.Method {
	case sip.BYE:
		s.respond(tx, req, reply{code: 200, reason: "OK"}, "", nil)
		c.hangUp(l, switchboard.ReleaseNormal)
	case sip.INVITE, sip.UPDATE, sip.INFO:
		c.relay(l, req, tx)
	case sip.REFER:
		c.refer(l, req, tx)
	case sip.NOTIFY:
		s.respond(tx, req, reply{code: 200, reason: "OK"}, "", nil)
	default:
		s.respond(tx, req, reply{code: 405, reason: "Method Not Allowed", headers: []sip.Header{allowCallHeader}}, "", nil)
	}
}

// hangUp ends the call from leg l's side: the other party gets a BYE, a
// caller hanging up before the answer cancels the ringing.
func (c *call) hangUp(from *leg, cause string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return
	}
	for _, l := range c.allLegs() {
		if l == from || l.ended {
			continue
		}
		l.ended = true
		switch {
		case l.ackWait != nil:
			// The ACK that would have come first is overtaken by this
			// hang-up (another worker took it): acknowledge, then hang up.
			go c.s.ackAndBye(l, l.ackWait, c.unwantedAnswer(l))
			l.ackWait = nil
		case l.answered:
			go c.s.bye(l)
		case l.uas && l.itx != nil:
			c.s.respond(l.itx, l.invite, reply{code: 487, reason: "Request Terminated"}, l.localTag, nil)
		default:
			l.ended = false
			c.cancelFork(l)
		}
	}
	c.finish(cause)
}

// relay passes a re-INVITE, UPDATE or INFO to the other party and its
// answer back; the session description goes through untouched, and its
// direction tells holding from resuming.
func (c *call) relay(l *leg, req *sip.Request, tx *sip.ServerTx) {
	s := c.s
	c.mu.Lock()
	p := c.peer(l)
	if p == nil || c.ended {
		c.mu.Unlock()
		s.respond(tx, req, reply{code: 491, reason: "Request Pending"}, "", nil)
		return
	}
	ctype := ""
	if h := req.ContentType(); h != nil {
		ctype = h.Value()
	}
	out := p.request(req.Method, req.Body(), ctype)
	for _, name := range []string{"Info-Package", "Session-Expires", "Supported"} {
		if h := req.GetHeader(name); h != nil {
			out.AppendHeader(sip.HeaderClone(h))
		}
	}
	if req.Method != sip.INFO && len(req.Body()) > 0 {
		l.sdp = req.Body()
		c.noteHold(l, sdpHeld(req.Body()))
	}
	c.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 3*timerF)
	defer cancel()
	res := s.transactLeg(ctx, p, out)
	r := reply{code: res.StatusCode, reason: res.Reason}
	if h := res.ContentType(); h != nil && len(res.Body()) > 0 && req.Method == sip.INFO {
		r.headers = append(r.headers, sip.HeaderClone(h))
	}
	body := res.Body()
	if h := res.ContentType(); h != nil && strings.EqualFold(h.Value(), "application/sdp") {
		body = l.authored(body)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if req.Method != sip.INVITE || !res.IsSuccess() {
		s.respond(tx, req, r, "", body)
		return
	}
	if len(res.Body()) > 0 {
		p.sdp = res.Body()
	}
	p.ackWait = res
	l.acked = make(chan struct{})
	l.itx, l.invite = tx, req
	s.answer(l, r, body)
}

// noteHold records that leg l's party holds (or resumed) the call: its
// workplace sees CallHeld or CallRetrieved, the other party's CallUpdated
// with RemoteHeld. The caller holds c.mu.
func (c *call) noteHold(l *leg, held bool) {
	if held == l.held {
		return
	}
	l.held = held
	if v := c.views[l.workplaceID]; v != nil && l.workplaceID != "" {
		if held {
			v.State = switchboard.CallHeld
			c.emit(switchboard.EventCallHeld, v)
		} else {
			v.State = switchboard.CallActive
			c.emit(switchboard.EventCallRetrieved, v)
		}
	}
	if p := c.peer(l); p != nil && p.workplaceID != "" && p.workplaceID != l.workplaceID {
		if v := c.views[p.workplaceID]; v != nil {
			v.RemoteHeld = held
			c.emit(switchboard.EventCallUpdated, v)
		}
	}
}
