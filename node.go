package switchboard

import "time"

// Claimant is the serve process that claims orders and outbox messages.
// Node names the node and stays the same across its restarts (host name and
// SIP address); Run is new at every start. A claim records both, so the
// store can tell a claim of a node that is gone, or of an earlier run of a
// node that crashed and came back, from one a live worker still holds.
type Claimant struct {
	Node string
	Run  string
}

// Node liveness. A node writes a heartbeat every HeartbeatInterval; one
// whose last heartbeat is older than NodeGoneAfter is taken for gone, and
// its claims are taken over without waiting for their leases. Clocks of
// the nodes sharing a store must agree to well within NodeGoneAfter.
const (
	HeartbeatInterval = 5 * time.Second
	NodeGoneAfter     = 4 * HeartbeatInterval
)

// NodeTx is implemented by the Tx of stores that keep the nodes'
// heartbeats. Errors as for Tx.
type NodeTx interface {
	// Beat records that c is alive at at. It replaces the heartbeat of the
	// node's earlier run, whose claims are due again from then on.
	Beat(c Claimant, at time.Time) error
}
