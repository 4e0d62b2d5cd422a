package switchboard

import "time"

// OrderClaim asks for the orders a worker is about to carry out.
type OrderClaim struct {
	// Now: open orders are due, and processing orders whose claim lapsed
	// before Now (their worker died, and no heartbeat told so sooner; see
	// GoneBefore) are due again.
	Now time.Time
	// Until is when the claim lapses: no other worker (on another node)
	// takes a claimed order before then.
	Until time.Time
	// Limit bounds the batch.
	Limit int
	// By is the claiming node's run. The claim first records By's
	// heartbeat at Now (NodeTx.Beat); an empty By.Node claims anonymously
	// and writes none.
	By Claimant
	// GoneBefore: processing orders claimed by an earlier run of their
	// node, or by a node whose last heartbeat is before GoneBefore, are due
	// again before their lease lapses.
	GoneBefore time.Time
}

// OrderQueueTx is implemented by the Tx of stores that queue orders for the
// order worker. Errors as for Tx.
type OrderQueueTx interface {
	// ClaimOrders returns up to c.Limit due orders, oldest first, and sets
	// them to processing with a claim by c.By lasting until c.Until. On
	// PostgreSQL it locks with FOR UPDATE SKIP LOCKED, so workers on several
	// nodes claim disjoint sets.
	ClaimOrders(c OrderClaim) ([]*Order, error)
}
