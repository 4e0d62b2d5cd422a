package app

import switchboard "github.com/switchboard-pbx/switchboard"
import "context"

func (s *Service) monitoringAccountByUsername(ctx context.Context, username string) (*switchboard.MonitoringAccount, error) {
	return nil, nil
}
