package app

import (
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// topStopActor is the actor of the security events TopStop writes.
const topStopActor = "topstop"

// topStop refuses a call to the public network from w showing caller once
// the customer, the workplace or the caller number has spent its own
// charge limit this month (seed 004 "TopStop"); the refusal says which
// and what an administrator can do.
func (s *Service) topStop(tx switchboard.Tx, w *switchboard.Workplace, caller string) error {
	limits, err := chargeLimits(tx, w, caller)
	if err != nil || limits == (switchboard.ChargeLimits{}) {
		return err
	}
	spent, err := tx.Spending(switchboard.ChargeMonth(s.clock()), w.CustomerID, w.ID, caller)
	if err != nil {
		return err
	}
	if hits := switchboard.TopStopHits(limits, spent, w.CustomerID, w.ID, caller); len(hits) > 0 {
		return hits[0].Error()
	}
	return nil
}

// chargeLimits are the limits of a call from w showing caller: the
// customer's, the workplace's, and the caller number's when it is one of
// the customer's numbers.
func chargeLimits(tx switchboard.Tx, w *switchboard.Workplace, caller string) (switchboard.ChargeLimits, error) {
	l := switchboard.ChargeLimits{Workplace: w.ChargeLimit}
	c, err := tx.Customer(w.CustomerID)
	if err != nil {
		return l, fmt.Errorf("customer of workplace %s: %w", w.ID, err)
	}
	l.Customer = c.ChargeLimit
	if caller == "" {
		return l, nil
	}
	n, err := tx.Number(caller)
	switch {
	case switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		return l, nil
	case err != nil:
		return l, fmt.Errorf("caller number %s: %w", caller, err)
	case n.CustomerID == w.CustomerID:
		l.Number = n.ChargeLimit
	}
	return l, nil
}

// callerNumber is the number a call from w to the public network shows:
// the workplace's first number, else the trunk's caller ID ("" without a
// trunk).
func callerNumber(w *switchboard.Workplace, t *switchboard.Trunk) string {
	if len(w.Numbers) > 0 {
		return w.Numbers[0]
	}
	if t == nil {
		return ""
	}
	return t.CallerID
}

// chargeCall adds the cost of an answered call a workplace placed to the
// public network, or that its forwarding, remote office or parallel
// ringing took there (Call.OutsideNumber), to the month's spending, when
// e releases it, and notes each level that thereby reached its limit.
// Internal calls, feature codes and the voicemail cost nothing; a call is
// charged once, in the month it ended (UTC). mailed says a TopStop mail
// was queued.
func (s *Service) chargeCall(tx switchboard.Tx, e *switchboard.CallEvent) (mailed bool, err error) {
	c := e.Call
	placed := c != nil && (c.Personality == switchboard.CallOriginator || c.Personality == switchboard.CallClickToDial)
	if e.Kind != switchboard.EventCallReleased || c == nil || c.AnsweredAt.IsZero() || c.Voicemail ||
		!placed && c.OutsideNumber == "" {
		return false, nil
	}
	w, err := tx.Workplace(c.WorkplaceID)
	if err != nil {
		return false, fmt.Errorf("workplace of call %s: %w", c.ID, err)
	}
	number := c.OutsideNumber
	if placed {
		number, err = s.publicNumber(tx, w, c.RemoteAddress)
	}
	if number == "" || err != nil {
		return false, err
	}
	end := c.ReleasedAt
	if end.IsZero() {
		end = e.At
	}
	cents := s.tariff.Cost(number, end.Sub(c.AnsweredAt))
	if cents <= 0 {
		return false, nil
	}
	t, err := firstTrunk(tx, w.CustomerID)
	if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		return false, err
	}
	caller := callerNumber(w, t)
	month := switchboard.ChargeMonth(end)
	spent, added, err := tx.AddCharge(switchboard.Charge{CallID: c.ID, Month: month, CustomerID: w.CustomerID,
		WorkplaceID: w.ID, Number: caller, Cents: cents})
	if err != nil || !added {
		return false, err
	}
	limits, err := chargeLimits(tx, w, caller)
	if err != nil {
		return false, err
	}
	for _, h := range switchboard.TopStopHits(limits, spent, w.CustomerID, w.ID, caller) {
		first, err := s.limitReached(tx, w.CustomerID, month, h)
		if err != nil {
			return false, err
		}
		mailed = mailed || first
	}
	return mailed, nil
}

// publicNumber is the E.164 number of the public network a workplace
// dialled as remote; "" for an extension, a number of the customer, a
// feature code or anything else that is no number.
func (s *Service) publicNumber(tx switchboard.Tx, w *switchboard.Workplace, remote string) (string, error) {
	if _, ok := switchboard.ParseFeatureCode(remote); ok {
		return "", nil
	}
	country := ""
	if len(w.Numbers) > 0 {
		country = switchboard.CountryCode(w.Numbers[0])
	} else {
		var err error
		if country, err = customerCountry(tx, w.CustomerID); err != nil {
			return "", err
		}
	}
	callee, err := s.internalCallee(tx, w.CustomerID, country, remote)
	switch {
	case callee != nil || switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		return "", nil
	case err != nil:
		return "", err
	}
	number, ok := switchboard.DialledNumber(remote, country)
	if !ok {
		return "", nil
	}
	return number, nil
}

// limitReached writes a security event and a mail to the customer's
// administrators (topStopMail) the first time in a month a level reaches
// its limit: they see why calls are refused. first says it was the
// first time.
func (s *Service) limitReached(tx switchboard.Tx, customerID, month string, h switchboard.TopStopHit) (first bool, err error) {
	now := s.clock()
	first, err = tx.MarkLimitReached(customerID, month, h.Level, h.Subject, now)
	if err != nil || !first {
		return false, err
	}
	if err := s.topStopMail(tx, customerID, month, h, now); err != nil {
		return false, err
	}
	return true, tx.AddEvent(&switchboard.Event{
		ID: switchboard.NewID("evt", now), CustomerID: customerID, Kind: switchboard.EventSecurity,
		Actor: topStopActor, Action: h.Level + ".charge_limit_reached", Object: h.Subject,
		Detail: fmt.Sprintf("TopStop of the %s reached in %s: %s of %s; calls to the public network are refused until the month ends or an administrator raises the limit",
			h.Level, month, switchboard.FormatCents(h.Spent), switchboard.FormatCents(h.Limit)),
		At: now,
	})
}
