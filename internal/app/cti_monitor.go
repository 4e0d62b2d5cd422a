package app

import (
	"context"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// monitoringAccountByUsername returns the monitoring account with the
// username, or nil when there is none.
func (s *Service) monitoringAccountByUsername(ctx context.Context, username string) (*switchboard.MonitoringAccount, error) {
	var m *switchboard.MonitoringAccount
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		m, err = tx.MonitoringAccountByUsername(username)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			m, err = nil, nil
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find monitoring account: %w", err)
	}
	return m, nil
}
