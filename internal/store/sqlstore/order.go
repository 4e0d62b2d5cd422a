package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

const orderCols = `id, customer_id, workplace_id, kind, items, state, error, created_at, updated_at`

func scanOrder(s Row) (*switchboard.Order, error) {
	o := &switchboard.Order{}
	err := s.Scan(&o.ID, &o.CustomerID, &o.WorkplaceID, &o.Kind, listCol[string]{&o.Items}, &o.State, &o.Error,
		timeCol{&o.CreatedAt}, timeCol{&o.UpdatedAt})
	return o, err
}

// CreateOrder inserts o; ENOTFOUND if its customer does not exist.
func (t *tx) CreateOrder(o *switchboard.Order) error {
	items, err := encList(o.Items)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO orders (`+orderCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.CustomerID, o.WorkplaceID, o.Kind, items, string(o.State), o.Error,
		t.time(o.CreatedAt), t.time(o.UpdatedAt))
	if err != nil {
		return t.refused(err, "order", "orders", o.ID, nil, customerRef(o.CustomerID))
	}
	return nil
}

// Order returns the order with id.
func (t *tx) Order(id string) (*switchboard.Order, error) {
	return one(t, `SELECT `+orderCols+` FROM orders WHERE id = ?`, []any{id}, scanOrder, "order", id)
}

// UpdateOrder writes o's workplace, items, state, error and update time.
func (t *tx) UpdateOrder(o *switchboard.Order) error {
	items, err := encList(o.Items)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE orders SET workplace_id = ?, kind = ?, items = ?, state = ?, error = ?, updated_at = ?
		WHERE id = ?`, o.WorkplaceID, o.Kind, items, string(o.State), o.Error, t.time(o.UpdatedAt), o.ID)
	if err != nil {
		return fmt.Errorf("update order %s: %w", o.ID, err)
	}
	return affected(n, "order", o.ID)
}

// Orders lists a customer's orders in id order (oldest first); an empty
// customerID lists every customer's.
func (t *tx) Orders(customerID string, p switchboard.Page) ([]*switchboard.Order, string, error) {
	return list(t, orderCols, "orders", "id", filter{}.eq("customer_id", customerID),
		p, scanOrder, func(o *switchboard.Order) string { return o.ID })
}
