package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// RecordTrunkRegistration stores where this node's registration at a
// trunk stands (the SIP server reports every change), so that every node
// shows the same state. A trunk deleted meanwhile is ENOTFOUND.
func (s *Service) RecordTrunkRegistration(ctx context.Context, trunkID string, r switchboard.TrunkRegistration) error {
	r.Node, r.UpdatedAt = s.claimant.Node, s.clock()
	return s.store.Update(ctx, func(tx switchboard.Tx) error { return tx.PutTrunkRegistration(trunkID, r) })
}

// trunkRegistration is the state to show of t's registration: off for a
// trunk that does not register, else the best of every node's stored
// state (switchboard.BestTrunkRegistration), the same on every node.
func (s *Service) trunkRegistration(tx switchboard.Tx, t *switchboard.Trunk) (switchboard.TrunkRegistration, error) {
	if !t.Register {
		return switchboard.TrunkRegistration{State: switchboard.TrunkRegistrationOff}, nil
	}
	rs, err := tx.TrunkRegistrations(t.ID)
	if err != nil {
		return switchboard.TrunkRegistration{}, err
	}
	return switchboard.BestTrunkRegistration(rs, s.clock()), nil
}
