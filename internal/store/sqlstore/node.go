package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.NodeTx = (*tx)(nil)

// Beat records c's heartbeat at at, replacing the one of c.Node's earlier
// run; EINVALID for a claimant without a node name.
func (t *tx) Beat(c switchboard.Claimant, at time.Time) error {
	if c.Node == "" || c.Run == "" {
		return switchboard.Errorf(switchboard.EINVALID, "a heartbeat needs the node's name and run")
	}
	if _, err := t.exec(`INSERT INTO node_heartbeats (node, run, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (node) DO UPDATE SET run = excluded.run, seen_at = excluded.seen_at`,
		c.Node, c.Run, t.time(at)); err != nil {
		return fmt.Errorf("record heartbeat of node %q: %w", c.Node, err)
	}
	return nil
}

// beatFor records the heartbeat of a claim's claimant, if it names one, in
// the claim's transaction: the claimant's run is then the node's current
// one before any claim of it is visible, so no other node takes those
// claims for an earlier run's.
func (t *tx) beatFor(c switchboard.Claimant, now time.Time) error {
	if c.Node == "" {
		return nil
	}
	return t.Beat(c, now)
}

// claimGone is the condition that a row of table (with the claimed_by and
// claim_run columns) was claimed by an earlier run of its node, or by a
// node whose last heartbeat is before its one argument. A claim without a
// node, or of a node without a heartbeat, is judged by its lease alone.
func claimGone(table string) string {
	return `(` + table + `.claimed_by <> '' AND EXISTS (SELECT 1 FROM node_heartbeats h
		WHERE h.node = ` + table + `.claimed_by AND (h.run <> ` + table + `.claim_run OR h.seen_at < ?)))`
}
