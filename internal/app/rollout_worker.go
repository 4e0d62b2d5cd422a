package app

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// rolloutPoll is how often RunRollouts looks at running rollouts by
// default; a ring waits at least this long between its checks.
const rolloutPoll = 5 * time.Second

// rolloutBatch bounds the rollouts one step drives.
const rolloutBatch = 20

// toldDevice is a device to send its action's NOTIFY after the commit.
type toldDevice struct {
	device *switchboard.Device
	action switchboard.Action
	reboot bool
}

// RunRollouts drives the running rollouts every poll (0: every 5 s)
// until ctx ends, and at once when one is created or resumed. Several
// nodes may run it: each step takes the due rollouts locked
// (DueRollouts), so one node at a time drives a rollout.
func (s *Service) RunRollouts(ctx context.Context, poll time.Duration) error {
	if poll <= 0 {
		poll = rolloutPoll
	}
	return s.runEvery(ctx, poll, s.rolloutWake, "firmware rollouts", func(ctx context.Context) error { return s.StepRollouts(ctx, poll) })
}

// wakeRollouts makes RunRollouts step now.
func (s *Service) wakeRollouts() {
	select {
	case s.rolloutWake <- struct{}{}:
	default:
	}
}

// StepRollouts drives each due rollout one step: it starts its ring,
// tells the ring's devices whose turn in the spread came, counts those
// registered with the new version, and moves on to the next ring, ends
// the rollout (the pin moves) or rolls it back. A rollout is looked at
// again after poll.
func (s *Service) StepRollouts(ctx context.Context, poll time.Duration) error {
	var tell []toldDevice
	var pins []*switchboard.Rollout
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		tell, pins = tell[:0], pins[:0]
		now := s.clock()
		due, err := tx.DueRollouts(now, rolloutBatch)
		if err != nil {
			return err
		}
		for _, r := range due {
			told, err := s.stepRollout(tx, r, now, poll)
			if err != nil {
				return fmt.Errorf("rollout %s: %w", r.ID, err)
			}
			tell = append(tell, told...)
			if r.State == switchboard.RolloutDone {
				pins = append(pins, r)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range pins {
		s.pinChanged(ctx, r.CustomerID, r.SiteID)
	}
	s.tellAll(ctx, tell)
	return nil
}

// stepRollout drives one rollout one step and writes it.
func (s *Service) stepRollout(tx switchboard.Tx, r *switchboard.Rollout, now time.Time, poll time.Duration) ([]toldDevice, error) {
	var tell []toldDevice
	for range r.Rings() + 1 {
		if r.RingStartedAt.IsZero() {
			n, err := s.startRing(tx, r, now)
			if err != nil {
				return nil, err
			}
			if n == 0 {
				if err := s.nextRing(tx, r, now); err != nil {
					return nil, err
				}
				if r.State != switchboard.RolloutRunning {
					break
				}
				continue
			}
		}
		told, next, err := s.checkRing(tx, r, now)
		if err != nil {
			return nil, err
		}
		tell = append(tell, told...)
		r.NextCheck = now.Add(poll)
		if !next.IsZero() && next.Before(r.NextCheck) {
			r.NextCheck = next
		}
		break
	}
	r.UpdatedAt = now
	return tell, tx.UpdateRollout(r)
}

// startRing takes the ring's devices into the rollout and spreads their
// turns over r.Spread; it returns how many it took.
func (s *Service) startRing(tx switchboard.Tx, r *switchboard.Rollout, now time.Time) (int, error) {
	scope, err := rolloutScope(tx, r)
	if err != nil {
		return 0, err
	}
	have, err := tx.RolloutDevices(r.ID)
	if err != nil {
		return 0, err
	}
	taken := map[string]bool{}
	for _, d := range have {
		taken[d.DeviceID] = true
	}
	var ids []string
	if r.Ring == 0 {
		for _, id := range r.FirstRing {
			if !taken[id] && slices.ContainsFunc(scope, func(d *switchboard.Device) bool { return d.ID == id }) {
				ids, taken[id] = append(ids, id), true
			}
		}
	} else {
		want := (len(scope)*r.Percents[r.Ring-1] + 99) / 100
		order := make([]string, len(scope))
		for i, d := range scope {
			order[i] = d.ID
		}
		// A stable order of its own per rollout: the same devices are
		// not always the first to be tried.
		slices.SortFunc(order, func(a, b string) int { return cmp.Compare(ringKey(r.ID, a), ringKey(r.ID, b)) })
		for _, id := range order {
			if len(taken) >= want {
				break
			}
			if !taken[id] {
				ids, taken[id] = append(ids, id), true
			}
		}
	}
	for i, id := range ids {
		at := now
		if r.Spread > 0 && len(ids) > 1 {
			at = now.Add(r.Spread * time.Duration(i) / time.Duration(len(ids)-1))
		}
		if err := tx.PutRolloutDevice(&switchboard.RolloutDevice{RolloutID: r.ID, DeviceID: id, FirmwareID: r.FirmwareID, Ring: r.Ring,
			State: switchboard.RolloutWaiting, TellAt: at, UpdatedAt: now}); err != nil {
			return 0, err
		}
	}
	if len(ids) > 0 {
		r.RingStartedAt = now
		r.Detail = fmt.Sprintf("ring %d: %d device(s) told to install %s", r.Ring, len(ids), r.Version)
	}
	return len(ids), nil
}

// ringKey orders a rollout's devices.
func ringKey(rollout, device string) string {
	sum := sha256.Sum256([]byte(rollout + "/" + device))
	return string(sum[:8])
}

// checkRing tells the ring's devices whose turn came, marks those
// registered with the new version upgraded, and when the ring is over
// (all back, or its time is up) moves on or rolls back. next is when the
// next device's turn comes, zero when none is left.
func (s *Service) checkRing(tx switchboard.Tx, r *switchboard.Rollout, now time.Time) (tell []toldDevice, next time.Time, err error) {
	all, err := tx.RolloutDevices(r.ID)
	if err != nil {
		return nil, time.Time{}, err
	}
	var ring []*switchboard.RolloutDevice
	for _, d := range all {
		if d.Ring == r.Ring {
			ring = append(ring, d)
		}
	}
	var waiting []*switchboard.RolloutDevice
	for _, rd := range ring {
		switch {
		case rd.State != switchboard.RolloutWaiting:
		case !rd.Told && rd.TellAt.After(now):
			if next.IsZero() || rd.TellAt.Before(next) {
				next = rd.TellAt
			}
		case !rd.Told:
			t, err := s.markForFetch(tx, rd.DeviceID, now)
			if err != nil {
				return nil, time.Time{}, err
			}
			if t != nil {
				tell = append(tell, *t)
			}
			rd.Told, rd.UpdatedAt = true, now
			if err := tx.PutRolloutDevice(rd); err != nil {
				return nil, time.Time{}, err
			}
		default:
			waiting = append(waiting, rd)
		}
	}
	if err := s.markUpgraded(tx, r, waiting, now); err != nil {
		return nil, time.Time{}, err
	}
	left, failed := 0, 0
	for _, rd := range ring {
		switch rd.State {
		case switchboard.RolloutWaiting:
			left++
		case switchboard.RolloutFailed:
			failed++
		}
	}
	if left > 0 && now.Before(r.RingStartedAt.Add(r.Spread+r.RingTimeout)) {
		return tell, next, nil
	}
	for _, rd := range ring {
		if rd.State == switchboard.RolloutWaiting {
			rd.State, rd.UpdatedAt = switchboard.RolloutFailed, now
			failed++
			if err := tx.PutRolloutDevice(rd); err != nil {
				return nil, time.Time{}, err
			}
		}
	}
	if failed*100 > r.MaxFailedPercent*len(ring) {
		back, err := s.revert(tx, r, now)
		if err != nil {
			return nil, time.Time{}, err
		}
		r.State = switchboard.RolloutRolledBack
		r.Detail = fmt.Sprintf("ring %d: %d of %d device(s) did not register with %s within %s; rolled back to the pinned version",
			r.Ring, failed, len(ring), r.Version, r.Spread+r.RingTimeout)
		return append(tell, back...), time.Time{}, nil
	}
	return tell, time.Time{}, s.nextRing(tx, r, now)
}

// markUpgraded marks the devices the registrar shows registered with
// the rollout's version.
func (s *Service) markUpgraded(tx switchboard.Tx, r *switchboard.Rollout, waiting []*switchboard.RolloutDevice, now time.Time) error {
	if len(waiting) == 0 || s.registrar == nil || s.firmware == nil {
		return nil
	}
	ids := make([]string, len(waiting))
	for i, rd := range waiting {
		ids[i] = rd.DeviceID
	}
	for i, st := range s.registrar.Statuses(ids) {
		if st.State == switchboard.StateOnline && s.firmware(st.UserAgent) == r.Version {
			rd := waiting[i]
			rd.State, rd.UpdatedAt = switchboard.RolloutUpgraded, now
			if err := tx.PutRolloutDevice(rd); err != nil {
				return err
			}
		}
	}
	return nil
}

// nextRing moves the rollout on; after the last ring it is done and the
// pin moves to the new firmware.
func (s *Service) nextRing(tx switchboard.Tx, r *switchboard.Rollout, now time.Time) error {
	r.RingStartedAt = time.Time{}
	if r.Ring+1 < r.Rings() {
		r.Ring++
		r.Detail = fmt.Sprintf("ring %d next", r.Ring)
		return nil
	}
	r.State, r.Detail = switchboard.RolloutDone, fmt.Sprintf("every ring runs %s; the pin moved to it", r.Version)
	return tx.SetFirmwarePin(&switchboard.FirmwarePin{CustomerID: r.CustomerID, SiteID: r.SiteID, Model: r.Model, FirmwareID: r.FirmwareID, UpdatedAt: now})
}

// revert sends every device the rollout told back to the pinned version:
// their rows are marked reverted (so their profiles name the pin again)
// and each is asked to fetch.
func (s *Service) revert(tx switchboard.Tx, r *switchboard.Rollout, now time.Time) ([]toldDevice, error) {
	ds, err := tx.RolloutDevices(r.ID)
	if err != nil {
		return nil, err
	}
	var tell []toldDevice
	for _, rd := range ds {
		told := rd.Told
		rd.State, rd.UpdatedAt = switchboard.RolloutReverted, now
		if err := tx.PutRolloutDevice(rd); err != nil {
			return nil, err
		}
		if !told {
			continue
		}
		t, err := s.markForFetch(tx, rd.DeviceID, now)
		if err != nil {
			return nil, err
		}
		if t != nil {
			tell = append(tell, *t)
		}
	}
	return tell, nil
}

// markForFetch records a pending sync (a reboot on a model that cannot
// sync) on the device so it fetches its profile, which names its new
// target firmware; nil when the device is gone.
func (s *Service) markForFetch(tx switchboard.Tx, id string, now time.Time) (*toldDevice, error) {
	d, err := tx.Device(id)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load device: %w", err)
	}
	m, _ := s.catalogue.Model(d.Model)
	action := switchboard.ActionSync
	if !m.CanSync {
		action = switchboard.ActionReboot
	}
	markAction(d, action, now)
	d.UpdatedAt = now
	if err := tx.UpdateDevice(d); err != nil {
		return nil, fmt.Errorf("record firmware fetch: %w", err)
	}
	return &toldDevice{device: d, action: action, reboot: rebootFor(m, action)}, nil
}

// tellAll publishes the devices' changes and sends their NOTIFYs.
func (s *Service) tellAll(ctx context.Context, tell []toldDevice) {
	for _, t := range tell {
		s.devicesChanged(ctx, t.device)
		s.tell(ctx, t.device, t.action, t.reboot)
	}
}

// rolloutScope lists the devices a rollout covers: the customer's devices
// of the model, at the rollout's site when it names one.
func rolloutScope(tx switchboard.Tx, r *switchboard.Rollout) ([]*switchboard.Device, error) {
	ds, err := allDevices(tx, switchboard.DeviceFilter{CustomerID: r.CustomerID})
	if err != nil {
		return nil, err
	}
	sites := map[string]string{}
	var out []*switchboard.Device
	for _, d := range ds {
		if d.Model != r.Model || d.CustomerID != r.CustomerID {
			continue
		}
		if r.SiteID != "" {
			site, err := siteOf(tx, d, sites)
			if err != nil {
				return nil, err
			}
			if site != r.SiteID {
				continue
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// siteOf is the site of the workplace whose line the device carries, ""
// for none; known caches workplace sites.
func siteOf(tx switchboard.Tx, d *switchboard.Device, known map[string]string) (string, error) {
	wid := d.LineWorkplace()
	if wid == "" {
		return "", nil
	}
	if site, ok := known[wid]; ok {
		return site, nil
	}
	w, err := tx.Workplace(wid)
	if err != nil {
		return "", fmt.Errorf("load workplace: %w", err)
	}
	known[wid] = w.SiteID
	return w.SiteID, nil
}
