package sqlite

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.OrderQueueTx = (*tx)(nil)

// ClaimOrders sets the due orders to processing with a claim until
// c.Until. SQLite has one writer at a time, so two claims never take the
// same order.
func (t *tx) ClaimOrders(c switchboard.OrderClaim) ([]*switchboard.Order, error) {
	out := []*switchboard.Order{}
	if c.Limit <= 0 {
		return out, nil
	}
	rows, err := t.query(`SELECT `+orderCols+` FROM orders
		WHERE state = ? OR (state = ? AND lease_until < ?) ORDER BY id LIMIT ?`,
		string(switchboard.OrderOpen), string(switchboard.OrderProcessing), encTime(c.Now), c.Limit)
	if err != nil {
		return nil, fmt.Errorf("claim orders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, fmt.Errorf("claim orders: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim orders: %w", err)
	}
	rows.Close()
	now := c.Now.UTC()
	for _, o := range out {
		if _, err := t.exec(`UPDATE orders SET state = ?, lease_until = ?, updated_at = ? WHERE id = ?`,
			string(switchboard.OrderProcessing), encTime(c.Until), encTime(now), o.ID); err != nil {
			return nil, fmt.Errorf("claim order %s: %w", o.ID, err)
		}
		o.State, o.UpdatedAt = switchboard.OrderProcessing, now
	}
	return out, nil
}
