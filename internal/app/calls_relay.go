package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Bus topics of the call relay; the id is a call control request's. A
// notice on TopicCallControl asks the other nodes to read the request, one
// on TopicCallControlAnswer tells the asking node that a node answered.
const (
	TopicCallControl       = "call.control"
	TopicCallControlAnswer = "call.control.answer"
)

// Relay-only kinds of CallAction: listing the workplace's calls on a node,
// and reading one call.
const (
	callList = "list"
	callGet  = "get"
)

// DefaultRelayWait is how long a node waits for the other nodes to answer
// a call control request.
const DefaultRelayWait = 5 * time.Second

// CallRelayOptions configure a CallRelay. Store, Bus, Node and Local are
// required.
type CallRelayOptions struct {
	Store switchboard.Store
	// Bus carries the relay's notices between the nodes.
	Bus switchboard.Bus
	// Node names this node as its heartbeats and the registrations it
	// persists do (app.Options.Node).
	Node string
	// Local is this node's B2BUA.
	Local switchboard.CallControl
	// Router says which devices a workplace's click-to-dial call rings
	// first (CallRequest.OwnDevices); nil dials on this node always.
	Router switchboard.CallRouter
	// Wait bounds how long an action waits for the other nodes; 0 means
	// DefaultRelayWait.
	Wait time.Duration
	// Logger receives the relay's failures; nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// CallRelay is the switchboard.CallControl of the calls on every node
// sharing one PostgreSQL store. A call lives on the node whose SIP
// listener carries it, while a CTI client may reach any node: the relay
// acts on a call of this node directly, and otherwise writes a call
// control request, tells the other nodes on the bus, and waits (up to
// Wait) for the node carrying the call to answer. A click-to-dial call is
// placed by the node holding the registration of one of the workplace's
// phones; the list of calls merges every live node's. Run serves the
// other nodes' requests.
//
// A single node needs no relay: its B2BUA is the CallControl.
type CallRelay struct {
	o CallRelayOptions
	// mine holds the ids of this node's requests in flight, whose
	// notices Run skips.
	mine sync.Map
	// requests receives the notices of requests from the time the relay
	// is built, so none published before Run starts is missed; Run
	// consumes them and ends the subscription with stop.
	requests <-chan string
	stop     func()
}

var _ switchboard.CallControl = (*CallRelay)(nil)

// NewCallRelay returns a relay listening for the other nodes' requests;
// Run, called once, serves them.
func NewCallRelay(o CallRelayOptions) *CallRelay {
	if o.Wait <= 0 {
		o.Wait = DefaultRelayWait
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	r := &CallRelay{o: o}
	r.requests, r.stop = o.Bus.Subscribe(TopicCallControl)
	return r
}

// Calls merges the workplace's calls on this node with those every other
// live node answers within Wait; a node that does not answer is logged
// and its calls are missing from the list.
func (r *CallRelay) Calls(workplaceID string) []switchboard.Call {
	out := r.o.Local.Calls(workplaceID)
	ctx, cancel := context.WithTimeout(context.Background(), r.o.Wait)
	defer cancel()
	answers, err := r.ask(ctx, workplaceID, "", CallAction{Kind: callList}, nil)
	if err != nil {
		r.o.Logger.Warn("calls of other nodes not listed", "workplace", workplaceID, "err", err)
	}
	for _, a := range answers {
		var calls []switchboard.Call
		if a.ErrorCode == "" && json.Unmarshal(a.Result, &calls) == nil {
			out = append(out, calls...)
		}
	}
	return out
}

// Call returns one of the workplace's calls, from whichever node carries
// it.
func (r *CallRelay) Call(workplaceID, callID string) (switchboard.Call, error) {
	if c, err := r.o.Local.Call(workplaceID, callID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		return c, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.o.Wait)
	defer cancel()
	return r.relay(ctx, workplaceID, CallAction{Kind: callGet, CallID: callID})
}

// Dial places the click-to-dial call on the node holding the registration
// of one of the workplace's phones, this node when it holds one, when no
// node does (the B2BUA then says so) and when the workplace has no phone
// (its remote office rings from any node).
func (r *CallRelay) Dial(ctx context.Context, workplaceID, address string) (switchboard.Call, error) {
	node, err := r.phoneNode(ctx, workplaceID)
	if err != nil {
		return switchboard.Call{}, err
	}
	if node == "" || node == r.o.Node {
		return r.o.Local.Dial(ctx, workplaceID, address)
	}
	ctx, cancel := context.WithTimeout(ctx, r.o.Wait)
	defer cancel()
	answers, err := r.ask(ctx, workplaceID, node, CallAction{Kind: CallDial, Address: address}, nil)
	if err != nil {
		return switchboard.Call{}, err
	}
	if len(answers) == 0 {
		return switchboard.Call{}, switchboard.Errorf(switchboard.EUNAVAILABLE, "the node the workplace's phone is registered with did not answer")
	}
	return answerOf(answers[0])
}

// phoneNode names a live node holding a current registration of one of
// the workplace's devices, preferring this one; this one when no live
// node does, "" when the workplace has no device.
func (r *CallRelay) phoneNode(ctx context.Context, workplaceID string) (string, error) {
	if r.o.Router == nil {
		return "", nil
	}
	route, err := r.o.Router.Route(ctx, switchboard.CallRequest{WorkplaceID: workplaceID, OwnDevices: true})
	if err != nil || route.Origin == nil {
		return "", nil
	}
	now := r.o.Now()
	var nodes []string
	err = r.o.Store.View(ctx, func(tx switchboard.Tx) error {
		live, err := tx.LiveNodes(now.Add(-switchboard.NodeGoneAfter))
		if err != nil {
			return err
		}
		for _, d := range route.Origin.DeviceIDs {
			reg, err := tx.Registration(d)
			if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			if reg.ExpiresAtMillis > now.UnixMilli() && slices.Contains(live, reg.Node) {
				nodes = append(nodes, reg.Node)
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read the registrations of workplace %s: %w", workplaceID, err)
	}
	if len(nodes) == 0 || slices.Contains(nodes, r.o.Node) {
		return r.o.Node, nil
	}
	slices.Sort(nodes)
	return nodes[0], nil
}

// Release hangs the call up on the node carrying it.
func (r *CallRelay) Release(ctx context.Context, workplaceID, callID string) error {
	return r.act(ctx, workplaceID, CallAction{Kind: CallRelease, CallID: callID})
}

// Hold holds the call on the node carrying it.
func (r *CallRelay) Hold(ctx context.Context, workplaceID, callID string) error {
	return r.act(ctx, workplaceID, CallAction{Kind: CallHold, CallID: callID})
}

// Talk resumes (or answers) the call on the node carrying it.
func (r *CallRelay) Talk(ctx context.Context, workplaceID, callID string) error {
	return r.act(ctx, workplaceID, CallAction{Kind: CallTalk, CallID: callID})
}

// BlindTransfer sends the call's other party to address.
func (r *CallRelay) BlindTransfer(ctx context.Context, workplaceID, callID, address string) error {
	return r.act(ctx, workplaceID, CallAction{Kind: CallBlindTransfer, CallID: callID, Address: address})
}

// ConsultTransfer connects the parties of the two calls, which live on
// one node (the consultation call is placed from the same phone).
func (r *CallRelay) ConsultTransfer(ctx context.Context, workplaceID, callID, otherCallID string) error {
	return r.act(ctx, workplaceID, CallAction{Kind: CallConsultTransfer, CallID: callID, OtherCallID: otherCallID})
}

// VoicemailTransfer sends the call's other party to the mailbox.
func (r *CallRelay) VoicemailTransfer(ctx context.Context, workplaceID, callID string) error {
	return r.act(ctx, workplaceID, CallAction{Kind: CallVoicemailTransfer, CallID: callID})
}

// Conference joins the calls on the node carrying the first of them.
func (r *CallRelay) Conference(ctx context.Context, workplaceID string, callIDs []string) error {
	return r.act(ctx, workplaceID, CallAction{Kind: CallConference, CallIDs: callIDs})
}

// Retrieve pulls the workplace's active call on the node carrying it.
func (r *CallRelay) Retrieve(ctx context.Context, workplaceID string) (switchboard.Call, error) {
	if len(r.o.Local.Calls(workplaceID)) > 0 {
		return r.o.Local.Retrieve(ctx, workplaceID)
	}
	ctx, cancel := context.WithTimeout(ctx, r.o.Wait)
	defer cancel()
	return r.relay(ctx, workplaceID, CallAction{Kind: CallRetrieve})
}

// act carries out an action on one call: here when this node carries
// it, else on the node that does.
func (r *CallRelay) act(ctx context.Context, workplaceID string, a CallAction) error {
	if holds(r.o.Local, workplaceID, a) {
		_, err := actOn(ctx, r.o.Local, workplaceID, a)
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, r.o.Wait)
	defer cancel()
	_, err := r.relay(ctx, workplaceID, a)
	return err
}

// relay asks every other live node to carry out a and returns the answer
// of the node that carries the call: ENOTFOUND when every node answered
// that it has no such call, EUNAVAILABLE when a node did not answer in
// time and none carried it out.
func (r *CallRelay) relay(ctx context.Context, workplaceID string, a CallAction) (switchboard.Call, error) {
	decisive := func(a *switchboard.CallControlAnswer) bool { return a.ErrorCode != switchboard.ENOTFOUND }
	answers, err := r.ask(ctx, workplaceID, "", a, func(as []*switchboard.CallControlAnswer) bool {
		return slices.ContainsFunc(as, decisive)
	})
	if err != nil {
		return switchboard.Call{}, err
	}
	if i := slices.IndexFunc(answers, decisive); i >= 0 {
		return answerOf(answers[i])
	}
	return switchboard.Call{}, switchboard.Errorf(switchboard.ENOTFOUND, "No such call")
}

// answerOf reads a node's answer as the call it returned and the error,
// with the error's code, it gave.
func answerOf(a *switchboard.CallControlAnswer) (switchboard.Call, error) {
	if a.ErrorCode != "" {
		return switchboard.Call{}, switchboard.Errorf(a.ErrorCode, "%s", a.ErrorMessage)
	}
	var c switchboard.Call
	if len(a.Result) > 0 {
		if err := json.Unmarshal(a.Result, &c); err != nil {
			return switchboard.Call{}, fmt.Errorf("read the call another node returned: %w", err)
		}
	}
	return c, nil
}
