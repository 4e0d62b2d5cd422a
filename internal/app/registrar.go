package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// DeliverPending sends a device its pending action, if it has one: when
// the device comes online, and on the node holding the device's
// registration when another node's API asked for the action. It returns
// the outcomes, none when nothing was pending.
func (s *Service) DeliverPending(ctx context.Context, deviceID string) ([]switchboard.BindingOutcome, error) {
	if s.registrar == nil {
		return nil, nil
	}
	var d *switchboard.Device
	err := s.view(ctx, func(tx switchboard.Tx) error {
		a, err := tx.PendingAction(deviceID)
		if err != nil || a == switchboard.ActionNone {
			return err
		}
		d, err = tx.Device(deviceID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load device for its pending action: %w", err)
	}
	if d == nil || d.PendingAction == switchboard.ActionNone {
		return nil, nil
	}
	m, _ := s.catalogue.Model(d.Model)
	out, err := s.registrar.Notify(ctx, d, rebootFor(m, d.PendingAction))
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "pending device action delivered", slog.String("device", d.ID), slog.String("action", string(d.PendingAction)))
	return out, nil
}

// pendingTimeout bounds one delivery: the NOTIFY's answer is waited for.
const pendingTimeout = time.Minute

// RunPending delivers the pending action of each device id received on
// due (the registrar's devices that came online or were asked for by
// another node) with workers deliveries at once, so one phone slow to
// answer does not hold the others up. It returns when ctx ends, once the
// deliveries under way have finished.
func (s *Service) RunPending(ctx context.Context, due <-chan string, workers int) error {
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case id := <-due:
					s.deliverDue(ctx, id)
				}
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

func (s *Service) deliverDue(ctx context.Context, deviceID string) {
	ctx, cancel := context.WithTimeout(ctx, pendingTimeout)
	defer cancel()
	_, err := s.DeliverPending(ctx, deviceID)
	if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND && !errors.Is(err, context.Canceled) {
		s.log.WarnContext(ctx, "pending device action not delivered", slog.String("device", deviceID), slog.String("error", err.Error()))
	}
}
