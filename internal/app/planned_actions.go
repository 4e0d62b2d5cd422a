package app

import (
	"context"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// plannedPoll is how often RunPlannedActions looks for due turns by
// default: a turn is told at most this late.
const plannedPoll = time.Second

// plannedBatch bounds the turns one transaction takes.
const plannedBatch = 100

// RunPlannedActions tells the devices whose turn in a spread site action
// came, every poll (0: every second), until ctx ends. Every node runs it:
// the turns are in the store, so they still come when the node that
// planned them stops, and each is taken by one node (TakeDueActions).
func (s *Service) RunPlannedActions(ctx context.Context, poll time.Duration) error {
	if poll <= 0 {
		poll = plannedPoll
	}
	return s.runEvery(ctx, poll, nil, "planned device actions", func(ctx context.Context) error {
		_, err := s.TellDueActions(ctx)
		return err
	})
}

// TellDueActions takes the turns due now and tells their devices, and
// returns how many it took. A device whose action was carried out since
// (it fetched its profile meanwhile) or that is gone is not told; one
// with a stronger action pending by now is told that one. A turn is taken
// in the transaction that removes it, before its NOTIFY: a node stopping
// in between leaves the action pending for the device's next fetch,
// never told twice.
func (s *Service) TellDueActions(ctx context.Context) (int, error) {
	taken := 0
	for {
		var n int
		var tell []toldDevice
		err := s.store.Update(ctx, func(tx switchboard.Tx) error {
			tell = tell[:0]
			due, err := tx.TakeDueActions(s.clock(), plannedBatch)
			if err != nil {
				return err
			}
			n = len(due)
			for _, p := range due {
				d, err := tx.Device(p.DeviceID)
				if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
					continue
				}
				if err != nil {
					return fmt.Errorf("load device: %w", err)
				}
				if d.PendingAction == switchboard.ActionNone {
					continue
				}
				m, _ := s.catalogue.Model(d.Model)
				tell = append(tell, toldDevice{device: d, action: d.PendingAction, reboot: rebootFor(m, d.PendingAction)})
			}
			return nil
		})
		if err != nil {
			return taken, fmt.Errorf("take due device actions: %w", err)
		}
		taken += n
		for _, t := range tell {
			tctx, cancel := context.WithTimeout(ctx, resyncWait)
			s.tell(tctx, t.device, t.action, t.reboot)
			cancel()
		}
		if n < plannedBatch {
			return taken, nil
		}
	}
}
