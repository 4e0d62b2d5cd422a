package app

import (
	"context"
	"fmt"
	"net/netip"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// CheckUserAddress applies the customer's IP allow-list (seed 003
// "IP-Listing") to a user's requests: with the list on, a user token or
// portal log-in used from an address outside it is refused (EFORBIDDEN)
// and the refusal is a security event. The API and the portal call it on
// every request of role user, hot-desk log-in included. Operators and
// administrators are not bound by a customer's device allow-list.
func (s *Service) CheckUserAddress(ctx context.Context, p switchboard.Principal, remote string) error {
	if p.Role != switchboard.RoleUser {
		return nil
	}
	var c *switchboard.Customer
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		c, err = tx.Customer(p.CustomerID)
		return err
	})
	if err != nil {
		return fmt.Errorf("load the user's customer: %w", err)
	}
	if !c.AllowList.Enabled {
		return nil
	}
	if ap, err := netip.ParseAddrPort(remote); err == nil && c.AllowList.Allows(ap.Addr()) {
		return nil
	}
	err = s.store.Update(ctx, func(tx switchboard.Tx) error {
		now := s.clock()
		return tx.AddEvent(&switchboard.Event{
			ID: switchboard.NewID("evt", now), CustomerID: c.ID, Kind: switchboard.EventSecurity,
			Actor: p.TokenID, ActorRole: p.Role, Action: "api.address_refused", Object: p.WorkplaceID,
			Detail: "user token used from an address not on the customer's allow-list", IP: addrKey(remote), At: now,
		})
	})
	if err != nil {
		return fmt.Errorf("record refused address: %w", err)
	}
	return switchboard.Errorf(switchboard.EFORBIDDEN, "this address is not on the customer's IP allow-list")
}
