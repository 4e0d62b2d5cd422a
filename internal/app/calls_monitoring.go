package app

import (
	"context"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MonitoringAccountInput creates a CTI monitoring account (seed 002: a
// dedicated user that opens the monitoring access and is used for nothing
// else).
type MonitoringAccountInput struct {
	Username    string `json:"username" doc:"Unique among monitoring accounts and workplace users"`
	Description string `json:"description,omitempty" doc:"Which CTI server uses it"`
}

// CreatedMonitoringAccount is a new monitoring account with its password,
// shown this once.
type CreatedMonitoringAccount struct {
	switchboard.MonitoringAccount
	Password string `json:"password" doc:"Shown once; store it in the CTI server"`
}

// CreateMonitoringAccount adds a monitoring account to a customer and
// returns its password once. Administrators of the customer and the
// operator.
func (s *Service) CreateMonitoringAccount(ctx context.Context, p switchboard.Principal, customerID string, in MonitoringAccountInput) (*CreatedMonitoringAccount, error) {
	if err := switchboard.ValidateUsername(in.Username); err != nil {
		return nil, err
	}
	password, hash, err := newPortalPassword()
	if err != nil {
		return nil, err
	}
	var m *switchboard.MonitoringAccount
	err = s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		if _, err := tx.WorkplaceByUsername(in.Username); err == nil {
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "the username is already in use by a workplace; choose another")
		} else if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return audit{}, fmt.Errorf("check username: %w", err)
		}
		m = &switchboard.MonitoringAccount{ID: switchboard.NewID("mon", now), CustomerID: customerID, Username: in.Username,
			Description: in.Description, PasswordHash: hash, CreatedAt: now}
		if err := tx.CreateMonitoringAccount(m); err != nil {
			return audit{}, err
		}
		return audit{customer: customerID, action: "monitoring_account.create", object: m.ID, detail: m.Username}, nil
	})
	if err != nil {
		return nil, err
	}
	return &CreatedMonitoringAccount{MonitoringAccount: *m, Password: password}, nil
}

// MonitoringAccounts lists a customer's monitoring accounts to its
// administrators.
func (s *Service) MonitoringAccounts(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*switchboard.MonitoringAccount, string, error) {
	if err := page.Validate(); err != nil {
		return nil, "", err
	}
	var out []*switchboard.MonitoringAccount
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		out, next, err = tx.MonitoringAccounts(customerID, page)
		return err
	})
	return out, next, err
}

// DeleteMonitoringAccount revokes a monitoring account; its channels
// close at their next check. Administrators of the customer.
func (s *Service) DeleteMonitoringAccount(ctx context.Context, p switchboard.Principal, customerID, id string) error {
	return s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		m, err := tx.MonitoringAccount(id)
		if err != nil {
			return audit{}, asNotFound(err, "monitoring account", id)
		}
		if m.CustomerID != customerID {
			return audit{}, notFound("monitoring account", id)
		}
		if err := tx.DeleteMonitoringAccount(id); err != nil {
			return audit{}, err
		}
		return audit{customer: customerID, action: "monitoring_account.delete", object: id, detail: m.Username}, nil
	})
}
