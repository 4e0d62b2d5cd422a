package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// DeviceQuery narrows GET /devices.
type DeviceQuery struct {
	// Customer limits the list to one customer; an administrator's and a
	// user's list is always their own customer's.
	Customer string
	// Free lists only devices linked to no workplace and with no hot-desk
	// login: those an administrator may link and a user may log in on.
	Free bool
}

// DeviceList lists devices across the caller's reach: every customer's
// for the operator, the own customer's for an administrator. A user may
// list the free devices of their customer, the ones they may log in on by
// hot-desking, and nothing else.
func (s *Service) DeviceList(ctx context.Context, p switchboard.Principal, q DeviceQuery, page switchboard.Page) ([]*DeviceView, string, error) {
	customer := q.Customer
	if p.Role != switchboard.RoleOperator {
		if customer != "" && customer != p.CustomerID {
			return nil, "", notFound("customer", customer)
		}
		customer = p.CustomerID
	}
	if p.Role == switchboard.RoleUser && !q.Free {
		return nil, "", switchboard.Errorf(switchboard.EFORBIDDEN, "a user may list only free devices (free=true)")
	}
	if !q.Free {
		return s.devices(ctx, page, switchboard.DeviceFilter{CustomerID: customer}, func(switchboard.Tx) error { return nil })
	}
	return s.deviceViews(ctx, func(tx switchboard.Tx) ([]*switchboard.Device, string, error) {
		return tx.FreeDevices(customer, page)
	})
}

// FreeWorkplaces lists a customer's workplaces a desk phone may be linked
// to: active, with fewer desk phones linked or logged in than allowed.
// Administrators of the customer.
func (s *Service) FreeWorkplaces(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*switchboard.Workplace, string, error) {
	return s.workplaceList(ctx, p, customerID, func(tx switchboard.Tx) ([]*switchboard.Workplace, string, error) {
		return tx.FreeWorkplaces(customerID, page)
	})
}
