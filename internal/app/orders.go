package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Orders lists a customer's orders with their state, for its
// administrators and the operator.
func (s *Service) Orders(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*switchboard.Order, string, error) {
	var out []*switchboard.Order
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		out, next, err = tx.Orders(customerID, page)
		return err
	})
	for _, o := range out {
		o.Items = orEmpty(o.Items)
	}
	return orEmpty(out), next, err
}
