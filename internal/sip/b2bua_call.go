package sip

import (
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// call is one call through the B2BUA: the caller's leg a, the callee legs
// ringing (forks) and, once answered, the one that answered (b). Each
// workplace on the call has its own view, the Call its events carry.
type call struct {
	s  *Server
	id string // the ExternalTrackingID shared by all views
	// account is the caller's digest user name, for the per-account cap.
	account string

	mu       sync.Mutex
	route    *switchboard.CallRoute
	a, b     *leg
	forks    []*leg
	views    map[string]*switchboard.Call
	answered bool
	ended    bool
	// diverted is set once the no-answer target took over the ringing.
	diverted bool
	// clickToDial: a is our INVITE to the workplace's own device.
	clickToDial bool
	timer       *time.Timer
	// last is the best final answer of a failed fork so far.
	last *sip.Response
}

// callTable indexes the calls of this node: by the Call-ID of each leg
// (every leg has its own) and by call.
type callTable struct {
	mu        sync.Mutex
	legs      map[string]*leg
	calls     map[string]*call
	perAcct   map[string]int
	maxCalls  int
	maxPerAcc int
}

func newCallTable(maxCalls, maxPerAccount int) *callTable {
	return &callTable{legs: map[string]*leg{}, calls: map[string]*call{}, perAcct: map[string]int{},
		maxCalls: maxCalls, maxPerAcc: maxPerAccount}
}

// admit registers a new call unless the node or the account is at its cap.
func (t *callTable) admit(c *call) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.calls) >= t.maxCalls || (c.account != "" && t.perAcct[c.account] >= t.maxPerAcc) {
		return false
	}
	t.calls[c.id] = c
	if c.account != "" {
		t.perAcct[c.account]++
	}
	return true
}

func (t *callTable) addLeg(l *leg) {
	t.mu.Lock()
	t.legs[l.callID] = l
	t.mu.Unlock()
}

func (t *callTable) leg(callID string) *leg {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.legs[callID]
}

// remove forgets a call and its legs.
func (t *callTable) remove(c *call, legs []*leg) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.calls[c.id] == c {
		delete(t.calls, c.id)
		if c.account != "" {
			if t.perAcct[c.account]--; t.perAcct[c.account] <= 0 {
				delete(t.perAcct, c.account)
			}
		}
	}
	for _, l := range legs {
		if t.legs[l.callID] == l {
			delete(t.legs, l.callID)
		}
	}
}

// snapshot returns the calls in progress.
func (t *callTable) snapshot() []*call {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*call, 0, len(t.calls))
	for _, c := range t.calls {
		out = append(out, c)
	}
	return out
}

// legs returns every leg of the call; the caller holds c.mu.
func (c *call) allLegs() []*leg {
	out := append([]*leg{}, c.forks...)
	if c.a != nil {
		out = append(out, c.a)
	}
	if c.b != nil && !containsLeg(out, c.b) {
		out = append(out, c.b)
	}
	return out
}

func containsLeg(ls []*leg, l *leg) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

// peer is the other party of an answered call; nil before the answer.
func (c *call) peer(l *leg) *leg {
	switch l {
	case c.a:
		return c.b
	case c.b:
		return c.a
	}
	return nil
}

// view returns the workplace's view of the call, creating it.
func (c *call) view(workplaceID, personality, remote, remoteName string) *switchboard.Call {
	if workplaceID == "" {
		return nil
	}
	if v := c.views[workplaceID]; v != nil {
		return v
	}
	v := &switchboard.Call{ID: switchboard.NewID("call", c.s.now()), ExternalTrackingID: c.id,
		CustomerID: c.route.CustomerID, WorkplaceID: workplaceID, Personality: personality,
		State: switchboard.CallAlerting, RemoteAddress: remote, RemoteName: remoteName, StartedAt: c.s.now()}
	c.views[workplaceID] = v
	return v
}

// emit sends an event with a copy of the view; the caller holds c.mu.
func (c *call) emit(kind string, v *switchboard.Call) {
	if v == nil || c.s.opt.OnCallEvents == nil {
		return
	}
	cp := *v
	c.s.callEvent(switchboard.CallEvent{Kind: kind, CustomerID: v.CustomerID, WorkplaceID: v.WorkplaceID, At: c.s.now(), Call: &cp})
}

// release ends a view with cause; the caller holds c.mu.
func (c *call) release(v *switchboard.Call, cause string) {
	if v == nil || v.State == switchboard.CallReleased {
		return
	}
	v.State, v.ReleaseCause, v.ReleasedAt = switchboard.CallReleased, cause, c.s.now()
	c.emit(switchboard.EventCallReleased, v)
}

// finish ends the call: every view released with cause, the legs
// forgotten. The caller holds c.mu and has sent what the legs need.
func (c *call) finish(cause string) {
	if c.ended {
		return
	}
	c.ended = true
	if c.timer != nil {
		c.timer.Stop()
	}
	for _, v := range c.views {
		c.release(v, cause)
	}
	c.s.calls.remove(c, c.allLegs())
}

// drop forgets legs that left their call.
func (t *callTable) drop(ls ...*leg) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, l := range ls {
		if t.legs[l.callID] == l {
			delete(t.legs, l.callID)
		}
	}
}
