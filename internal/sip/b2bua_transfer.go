package sip

import (
	"context"
	"strconv"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// refer takes a transfer from the party of leg l (RFC 3515): blind when
// Refer-To names a target, attended when it replaces another of the
// party's calls. The party learns the outcome in NOTIFYs (message/sipfrag).
func (c *call) refer(l *leg, req *sip.Request, tx *sip.ServerTx) {
	s := c.s
	h := req.GetHeader("Refer-To")
	if h == nil {
		s.respond(tx, req, reply{code: 400, reason: "Missing Refer-To"}, "", nil)
		return
	}
	rt, err := parseReferTo(h.Value())
	if err != nil {
		s.respond(tx, req, reply{code: 400, reason: reasonPhrase(err.Error())}, "", nil)
		return
	}
	s.respond(tx, req, reply{code: 202, reason: "Accepted"}, "", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 3*timerF)
	defer cancel()
	s.notifyRefer(ctx, l, "100 Trying", false)
	if rt.replaces != nil {
		err = s.join(ctx, l, rt.replaces)
	} else {
		err = s.blindTransfer(ctx, l, rt.uri.User)
	}
	if err != nil {
		r := callErrorReply(err)
		s.notifyRefer(ctx, l, strconv.Itoa(r.code)+" "+r.reason, true)
		return
	}
	s.notifyRefer(ctx, l, "200 OK", true)
	s.bye(l)
}

// notifyRefer tells the transferor how its REFER went.
func (s *Server) notifyRefer(ctx context.Context, l *leg, status string, done bool) {
	req := l.request(sip.NOTIFY, []byte("SIP/2.0 "+status+"\r\n"), "message/sipfrag;version=2.0")
	req.AppendHeader(sip.NewHeader("Event", "refer"))
	state := "active;expires=60"
	if done {
		state = "terminated;reason=noresource"
	}
	req.AppendHeader(sip.NewHeader("Subscription-State", state))
	s.transactLeg(ctx, l, req)
}

// blindTransfer sends the other party of leg l's call to dialled, as a
// new call from the B2BUA routed as if l's party had dialled it.
func (s *Server) blindTransfer(ctx context.Context, l *leg, dialled string) error {
	c := l.call
	c.mu.Lock()
	creq := switchboard.CallRequest{DeviceID: l.deviceID, TrunkID: l.trunkID, Dialled: dialled}
	if l.deviceID == "" && l.trunkID == "" {
		creq.WorkplaceID = l.workplaceID
	}
	c.mu.Unlock()
	route, err := s.opt.Router.Route(ctx, creq)
	if err == nil && route.Refused != nil {
		err = route.Refused
	}
	if err != nil {
		return err
	}
	if f := route.Feature; f != nil {
		if f.Action != "voicemail" {
			return switchboard.Errorf(switchboard.EINVALID, "A feature code is no transfer target")
		}
		route.Targets = []switchboard.CallTarget{{URI: f.URI, Voicemail: true}}
	}
	return s.transferTo(ctx, l, route)
}

// transferTo moves the other party of leg l's call into a new call that
// rings route's targets; l's party leaves the call.
func (s *Server) transferTo(ctx context.Context, l *leg, route *switchboard.CallRoute) error {
	c := l.call
	c2 := s.newCall(route, "")
	if !s.calls.admit(c2) {
		return switchboard.Errorf(switchboard.ERATELIMIT, "Too many calls")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c2.mu.Lock()
	defer c2.mu.Unlock()
	p := c.peer(l)
	if p == nil || c.ended {
		c2.finish(switchboard.ReleaseFailed)
		return switchboard.Errorf(switchboard.ECONFLICT, "The call is not answered")
	}
	c.detach(p)
	p.call, c2.a = c2, p
	if v := c.views[p.workplaceID]; v != nil {
		delete(c.views, p.workplaceID)
		c2.views[p.workplaceID] = v
	}
	if v := c.views[l.workplaceID]; v != nil {
		c.emit(switchboard.EventCallTransferred, v)
	}
	c.finish(switchboard.ReleaseNormal)
	c2.start(ctx, route.Targets, p.sdp)
	return nil
}

// detach takes leg p out of the call. The caller holds c.mu.
func (c *call) detach(p *leg) {
	switch p {
	case c.a:
		c.a = nil
	case c.b:
		c.b = nil
	}
	for i, f := range c.forks {
		if f == p {
			c.forks = append(c.forks[:i:i], c.forks[i+1:]...)
			break
		}
	}
}

// join completes an attended transfer: the other parties of the
// transferor's two calls (leg l's, and the one rep names) talk to each
// other; the transferor's legs are hung up.
func (s *Server) join(ctx context.Context, l *leg, rep *replaces) error {
	return s.joinCalls(ctx, l, s.calls.leg(rep.callID))
}

// joinCalls joins the other parties of the calls of legs l and r2, both
// the same party's.
func (s *Server) joinCalls(ctx context.Context, l, r2 *leg) error {
	if r2 == nil || r2 == l || r2.call == l.call {
		return switchboard.Errorf(switchboard.ENOTFOUND, "No such call to replace")
	}
	x, y, err := s.joinLegs(l, r2)
	if err != nil {
		return err
	}
	s.reoffer(ctx, x, y.sdp)
	s.reoffer(ctx, y, x.sdp)
	go s.bye(r2)
	return nil
}

// joinLegs moves the party of r2's call into l's place in l's call and
// returns the two parties now talking.
func (s *Server) joinLegs(l, r2 *leg) (x, y *leg, err error) {
	c1, c2 := l.call, r2.call
	first, second := c1, c2
	if c2.id < c1.id {
		first, second = c2, c1
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	x, y = c1.peer(l), c2.peer(r2)
	if x == nil || y == nil || c1.ended || c2.ended {
		return nil, nil, switchboard.Errorf(switchboard.ECONFLICT, "Both calls must be answered")
	}
	c2.detach(y)
	y.call = c1
	if c1.a == l {
		c1.a = y
	} else {
		c1.b = y
	}
	if v := c2.views[y.workplaceID]; v != nil {
		delete(c2.views, y.workplaceID)
		c1.views[y.workplaceID] = v
	}
	for _, c := range []*call{c1, c2} {
		if v := c.views[l.workplaceID]; v != nil {
			c.emit(switchboard.EventCallTransferred, v)
			c.release(v, switchboard.ReleaseNormal)
			delete(c.views, l.workplaceID)
		}
	}
	c2.finish(switchboard.ReleaseNormal)
	s.calls.drop(l)
	return x, y, nil
}

// reoffer re-INVITEs leg l with a new session description (the party it
// now talks to) and acknowledges the answer.
func (s *Server) reoffer(ctx context.Context, l *leg, sdp []byte) {
	res := s.transactLeg(ctx, l, l.request(sip.INVITE, sdp, ""))
	if !res.IsSuccess() {
		s.log.Debug("SIP re-INVITE refused", "code", res.StatusCode)
		return
	}
	l.call.mu.Lock()
	if len(res.Body()) > 0 {
		l.sdp = res.Body()
	}
	l.call.mu.Unlock()
	s.sendAck(l, res, nil)
}
