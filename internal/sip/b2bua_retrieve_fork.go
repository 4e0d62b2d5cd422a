package sip

import (
	"context"
	"time"

	"github.com/emiago/sipgo/sip"
)

// retrieval rings the workplace's devices for Retrieve: the first 2xx
// wins, the others are cancelled or, answering late, hung up. Its fields
// and the legs' are guarded by the call's mutex.
type retrieval struct {
	c    *call
	legs []*leg
	left int
	// over is set once a device won or the wait ended.
	over bool
	// won receives the answering leg and its 2xx, or nothing (nil leg)
	// when every leg failed; exactly once.
	won chan answered
}

// answered is a leg that answered and its 2xx.
type answered struct {
	l   *leg
	res *sip.Response
}

func newRetrieval(c *call, legs []*leg) *retrieval {
	return &retrieval{c: c, legs: legs, left: len(legs), won: make(chan answered, 1)}
}

// wait rings every leg and returns the one that answered with its 2xx,
// nil when none did within retrieveWait.
func (r *retrieval) wait(ctx context.Context) (*leg, *sip.Response) {
	for _, l := range r.legs {
		go r.run(l)
	}
	t := time.NewTimer(retrieveWait)
	defer t.Stop()
	select {
	case a := <-r.won:
		return a.l, a.res
	case <-t.C:
	case <-ctx.Done():
	}
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	if !r.over {
		r.stopAll()
		return nil, nil
	}
	// A device answered, or the last failed, as the wait ended.
	a := <-r.won
	return a.l, a.res
}

// run sends a leg's INVITE and follows its answers.
func (r *retrieval) run(l *leg) {
	s := r.c.s
	tx, err := s.startClientTx(context.Background(), l.invite, "")
	if err != nil {
		r.failed(l)
		return
	}
	for {
		select {
		case res := <-tx.Responses():
			switch {
			case res.StatusCode < 200:
				r.c.mu.Lock()
				first, cancel := !l.early, l.cancel
				l.early = true
				r.c.mu.Unlock()
				if first && cancel {
					go s.sendCancel(l)
				}
			case res.StatusCode < 300:
				tx.OnRetransmission(func(*sip.Response) { s.resendAck(l) })
				r.answer(l, res)
				return
			default:
				r.failed(l)
				return
			}
		case <-tx.Done():
			r.failed(l)
			return
		}
	}
}

// answer takes the first 2xx; a later one is acknowledged and hung up.
func (r *retrieval) answer(l *leg, res *sip.Response) {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	l.learnDialog(res)
	if r.over || l.cancel {
		l.cancel = true
		go r.c.s.ackAndBye(l, res, nil)
		return
	}
	r.stopAll()
	r.won <- answered{l, res}
}

// failed notes a leg that ended without answering; when the last one
// does before any answered, the wait ends.
func (r *retrieval) failed(l *leg) {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	l.ended = true
	r.left--
	if r.left == 0 && !r.over {
		r.over = true
		r.won <- answered{}
	}
}

// stopAll ends the ringing: every leg not answered is cancelled now or at
// its first provisional answer. The caller holds the call's mutex.
func (r *retrieval) stopAll() {
	r.over = true
	for _, l := range r.legs {
		if l.ended || l.answered || l.cancel {
			continue
		}
		l.cancel = true
		if l.early {
			go r.c.s.sendCancel(l)
		}
	}
}
