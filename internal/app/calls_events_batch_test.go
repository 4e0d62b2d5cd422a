package app_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// slowStore is a store whose write transactions take a while, as a busy
// database's do; it counts them.
type slowStore struct {
	switchboard.Store
	delay   time.Duration
	updates atomic.Int32
}

func (s *slowStore) Update(ctx context.Context, fn func(switchboard.Tx) error) error {
	s.updates.Add(1)
	time.Sleep(s.delay)
	return s.Store.Update(ctx, fn)
}

// TestRecordCallEventsInBatches: a batch of many calls' events of two
// customers is one transaction of a slow store; every event is kept, each
// call's journal entry is as its last event left it, and each customer's
// CTI channels hear of the batch once.
func TestRecordCallEventsInBatches(t *testing.T) {
	e, h := newHotDesk(t)
	other := e.tenant("other", 2)
	slow := &slowStore{Store: e.db, delay: 20 * time.Millisecond}
	svc := e.service(slow, envNode)
	before, err := svc.LastCallEventSeq(e.ctx)
	e.must(err)
	e.changes.take()
	var batch []*switchboard.CallEvent
	for i := range 40 {
		cust, wp := h.cust.ID, h.wp1.ID
		if i%2 == 1 {
			cust, wp = other.cust.ID, other.wp1.ID
		}
		c := switchboard.Call{ID: fmt.Sprintf("call_%d", i), ExternalTrackingID: fmt.Sprint(i), CustomerID: cust,
			WorkplaceID: wp, Personality: switchboard.CallTerminator, State: switchboard.CallAlerting, RemoteAddress: "202", StartedAt: start}
		for _, kind := range []string{switchboard.EventCallReceived, switchboard.EventCallAnswered, switchboard.EventCallReleased} {
			if kind == switchboard.EventCallReleased {
				c.State, c.ReleasedAt, c.ReleaseCause = switchboard.CallReleased, start.Add(time.Minute), switchboard.ReleaseNormal
			}
			cp := c
			batch = append(batch, &switchboard.CallEvent{Kind: kind, CustomerID: cust, WorkplaceID: wp, Call: &cp})
		}
	}
	e.must(svc.RecordCallEvents(e.ctx, batch))
	if n := slow.updates.Load(); n != 1 {
		t.Errorf("%d events took %d transactions, want 1", len(batch), n)
	}
	if got := e.changes.take(); len(got) != 2 || got[0] != "call "+h.cust.ID || got[1] != "call "+other.cust.ID {
		t.Errorf("notices = %v, want one per customer", got)
	}
	for _, tn := range []tenant{h.tenant, other} {
		evs, err := svc.CallEventsAfter(e.ctx, switchboard.System, tn.cust.ID, before, 0)
		e.must(err)
		if len(evs) != 60 {
			t.Errorf("customer %s has %d events, want 60", tn.cust.ID, len(evs))
		}
		calls, _, err := svc.CallJournal(e.ctx, switchboard.System, tn.wp1.ID, switchboard.Page{Limit: 100})
		e.must(err)
		for _, c := range calls {
			if c.State != switchboard.CallReleased {
				t.Errorf("journal keeps %s %s, want the last event's state", c.ID, c.State)
			}
		}
		if len(calls) != 20 {
			t.Errorf("journal of %s has %d calls, want 20", tn.wp1.ID, len(calls))
		}
	}
}

// TestRecordCallEventsRefusesABadBatchWhole: one event without a customer
// refuses the batch before anything is written.
func TestRecordCallEventsRefusesABadBatchWhole(t *testing.T) {
	e, h := newHotDesk(t)
	before, err := e.svc.LastCallEventSeq(e.ctx)
	e.must(err)
	err = e.svc.RecordCallEvents(e.ctx, []*switchboard.CallEvent{
		{Kind: switchboard.EventCallUpdated, CustomerID: h.cust.ID, WorkplaceID: h.wp1.ID},
		{Kind: switchboard.EventCallUpdated},
	})
	wantCode(t, "batch with an event without customer", err, switchboard.EINVALID)
	if after, err := e.svc.LastCallEventSeq(e.ctx); err != nil || after != before {
		t.Errorf("the refused batch wrote events: seq %d -> %d (%v)", before, after, err)
	}
}
