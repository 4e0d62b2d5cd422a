package app

import (
	"context"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// RecordCallEvents adds a batch of the B2BUA's events in one transaction,
// with RecordCallEvent's rules: each event, the cost of each answered
// call to the public network it releases (chargeCall, with the TopStop
// mails it writes), and its call's
// journal entry (once per call, as the batch's last event leaves it); then every node's
// CTI channels learn of it, once per customer of the batch. One
// transaction per batch is what keeps up with many calls when the store
// is slow. An event without kind or customer refuses the whole batch
// EINVALID before anything is written.
func (s *Service) RecordCallEvents(ctx context.Context, es []*switchboard.CallEvent) error {
	if len(es) == 0 {
		return nil
	}
	var customers []string
	seen := map[string]bool{}
	last := map[string]int{}
	for i, e := range es {
		if e.Kind == "" || e.CustomerID == "" {
			return switchboard.Errorf(switchboard.EINVALID, "a call event needs a kind and a customer")
		}
		if !seen[e.CustomerID] {
			seen[e.CustomerID] = true
			customers = append(customers, e.CustomerID)
		}
		if e.Call != nil && e.Call.WorkplaceID != "" {
			last[e.Call.ID] = i
		}
	}
	mailed := false
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		mailed = false
		for i, e := range es {
			if e.At.IsZero() {
				e.At = s.clock()
			}
			if err := tx.AddCallEvent(e); err != nil {
				return fmt.Errorf("record call event: %w", err)
			}
			m, err := s.chargeCall(tx, e)
			if err != nil {
				return err
			}
			mailed = mailed || m
			if e.Call == nil || e.Call.WorkplaceID == "" || last[e.Call.ID] != i {
				continue
			}
			if err := tx.PutCallRecord(e.Call); err != nil {
				return fmt.Errorf("record call %s: %w", e.Call.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range customers {
		s.changed(ctx, switchboard.TopicCall, c)
	}
	if mailed {
		s.outboxWritten(ctx)
	}
	return nil
}
