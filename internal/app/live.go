package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// invalidate tells the registrar that these accounts changed.
func (s *Service) invalidate(ds ...*switchboard.Device) {
	if s.registrar == nil {
		return
	}
	for _, d := range ds {
		if d.SIP.AuthName != "" {
			s.registrar.Invalidate(d.SIP.AuthName)
		}
	}
}

// invalidateAll tells the registrar that many accounts changed.
func (s *Service) invalidateAll() {
	if s.registrar != nil {
		s.registrar.InvalidateAll()
	}
}

// Status returns a device's registration status to the customer's
// administrators and the user of its workplace, with whether its line is
// blocked.
func (s *Service) Status(ctx context.Context, p switchboard.Principal, id string) (*switchboard.DeviceStatus, error) {
	blocked := false
	var target firmwareStatus
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if blocked, err = lineBlocked(tx, p, id); err != nil {
			return err
		}
		target, err = deviceFirmware(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	st := switchboard.DeviceStatus{State: switchboard.StateOffline}
	if s.registrar != nil {
		st = s.registrar.Status(id)
	}
	st.State = shownState(st.State)
	st.LineBlocked = blocked
	if s.firmware != nil {
		st.Firmware = s.firmware(st.UserAgent)
	}
	st.TargetFirmware, st.Rollout, st.RolloutState = target.version, target.rollout, target.state
	return &st, nil
}
