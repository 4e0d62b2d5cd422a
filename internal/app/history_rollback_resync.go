package app

import (
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// resyncDependants marks for a resync each device the rollback has not
// marked yet whose profile shows what it restored beyond the rolled-back
// devices' own settings: the other phones carrying a restored workplace's
// line (a multi-login workplace's second desk phone, a hot-desk login),
// the DECT base of a handset on that workplace or of a restored handset,
// and, when site is not nil (its settings changed), every device at the
// site. Without it those phones would show the old name or settings until
// their next periodic fetch.
func (s *Service) resyncDependants(tx switchboard.Tx, r *restored, site *switchboard.Site, now time.Time) error {
	marked := map[string]bool{}
	for _, rs := range r.resyncs {
		marked[rs.d.ID] = true
	}
	var ids []string
	carriers := func(ds []*switchboard.Device) {
		for _, d := range ds {
			if d.BaseID != "" {
				ids = append(ids, d.BaseID)
			}
			if d.Kind != switchboard.KindDECTHandset {
				ids = append(ids, d.ID)
			}
		}
	}
	for _, rs := range r.resyncs {
		if rs.d.BaseID != "" {
			ids = append(ids, rs.d.BaseID)
		}
	}
	for _, w := range r.renamed {
		linked, err := allDevices(tx, switchboard.DeviceFilter{WorkplaceID: w})
		if err != nil {
			return err
		}
		desk, err := tx.HotDeskDevices(w)
		if err != nil {
			return fmt.Errorf("hot-desk devices: %w", err)
		}
		carriers(append(linked, desk...))
	}
	if site != nil {
		ds, err := allDevices(tx, switchboard.DeviceFilter{CustomerID: site.CustomerID})
		if err != nil {
			return err
		}
		sites := map[string]string{}
		var at []*switchboard.Device
		for _, d := range ds {
			on, err := siteOf(tx, d, sites)
			if err != nil {
				return err
			}
			if on == site.ID {
				at = append(at, d)
			}
		}
		carriers(at)
	}
	for _, id := range ids {
		if marked[id] {
			continue
		}
		marked[id] = true
		d, err := tx.Device(id)
		if err != nil {
			return fmt.Errorf("load device %s: %w", id, err)
		}
		rs := s.markResync(d, now)
		if err := tx.UpdateDevice(d); err != nil {
			return fmt.Errorf("resync device %s: %w", id, err)
		}
		r.others = append(r.others, rs)
	}
	return nil
}
