package sip

import (
	"context"
	"slices"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// retrieveWait bounds how long Retrieve waits for one of the workplace's
// devices to answer; they are asked to answer at once.
const retrieveWait = 20 * time.Second

// Retrieve pulls the workplace's answered call from where it is (a
// device, the remote office or a parallel-ringing number) to the
// workplace's other devices, as CTI's CallRetrieve: they are INVITEd
// without an offer and asked to answer at once, the first to answer takes
// the call, the other party is re-INVITEd with its offer, and the old leg
// gets BYE. ECONFLICT when the workplace has no answered call, no other
// registered device, or none answered.
func (s *Server) Retrieve(ctx context.Context, workplaceID string) (switchboard.Call, error) {
	c, old := s.activeLeg(workplaceID, "")
	if c == nil {
		return switchboard.Call{}, switchboard.Errorf(switchboard.ECONFLICT, "The workplace has no active call to retrieve")
	}
	c.mu.Lock()
	p, oldDevice, v := c.peer(old), old.deviceID, c.views[workplaceID]
	var remote, remoteName string
	if v != nil {
		remote, remoteName = v.RemoteAddress, v.RemoteName
	}
	c.mu.Unlock()
	if p == nil || v == nil {
		return switchboard.Call{}, switchboard.Errorf(switchboard.ECONFLICT, "The workplace has no active call to retrieve")
	}
	target, err := s.otherDevices(ctx, workplaceID, oldDevice)
	if err != nil {
		return switchboard.Call{}, err
	}
	legs := s.targetLegs(ctx, c, target)
	if len(legs) == 0 {
		return switchboard.Call{}, switchboard.Errorf(switchboard.ECONFLICT, "No other device of the workplace is registered to take the call")
	}
	for _, l := range legs {
		l.workplaceID, l.local.User, l.localName = workplaceID, remote, remoteName
		l.invite = l.request(sip.INVITE, nil, "")
		l.invite.AppendHeader(allowCallHeader)
		autoAnswer(l.invite)
	}
	n, res := newRetrieval(c, legs).wait(ctx)
	if n == nil {
		return switchboard.Call{}, switchboard.Errorf(switchboard.ECONFLICT, "No other device of the workplace answered")
	}
	return s.moveTo(ctx, c, old, p, n, res)
}

// otherDevices asks the router for the workplace's devices other than
// except.
func (s *Server) otherDevices(ctx context.Context, workplaceID, except string) (switchboard.CallTarget, error) {
	if s.opt.Router == nil {
		return switchboard.CallTarget{}, switchboard.Errorf(switchboard.EUNAVAILABLE, "Calls are off")
	}
	route, err := s.opt.Router.Route(ctx, switchboard.CallRequest{WorkplaceID: workplaceID, OwnDevices: true})
	if err != nil {
		return switchboard.CallTarget{}, err
	}
	if route.Refused != nil || route.Origin == nil {
		return switchboard.CallTarget{}, switchboard.Errorf(switchboard.ECONFLICT, "The workplace has no other device to take the call")
	}
	t := *route.Origin
	t.DeviceIDs = slices.DeleteFunc(slices.Clone(t.DeviceIDs), func(d string) bool { return d == except })
	return t, nil
}

// moveTo puts the answering device n in old's place: the other party p
// gets n's offer in a re-INVITE, n the answer in its ACK, old a BYE. A
// failure hangs n up and leaves the call where it was.
func (s *Server) moveTo(ctx context.Context, c *call, old, p, n *leg, res *sip.Response) (switchboard.Call, error) {
	pres := s.transactLeg(ctx, p, p.request(sip.INVITE, n.sdp, ""))
	if !pres.IsSuccess() {
		go s.ackAndBye(n, res, nil)
		return switchboard.Call{}, switchboard.Errorf(switchboard.ECONFLICT, "The other party refused the new session: %d %s", pres.StatusCode, pres.Reason)
	}
	s.sendAck(p, pres, nil)
	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		go s.ackAndBye(n, res, nil)
		return switchboard.Call{}, switchboard.Errorf(switchboard.ECONFLICT, "The call ended while it was retrieved")
	}
	c.replaceLeg(old, n, p, pres.Body())
	v := c.views[n.workplaceID]
	v.DeviceID = n.deviceID
	c.emit(switchboard.EventCallUpdated, v)
	out := *v
	c.mu.Unlock()
	s.sendAck(n, res, pres.Body())
	go s.bye(old)
	return out, nil
}
