package app

import (
	switchboard "github.com/switchboard-pbx/switchboard"
)

// onward is the target where w's forwarding, remote office or parallel
// ringing sends a call for dest. A number of the public network leaves
// through the customer's trunk on w's account (the target names w, so
// the B2BUA gives w a view of the call and chargeCall charges w when the
// number answers), and is subject to w's TopStop like a call w places:
// ok is false when the customer, w or w's caller number has spent its
// limit this month. The caller then rings w as if the feature were off
// (its own devices, the mailbox after the delay): the call is not lost
// where w can still take it for free, and the caller, who is not the one
// over a limit, learns nothing of the callee's billing. The refusal was
// noted, and mailed to the administrators, when the limit was reached.
func (s *Service) onward(tx switchboard.Tx, w *switchboard.Workplace, country, dest string) (switchboard.CallTarget, bool, error) {
	t, err := destination(tx, w.CustomerID, country, dest)
	if err != nil || t.TrunkID == "" {
		return t, err == nil, err
	}
	trunk, err := tx.Trunk(t.TrunkID)
	if err != nil {
		return t, false, err
	}
	err = s.topStop(tx, w, callerNumber(w, trunk))
	switch {
	case switchboard.ErrorCode(err) == switchboard.EFORBIDDEN:
		s.log.Info("TopStop: a call is not sent on to the public network", "workplace", w.ID, "reason", switchboard.ErrorMessage(err))
		return t, false, nil
	case err != nil:
		return t, false, err
	}
	t.WorkplaceID = w.ID
	return t, true, nil
}
