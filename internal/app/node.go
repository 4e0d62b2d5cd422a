package app

import (
	"context"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Claimant returns this Service's run of its node, for the outbox
// dispatcher's claims; zero when the Service has no node name.
func (s *Service) Claimant() switchboard.Claimant { return s.claimant }

// Heartbeat records that this node's run is alive now, so no other node
// takes over its claims; a Service without a node name writes none.
func (s *Service) Heartbeat(ctx context.Context) error {
	if s.claimant.Node == "" {
		return nil
	}
	err := s.store.Update(ctx, func(tx switchboard.Tx) error { return tx.Beat(s.claimant, s.clock()) })
	if err != nil {
		return fmt.Errorf("heartbeat of node %q: %w", s.claimant.Node, err)
	}
	return nil
}

// RunHeartbeat writes the node's heartbeat at once and then every interval
// (0 means switchboard.HeartbeatInterval) until ctx is cancelled, then
// returns nil. A heartbeat that fails is logged: once they have failed for
// switchboard.NodeGoneAfter, other nodes take over this node's claims.
func (s *Service) RunHeartbeat(ctx context.Context, every time.Duration) error {
	if s.claimant.Node == "" {
		<-ctx.Done()
		return nil
	}
	if every <= 0 {
		every = switchboard.HeartbeatInterval
	}
	// runEvery returns only when ctx ends, which is no failure here.
	s.runEvery(ctx, every, nil, "node heartbeat", func(ctx context.Context) error {
		if err := s.Heartbeat(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "node: heartbeat failed; other nodes take over this node's orders and messages if it stays so",
				"err", err)
		}
		return nil
	})
	return nil
}
