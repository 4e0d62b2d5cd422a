package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// CustomerEvents lists a customer's audit and security events for its
// administrators and the operator; kind narrows to audit or security.
func (s *Service) CustomerEvents(ctx context.Context, p switchboard.Principal, customerID, kind string, page switchboard.Page) ([]*switchboard.Event, string, error) {
	var out []*switchboard.Event
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		out, next, err = tx.Events(switchboard.EventFilter{CustomerID: customerID, Kind: kind}, page)
		return err
	})
	return orEmpty(out), next, err
}

// Events lists all events for the operator and the own customer's for an
// administrator.
func (s *Service) Events(ctx context.Context, p switchboard.Principal, kind string, page switchboard.Page) ([]*switchboard.Event, string, error) {
	switch p.Role {
	case switchboard.RoleAdmin:
		return s.CustomerEvents(ctx, p, p.CustomerID, kind, page)
	case switchboard.RoleOperator:
	default:
		return nil, "", switchboard.Errorf(switchboard.EFORBIDDEN, "only administrators may read events")
	}
	var out []*switchboard.Event
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		out, next, err = tx.Events(switchboard.EventFilter{Kind: kind}, page)
		return err
	})
	return orEmpty(out), next, err
}
