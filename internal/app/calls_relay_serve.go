package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// relayPoll is how often a waiting node reads the answers without a
// notice: the bus delivers at most once, and a lost notice must only
// delay an answer.
const relayPoll = 250 * time.Millisecond

// relayRead bounds one read of the answers, which goes on when the wait
// ended.
const relayRead = 2 * time.Second

// relayKeep is how long a request stays after it expired before Run
// deletes it, for looking into a failure.
const relayKeep = time.Minute

// maxRelayed bounds the other nodes' requests one node carries out at
// once; beyond it a request is left unanswered (its node stops waiting
// on its own).
const maxRelayed = 64

// ask writes the request for a, tells the other nodes (only node to when
// set) and collects their answers until enough says the answers suffice,
// every node asked answered, or ctx ends. With no other live node it
// returns no answers at once. An error says the request could not be
// written or some node did not answer in time.
func (r *CallRelay) ask(ctx context.Context, workplaceID, to string, a CallAction, enough func([]*switchboard.CallControlAnswer) bool) ([]*switchboard.CallControlAnswer, error) {
	now := r.o.Now().UTC().Truncate(time.Microsecond)
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = now.Add(r.o.Wait)
	}
	args, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("encode call control request: %w", err)
	}
	req := &switchboard.CallControlRequest{ID: switchboard.NewID("ccr", now), WorkplaceID: workplaceID, From: r.o.Node, To: to,
		Action: a.Kind, Args: args, CreatedAt: now, ExpiresAt: deadline.UTC().Truncate(time.Microsecond)}
	expect := []string{to}
	err = r.o.Store.Update(ctx, func(tx switchboard.Tx) error {
		if to == "" {
			live, err := tx.LiveNodes(now.Add(-switchboard.NodeGoneAfter))
			if err != nil {
				return err
			}
			expect = slices.DeleteFunc(live, func(n string) bool { return n == r.o.Node })
			if len(expect) == 0 {
				return nil
			}
		}
		return tx.AddCallControlRequest(req)
	})
	if err != nil {
		return nil, fmt.Errorf("write call control request: %w", err)
	}
	if len(expect) == 0 {
		return nil, nil
	}
	notices, stop := r.o.Bus.Subscribe(TopicCallControlAnswer)
	defer stop()
	r.mine.Store(req.ID, struct{}{})
	defer r.mine.Delete(req.ID)
	if err := r.o.Bus.Publish(ctx, TopicCallControl, req.ID); err != nil {
		r.o.Logger.WarnContext(ctx, "call control request not told to the other nodes; they do not answer it", "request", req.ID, "err", err)
	}
	poll := time.NewTicker(relayPoll)
	defer poll.Stop()
	for {
		// The answers are read once more when ctx ended: those given by
		// then count.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), relayRead)
		var answers []*switchboard.CallControlAnswer
		err := r.o.Store.View(rctx, func(tx switchboard.Tx) error {
			var err error
			answers, err = tx.CallControlAnswers(req.ID)
			return err
		})
		cancel()
		if err != nil {
			return nil, fmt.Errorf("read answers to call control request: %w", err)
		}
		if (enough != nil && enough(answers)) || answeredBy(answers, expect) {
			return answers, nil
		}
		if ctx.Err() != nil {
			return answers, switchboard.Errorf(switchboard.EUNAVAILABLE, "the node carrying the call did not answer in time")
		}
		select {
		case id := <-notices:
			if id != req.ID && id != switchboard.All {
				continue
			}
		case <-poll.C:
		case <-ctx.Done():
		}
	}
}

// answeredBy reports whether every node of nodes answered.
func answeredBy(answers []*switchboard.CallControlAnswer, nodes []string) bool {
	for _, n := range nodes {
		if !slices.ContainsFunc(answers, func(a *switchboard.CallControlAnswer) bool { return a.Node == n }) {
			return false
		}
	}
	return true
}

// Run carries out the other nodes' requests until ctx ends, then returns
// nil once those in progress are answered; every minute it deletes the
// requests that expired. Requests missed while the bus was cut off are
// not answered: their nodes stop waiting on their own.
func (r *CallRelay) Run(ctx context.Context) error {
	defer r.stop()
	tidy := time.NewTicker(relayKeep)
	defer tidy.Stop()
	busy := make(chan struct{}, maxRelayed)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case <-ctx.Done():
			return nil
		case id := <-r.requests:
			if _, own := r.mine.Load(id); own || id == switchboard.All {
				continue
			}
			select {
			case busy <- struct{}{}:
				wg.Go(func() {
					defer func() { <-busy }()
					r.serve(ctx, id)
				})
			default:
				r.o.Logger.WarnContext(ctx, "call control request left unanswered: too many in progress", "request", id)
			}
		case <-tidy.C:
			r.tidy(ctx)
		}
	}
}

// serve carries out the request id if it is meant for this node and
// still awaited, and answers it.
func (r *CallRelay) serve(ctx context.Context, id string) {
	var req *switchboard.CallControlRequest
	err := r.o.Store.View(ctx, func(tx switchboard.Tx) error {
		var err error
		req, err = tx.CallControlRequest(id)
		return err
	})
	if err != nil {
		if switchboard.ErrorCode(err) != switchboard.ENOTFOUND && ctx.Err() == nil {
			r.o.Logger.ErrorContext(ctx, "call control request not readable", "request", id, "err", err)
		}
		return
	}
	if req.From == r.o.Node || (req.To != "" && req.To != r.o.Node) || !r.o.Now().Before(req.ExpiresAt) {
		return
	}
	ans := &switchboard.CallControlAnswer{RequestID: id}
	var a CallAction
	if err := json.Unmarshal(req.Args, &a); err != nil {
		ans.ErrorCode, ans.ErrorMessage = switchboard.EINVALID, "unreadable call control request"
	} else {
		actx, cancel := context.WithDeadline(ctx, req.ExpiresAt)
		result, err := r.carry(actx, req.WorkplaceID, a, req.To == r.o.Node)
		cancel()
		if err != nil {
			ans.ErrorCode, ans.ErrorMessage = switchboard.ErrorCode(err), switchboard.ErrorMessage(err)
			if ans.ErrorCode == switchboard.EINTERNAL {
				r.o.Logger.ErrorContext(ctx, "call control request failed", "request", id, "action", a.Kind, "err", err)
			}
		} else if result != nil {
			ans.Result, _ = json.Marshal(result)
		}
	}
	r.answer(ctx, ans)
}

// carry carries out a on this node's calls of the workplace: a list, the
// call asked for, or the action when this node carries the call (or was
// the one addressed); ENOTFOUND otherwise.
func (r *CallRelay) carry(ctx context.Context, workplaceID string, a CallAction, addressed bool) (any, error) {
	switch {
	case a.Kind == callList:
		return r.o.Local.Calls(workplaceID), nil
	case a.Kind == callGet:
		return r.o.Local.Call(workplaceID, a.CallID)
	case !addressed && !holds(r.o.Local, workplaceID, a):
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "No such call")
	}
	c, err := actOn(ctx, r.o.Local, workplaceID, a)
	if err != nil || c.ID == "" {
		return nil, err
	}
	return c, nil
}

// holds reports whether cc carries the call a acts on: the call named, the
// first of a conference's, any of the workplace's for a retrieve.
func holds(cc switchboard.CallControl, workplaceID string, a CallAction) bool {
	id := a.CallID
	switch a.Kind {
	case CallRetrieve:
		return len(cc.Calls(workplaceID)) > 0
	case CallConference:
		if len(a.CallIDs) == 0 {
			return true
		}
		id = a.CallIDs[0]
	}
	_, err := cc.Call(workplaceID, id)
	return switchboard.ErrorCode(err) != switchboard.ENOTFOUND
}

// answer records this node's answer and tells the asking node.
func (r *CallRelay) answer(ctx context.Context, a *switchboard.CallControlAnswer) {
	a.Node, a.AnsweredAt = r.o.Node, r.o.Now().UTC().Truncate(time.Microsecond)
	err := r.o.Store.Update(ctx, func(tx switchboard.Tx) error { return tx.AnswerCallControlRequest(a) })
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return
	}
	if err == nil {
		err = r.o.Bus.Publish(ctx, TopicCallControlAnswer, a.RequestID)
	}
	if err != nil && ctx.Err() == nil {
		r.o.Logger.WarnContext(ctx, "call control answer not given; the asking node stops waiting on its own", "request", a.RequestID, "err", err)
	}
}

// tidy deletes the requests that expired more than relayKeep ago.
func (r *CallRelay) tidy(ctx context.Context) {
	err := r.o.Store.Update(ctx, func(tx switchboard.Tx) error {
		_, err := tx.DeleteCallControlRequestsBefore(r.o.Now().Add(-relayKeep))
		return err
	})
	if err != nil && ctx.Err() == nil {
		r.o.Logger.WarnContext(ctx, "expired call control requests not deleted", "err", err)
	}
}
