package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MonitoringAccount returns one monitoring account of a customer to its
// administrators, so a revocation can be confirmed by its name; another
// customer's account is not found.
func (s *Service) MonitoringAccount(ctx context.Context, p switchboard.Principal, customerID, id string) (*switchboard.MonitoringAccount, error) {
	var m *switchboard.MonitoringAccount
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		if m, err = tx.MonitoringAccount(id); err != nil {
			return asNotFound(err, "monitoring account", id)
		}
		if m.CustomerID != customerID {
			return notFound("monitoring account", id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
