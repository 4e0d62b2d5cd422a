package app

import (
	"context"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Call events are kept CallEventRetention: long enough for a CTI channel
// to resume after a restart, short enough that the table stays small. The
// journal keeps the calls themselves.
const (
	CallEventRetention  = 24 * time.Hour
	callJanitorInterval = 10 * time.Minute
)

// RecordCallEvent adds an event of the B2BUA (which calls as System): the
// event, the call's journal entry (calls in progress show there too) and,
// for an answered call to the public network it releases, the call's cost
// (chargeCall), in one transaction; then every node's CTI channels learn
// of it.
func (s *Service) RecordCallEvent(ctx context.Context, e *switchboard.CallEvent) error {
	return s.RecordCallEvents(ctx, []*switchboard.CallEvent{e})
}

// CallEventsAfter returns up to limit (1 to MaxPageSize, 0 for the
// default) call events after the Seq after: every event of the customer
// for its administrators and monitoring accounts, the own workplace's for
// a user, every customer's for the operator when customerID is empty.
func (s *Service) CallEventsAfter(ctx context.Context, p switchboard.Principal, customerID string, after int64, limit int) ([]*switchboard.CallEvent, error) {
	own := ""
	switch {
	case customerID == "" && p.Role == switchboard.RoleOperator, p.CanMonitor(customerID):
	case p.Role == switchboard.RoleUser && p.CustomerID == customerID:
		own = p.WorkplaceID
	default:
		return nil, notFound("customer", customerID)
	}
	limit = switchboard.Page{Limit: limit}.Size()
	var out []*switchboard.CallEvent
	err := s.view(ctx, func(tx switchboard.Tx) error {
		evs, err := tx.CallEventsAfter(customerID, after, limit)
		out = evs
		return err
	})
	if err != nil || own == "" {
		return out, err
	}
	mine := []*switchboard.CallEvent{}
	for _, e := range out {
		if e.WorkplaceID == own {
			mine = append(mine, e)
		}
	}
	return mine, nil
}

// LastCallEventSeq is where a new event channel starts reading.
func (s *Service) LastCallEventSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		seq, err = tx.LastCallEventSeq()
		return err
	})
	return seq, err
}

// CallJournal lists a workplace's calls, newest first, to its user, the
// customer's administrators and monitoring accounts.
func (s *Service) CallJournal(ctx context.Context, p switchboard.Principal, workplaceID string, page switchboard.Page) ([]*switchboard.Call, string, error) {
	if err := page.Validate(); err != nil {
		return nil, "", err
	}
	var out []*switchboard.Call
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := callWorkplace(tx, p, workplaceID); err != nil {
			return err
		}
		var err error
		out, next, err = tx.CallRecords(workplaceID, page)
		return err
	})
	return out, next, err
}

// DropOldCallEvents deletes the call events older than CallEventRetention
// and says how many.
func (s *Service) DropOldCallEvents(ctx context.Context) (int, error) {
	var n int
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		var err error
		n, err = tx.DeleteCallEventsBefore(s.clock().Add(-CallEventRetention))
		return err
	})
	return n, err
}

// RunCallJanitor runs DropOldCallEvents at once and then every interval (0: every ten
// minutes) until ctx ends. Several nodes may run it.
func (s *Service) RunCallJanitor(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		interval = callJanitorInterval
	}
	return s.runEvery(ctx, interval, nil, "dropping old call events", func(ctx context.Context) error {
		_, err := s.DropOldCallEvents(ctx)
		return err
	})
}

// DialParameters are what a CTI server needs to dial for the customer
// (seed 002): its administrators and monitoring accounts read them.
func (s *Service) DialParameters(ctx context.Context, p switchboard.Principal, customerID string) (*switchboard.DialParameters, error) {
	if !p.CanMonitor(customerID) {
		return nil, mayAdminister(p, customerID, "customer", customerID)
	}
	dp := &switchboard.DialParameters{CustomerID: customerID, VoicemailNumber: switchboard.CodeVoicemail,
		CallPullNumber: switchboard.CodeCallPull}
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := tx.Customer(customerID); err != nil {
			return asNotFound(err, "customer", customerID)
		}
		exts, err := tx.Extensions(customerID)
		if err != nil {
			return err
		}
		dp.InternalNumberLength = switchboard.InternalNumberLength(exts)
		dp.CountryCode, err = customerCountry(tx, customerID)
		return err
	})
	return dp, err
}

// customerCountry is the country code of the customer's first number,
// "" without numbers: national numbers its phones dial are in it.
func customerCountry(tx switchboard.Tx, customerID string) (string, error) {
	ns, _, err := tx.Numbers(switchboard.NumberFilter{CustomerID: customerID}, switchboard.Page{Limit: 1})
	if err != nil || len(ns) == 0 {
		return "", err
	}
	return switchboard.CountryCode(ns[0].E164), nil
}
