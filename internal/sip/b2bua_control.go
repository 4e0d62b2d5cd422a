package sip

import (
	"context"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// The Server is the switchboard.CallControl of the calls on its node.
var _ switchboard.CallControl = (*Server)(nil)

// Calls returns the workplace's calls in progress on this node.
func (s *Server) Calls(workplaceID string) []switchboard.Call {
	var out []switchboard.Call
	for _, c := range s.calls.snapshot() {
		c.mu.Lock()
		if v := c.views[workplaceID]; v != nil && !c.ended && v.State != switchboard.CallReleased {
			out = append(out, *v)
		}
		c.mu.Unlock()
	}
	return out
}

// Call returns one of the workplace's calls; ENOTFOUND for any other.
func (s *Server) Call(workplaceID, callID string) (switchboard.Call, error) {
	c, _, err := s.callOf(workplaceID, callID)
	if err != nil {
		return switchboard.Call{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return *c.views[workplaceID], nil
}

// callOf finds the workplace's call by its view's id, and the workplace's
// leg in it (nil while it rings several devices).
func (s *Server) callOf(workplaceID, callID string) (*call, *leg, error) {
	for _, c := range s.calls.snapshot() {
		c.mu.Lock()
		v := c.views[workplaceID]
		if v != nil && v.ID == callID && !c.ended {
			var own *leg
			for _, l := range []*leg{c.a, c.b} {
				if l != nil && l.workplaceID == workplaceID {
					own = l
				}
			}
			c.mu.Unlock()
			return c, own, nil
		}
		c.mu.Unlock()
	}
	return nil, nil, switchboard.Errorf(switchboard.ENOTFOUND, "No such call")
}

// answeredLeg is callOf for actions that need the call answered.
func (s *Server) answeredLeg(workplaceID, callID string) (*call, *leg, error) {
	c, l, err := s.callOf(workplaceID, callID)
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if l == nil || !c.answered || c.peer(l) == nil {
		return nil, nil, switchboard.Errorf(switchboard.ECONFLICT, "The call is not answered")
	}
	return c, l, nil
}

// Release hangs the call up for every party.
func (s *Server) Release(ctx context.Context, workplaceID, callID string) error {
	c, _, err := s.callOf(workplaceID, callID)
	if err != nil {
		return err
	}
	c.hangUp(nil, switchboard.ReleaseNormal)
	return nil
}

// Hold holds the call: a phone that takes "Event: hold" is told so and
// holds itself; for any other the B2BUA offers the other party the phone's
// last session as sendonly.
func (s *Server) Hold(ctx context.Context, workplaceID, callID string) error {
	return s.setHold(ctx, workplaceID, callID, true)
}

// Talk resumes a held call (or answers it remotely, "Event: talk").
func (s *Server) Talk(ctx context.Context, workplaceID, callID string) error {
	return s.setHold(ctx, workplaceID, callID, false)
}

func (s *Server) setHold(ctx context.Context, workplaceID, callID string, hold bool) error {
	c, l, err := s.answeredLeg(workplaceID, callID)
	if err != nil {
		return err
	}
	event, dir := "talk", sendRecv
	if hold {
		event, dir = "hold", sendOnly
	}
	c.mu.Lock()
	p, sdp, notify := c.peer(l), l.sdp, lists(l.allowEvents, event)
	c.mu.Unlock()
	if notify {
		req := l.request(sip.NOTIFY, nil, "")
		req.AppendHeader(sip.NewHeader("Event", event))
		req.AppendHeader(sip.NewHeader("Subscription-State", "terminated"))
		if res := s.transactLeg(ctx, l, req); !res.IsSuccess() {
			return switchboard.Errorf(switchboard.ECONFLICT, "The phone refused to %s: %d %s", event, res.StatusCode, res.Reason)
		}
		return nil
	}
	if p == nil || len(sdp) == 0 {
		return switchboard.Errorf(switchboard.ECONFLICT, "The call has no session to hold")
	}
	s.reoffer(ctx, p, withDirection(sdp, dir))
	c.mu.Lock()
	defer c.mu.Unlock()
	c.noteHold(l, hold)
	return nil
}

// Dial places a click-to-dial call: the workplace's devices (or remote
// office) ring first, asked to answer at once, then the destination.
func (s *Server) Dial(ctx context.Context, workplaceID, address string) (switchboard.Call, error) {
	if s.opt.Router == nil {
		return switchboard.Call{}, switchboard.Errorf(switchboard.EUNAVAILABLE, "Calls are off")
	}
	if !s.roomForCall() {
		return switchboard.Call{}, switchboard.Errorf(switchboard.ERATELIMIT, "Call events are backlogged; try again shortly")
	}
	route, err := s.opt.Router.Route(ctx, switchboard.CallRequest{WorkplaceID: workplaceID, Dialled: address})
	if err == nil && route.Refused != nil {
		err = route.Refused
	}
	if err != nil {
		return switchboard.Call{}, err
	}
	if route.Origin == nil || len(route.Targets) == 0 {
		return switchboard.Call{}, switchboard.Errorf(switchboard.ECONFLICT, "The call cannot be placed from the workplace")
	}
	c := s.newCall(route, "")
	c.clickToDial = true
	if !s.calls.admit(c) {
		return switchboard.Call{}, switchboard.Errorf(switchboard.ERATELIMIT, "Too many calls")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.view(workplaceID, switchboard.CallClickToDial, address, "")
	c.emit(switchboard.EventCallOriginating, v)
	if c.ring(ctx, []switchboard.CallTarget{*route.Origin}, nil) == 0 {
		c.finish(switchboard.ReleaseFailed)
		return switchboard.Call{}, switchboard.Errorf(switchboard.ECONFLICT, "No device of the workplace is registered")
	}
	c.timer = time.AfterFunc(s.opt.NoAnswerTimeout, c.noAnswer)
	return *v, nil
}

// BlindTransfer sends the other party to address; the workplace leaves.
func (s *Server) BlindTransfer(ctx context.Context, workplaceID, callID, address string) error {
	_, l, err := s.answeredLeg(workplaceID, callID)
	if err != nil {
		return err
	}
	if err := s.blindTransfer(ctx, l, address); err != nil {
		return err
	}
	go s.bye(l)
	return nil
}

// ConsultTransfer connects the other parties of two of the workplace's
// calls and hangs up the workplace's legs.
func (s *Server) ConsultTransfer(ctx context.Context, workplaceID, callID, otherCallID string) error {
	_, l1, err := s.answeredLeg(workplaceID, callID)
	if err != nil {
		return err
	}
	_, l2, err := s.answeredLeg(workplaceID, otherCallID)
	if err != nil {
		return err
	}
	if err := s.joinCalls(ctx, l1, l2); err != nil {
		return err
	}
	go s.bye(l1)
	return nil
}

// VoicemailTransfer sends the other party to the voicemail service.
func (s *Server) VoicemailTransfer(ctx context.Context, workplaceID, callID string) error {
	if s.opt.VoicemailURI == "" {
		return switchboard.Errorf(switchboard.ECONFLICT, "No voicemail service")
	}
	c, l, err := s.answeredLeg(workplaceID, callID)
	if err != nil {
		return err
	}
	route := &switchboard.CallRoute{CustomerID: c.route.CustomerID, CallerNumber: c.route.CallerNumber,
		Targets: []switchboard.CallTarget{{URI: s.opt.VoicemailURI, Voicemail: true}}}
	if err := s.transferTo(ctx, l, route); err != nil {
		return err
	}
	go s.bye(l)
	return nil
}

// Conference sends the parties of the workplace's calls and the
// workplace itself to the conference service; ECONFLICT without one (the
// B2BUA relays signalling and mixes no media).
func (s *Server) Conference(ctx context.Context, workplaceID string, callIDs []string) error {
	if s.opt.ConferenceURI == "" {
		return switchboard.Errorf(switchboard.ECONFLICT, "No conference service")
	}
	if len(callIDs) == 0 {
		return switchboard.Errorf(switchboard.EINVALID, "No call to conference")
	}
	var own []*leg
	var customer string
	for _, id := range callIDs {
		c, l, err := s.answeredLeg(workplaceID, id)
		if err != nil {
			return err
		}
		own, customer = append(own, l), c.route.CustomerID
	}
	route := func() *switchboard.CallRoute {
		return &switchboard.CallRoute{CustomerID: customer, Targets: []switchboard.CallTarget{{URI: s.opt.ConferenceURI}}}
	}
	for _, l := range own {
		if err := s.transferTo(ctx, l, route()); err != nil {
			return err
		}
	}
	for _, l := range own[1:] {
		go s.bye(l)
	}
	return s.sendTo(ctx, own[0], route())
}

// sendTo puts a leg that left its call into a new call to route's
// targets, as its established caller side.
func (s *Server) sendTo(ctx context.Context, l *leg, route *switchboard.CallRoute) error {
	c := s.newCall(route, "")
	if !s.calls.admit(c) {
		return switchboard.Errorf(switchboard.ERATELIMIT, "Too many calls")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	l.call, c.a = c, l
	s.calls.addLeg(l)
	c.start(ctx, route.Targets, l.sdp)
	return nil
}
