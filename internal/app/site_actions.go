package app

import (
	"context"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// SiteActionInput says how a bulk action reaches a site's devices.
type SiteActionInput struct {
	Spread int `json:"spread,omitempty" minimum:"0" maximum:"86400" doc:"Seconds over which the site's devices are told, evenly, so they do not all fetch and register at once; 0: all at once."`
}

// SiteActionResult says what a bulk action did.
type SiteActionResult struct {
	Action switchboard.Action `json:"action"`
	// Devices counts the devices the action is pending on; Skipped those
	// whose model cannot carry it out remotely.
	Devices int `json:"devices"`
	Skipped int `json:"skipped"`
	Spread  int `json:"spread"`
}

// SiteAction syncs or reboots every device whose workplace is at the
// site (issue 17 item 5): the action is recorded as pending on each at
// once, and the registered devices are told one after another, evenly
// over the spread, so a site does not boot as one storm. The turns after
// the first are stored with the action (PlanActions) and told by the
// worker every node runs (RunPlannedActions), so they still come when
// this node stops. A device offline at its turn carries the action out
// at its next fetch or registration, as any pending action.
// Administrators of the site's customer.
func (s *Service) SiteAction(ctx context.Context, p switchboard.Principal, siteID string, action switchboard.Action, in SiteActionInput) (*SiteActionResult, error) {
	if action != switchboard.ActionSync && action != switchboard.ActionReboot {
		return nil, switchboard.Errorf(switchboard.EINVALID, "a site can be synced or rebooted, not %q", action)
	}
	out := &SiteActionResult{Action: action, Spread: in.Spread}
	// all are the devices the action is pending on, tell those told at
	// once.
	var all, tell []toldDevice
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		all = all[:0]
		site, err := tx.Site(siteID)
		if err != nil {
			return audit{}, asNotFound(err, "site", siteID)
		}
		if err := mayAdminister(p, site.CustomerID, "site", siteID); err != nil {
			return audit{}, err
		}
		ds, err := allDevices(tx, switchboard.DeviceFilter{CustomerID: site.CustomerID})
		if err != nil {
			return audit{}, err
		}
		sites := map[string]string{}
		for _, d := range ds {
			if at, err := siteOf(tx, d, sites); err != nil || at != siteID {
				if err != nil {
					return audit{}, err
				}
				continue
			}
			m, _ := s.catalogue.Model(d.Model)
			if action == switchboard.ActionSync && !m.CanSync || action == switchboard.ActionReboot && !m.CanReboot {
				out.Skipped++
				continue
			}
			markAction(d, action, now)
			d.UpdatedAt = now
			if err := tx.UpdateDevice(d); err != nil {
				return audit{}, fmt.Errorf("record site action: %w", err)
			}
			all = append(all, toldDevice{device: d, action: action, reboot: rebootFor(m, action)})
		}
		out.Devices = len(all)
		var later []*switchboard.PlannedAction
		tell, later = spreadTurns(all, time.Duration(in.Spread)*time.Second, now)
		if err := tx.PlanActions(later); err != nil {
			return audit{}, fmt.Errorf("plan site action: %w", err)
		}
		return audit{customer: site.CustomerID, action: "site." + string(action), object: siteID,
			detail: fmt.Sprintf("%d device(s) over %d s", len(all), in.Spread)}, nil
	})
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		s.devicesChanged(ctx, t.device)
	}
	s.tellAll(ctx, tell)
	return out, nil
}

// spreadTurns spreads the devices' turns evenly over spread, the first
// at once: those due now are told after the commit, the others planned.
func spreadTurns(tell []toldDevice, spread time.Duration, now time.Time) (due []toldDevice, later []*switchboard.PlannedAction) {
	for i, t := range tell {
		var after time.Duration
		if len(tell) > 1 {
			after = spread * time.Duration(i) / time.Duration(len(tell)-1)
		}
		if after == 0 {
			due = append(due, t)
			continue
		}
		later = append(later, &switchboard.PlannedAction{DeviceID: t.device.ID, Action: t.action, Due: now.Add(after)})
	}
	return due, later
}
