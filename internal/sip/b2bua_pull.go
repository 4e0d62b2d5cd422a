package sip

import (
	"context"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// pullByPhone moves the workplace's answered call to the device that
// dialled the call-pull code (78811): the other party is re-INVITEd with
// the new device's session, the new device answered, the old one hung up.
func (s *Server) pullByPhone(ctx context.Context, req *sip.Request, tx *sip.ServerTx, route *switchboard.CallRoute, deviceID string) {
	c, old := s.activeLeg(route.CallerWorkplaceID, deviceID)
	if c == nil {
		s.respond(tx, req, reply{code: 404, reason: "No call to pull"}, "", nil)
		return
	}
	c.mu.Lock()
	p := c.peer(old)
	c.mu.Unlock()
	if p == nil {
		s.respond(tx, req, reply{code: 404, reason: "No call to pull"}, "", nil)
		return
	}
	res := s.transactLeg(ctx, p, p.request(sip.INVITE, req.Body(), ""))
	if !res.IsSuccess() {
		s.respond(tx, req, reply{code: res.StatusCode, reason: res.Reason}, "", nil)
		return
	}
	s.sendAck(p, res, nil)
	n := s.callerLeg(c, req, tx, route.CallerWorkplaceID)
	n.deviceID = deviceID
	c.mu.Lock()
	defer c.mu.Unlock()
	c.replaceLeg(old, n, p, res.Body())
	go s.bye(old)
	n.acked = make(chan struct{})
	s.answer(n, reply{code: 200, reason: "OK"}, p.sdp)
	if v := c.views[n.workplaceID]; v != nil {
		v.DeviceID = deviceID
		c.emit(switchboard.EventCallUpdated, v)
	}
}

// activeLeg finds the workplace's answered call on a device other than
// exceptDevice, and the workplace's leg in it.
func (s *Server) activeLeg(workplaceID, exceptDevice string) (*call, *leg) {
	for _, c := range s.calls.snapshot() {
		c.mu.Lock()
		for _, l := range []*leg{c.a, c.b} {
			if c.answered && !c.ended && l != nil && l.workplaceID == workplaceID && l.deviceID != exceptDevice {
				c.mu.Unlock()
				return c, l
			}
		}
		c.mu.Unlock()
	}
	return nil, nil
}

// replaceLeg puts the workplace's new leg n in old's place, after the
// other party p took n's session and answered with sdp (kept unless
// empty); old leaves the call and is for the caller to hang up. The
// caller holds c.mu.
func (c *call) replaceLeg(old, n, p *leg, sdp []byte) {
	if len(sdp) > 0 {
		p.sdp = sdp
	}
	if c.a == old {
		c.a = n
	} else {
		c.b = n
	}
	c.s.calls.addLeg(n)
	c.s.calls.drop(old)
	old.ended = true
}
