package sip

import (
	"context"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// trunkReportTimeout bounds the store write of one registration state, so
// a slow store delays the next REGISTER by at most this.
const trunkReportTimeout = 5 * time.Second

// setTrunk records a new state of r: in the node's memory, and through
// Options.Trunks in the store, where every node reads it (the API shows
// the best of all nodes' states). A failed write is logged; the next
// state is written again.
func (s *Server) setTrunk(ctx context.Context, r *trunkReg, state string, expiresAt time.Time, lastError string) {
	r.set(state, expiresAt, lastError)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), trunkReportTimeout)
	defer cancel()
	err := s.opt.Trunks.RecordTrunkRegistration(ctx, r.trunk.ID,
		switchboard.TrunkRegistration{State: state, ExpiresAt: expiresAt, LastError: lastError})
	if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		s.log.Warn("SIP trunk registration state not stored", "trunk", r.trunk.ID, "error", err)
	}
}
