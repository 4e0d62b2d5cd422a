package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.OrderQueueTx = (*tx)(nil)

// ClaimOrders records c.By's heartbeat and sets the due orders to
// processing with c.By's claim until c.Until: open orders, and processing
// ones whose lease lapsed or whose claimant is gone (claimGone). The
// dialect's SkipLocked lets workers on several nodes claim
// disjoint sets; where a claim races a committed one, the dialect's Update
// runs it again.
func (t *tx) ClaimOrders(c switchboard.OrderClaim) ([]*switchboard.Order, error) {
	if c.Limit <= 0 {
		return []*switchboard.Order{}, nil
	}
	if err := t.beatFor(c.By, c.Now); err != nil {
		return nil, err
	}
	out, err := all(t, `SELECT `+orderCols+` FROM orders
		WHERE state = ? OR (state = ? AND (lease_until IS NULL OR lease_until < ? OR `+claimGone("orders")+`))
		ORDER BY id LIMIT ?`+t.db.d.SkipLocked(),
		[]any{string(switchboard.OrderOpen), string(switchboard.OrderProcessing), t.time(c.Now), t.time(c.GoneBefore), c.Limit},
		scanOrder)
	if err != nil {
		return nil, fmt.Errorf("claim orders: %w", err)
	}
	now := c.Now.UTC()
	for _, o := range out {
		if _, err := t.exec(`UPDATE orders SET state = ?, lease_until = ?, claimed_by = ?, claim_run = ?, updated_at = ?
			WHERE id = ?`, string(switchboard.OrderProcessing), t.time(c.Until), c.By.Node, c.By.Run, t.time(now), o.ID); err != nil {
			return nil, fmt.Errorf("claim order %s: %w", o.ID, err)
		}
		o.State, o.UpdatedAt = switchboard.OrderProcessing, now
	}
	return out, nil
}
