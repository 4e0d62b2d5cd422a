package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Handsets lists the DECT handsets attached to a base station (seed 004
// "Gérer le combiné DECT"), for the base's page: every one to the
// customer's administrators, and to a user only those carrying their own
// workplace's line, as the device itself would be shown. A device that is
// not a base has none. The base must be visible to the caller.
func (s *Service) Handsets(ctx context.Context, p switchboard.Principal, baseID string) ([]*DeviceView, error) {
	ds, _, err := s.deviceViews(ctx, func(tx switchboard.Tx) ([]*switchboard.Device, string, error) {
		b, err := deviceFor(tx, p, baseID)
		if err != nil || b.Kind != switchboard.KindDECTBase {
			return nil, "", err
		}
		hs, err := allDevices(tx, switchboard.DeviceFilter{BaseID: b.ID})
		if err != nil {
			return nil, "", err
		}
		out := hs[:0]
		for _, h := range hs {
			if mayReadDevice(p, h) == nil {
				out = append(out, h)
			}
		}
		return out, "", nil
	})
	return ds, err
}
