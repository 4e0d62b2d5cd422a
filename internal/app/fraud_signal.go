package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

// fraudActor is the actor of the events the fraud signal writes.
const fraudActor = "fraud-signal"

// RunFraudSignals records the suspicions of w until ctx ends: each becomes
// a security event and a mail to the customer's administrators offering
// the rotation (RotateDevice), written in one transaction. The watch has
// rate-limited them already (one per device per FraudQuiet).
func (s *Service) RunFraudSignals(ctx context.Context, w *FraudWatch) error {
	sweep := time.NewTicker(fraudSweepInterval)
	defer sweep.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-sweep.C:
			w.Sweep(s.clock())
		case sus := <-w.Suspicions():
			if n := w.dropped.Swap(0); n > 0 {
				s.log.WarnContext(ctx, "fraud signals not recorded: too many at once", slog.Int64("dropped", n))
			}
			if err := s.RaiseFraudSignal(ctx, sus); err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
				s.log.ErrorContext(ctx, "fraud signal not recorded", slog.String("device", sus.Later.DeviceID), slog.String("error", err.Error()))
			}
		}
	}
}

// fraudSweepInterval is how often RunFraudSignals has the watch forget
// sightings older than the window, so that the room a booting fleet took
// is given back while no new sighting comes.
const fraudSweepInterval = time.Minute

// RaiseFraudSignal writes one suspicion as a security event
// ("device.fraud_suspected") and a fraud alert mail to the customer's
// admin address, in the language of the device's workplace (its site's
// when it has none; German by default, as order confirmations). A device
// deleted meanwhile is ENOTFOUND. A soft client (switchboard.Roams) seen
// on two networks alone raises nothing: it moves between networks.
func (s *Service) RaiseFraudSignal(ctx context.Context, sus Suspicion) error {
	raised := true
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		now := s.clock()
		d, err := tx.Device(sus.Later.DeviceID)
		if err != nil {
			return err
		}
		if switchboard.Roams(d.Kind) && !switchboard.TwoMACs(sus.Earlier, sus.Later) {
			raised = false
			return nil
		}
		c, err := tx.Customer(d.CustomerID)
		if err != nil {
			return fmt.Errorf("customer of device: %w", err)
		}
		var w *switchboard.Workplace
		if d.WorkplaceID != "" {
			if w, err = tx.Workplace(d.WorkplaceID); err != nil {
				return fmt.Errorf("workplace of device: %w", err)
			}
			if w, err = forMessages(tx, w); err != nil {
				return err
			}
		}
		err = tx.AddEvent(&switchboard.Event{
			ID: switchboard.NewID("evt", now), CustomerID: d.CustomerID, Kind: switchboard.EventSecurity,
			Actor: fraudActor, Action: "device.fraud_suspected", Object: d.ID,
			Detail: suspicionDetail(sus), IP: sus.Later.IP, At: now,
		})
		if err != nil {
			return err
		}
		m, err := messages.FraudAlert(s.notify.env, c, d, w, sus.Earlier, sus.Later, now)
		if err != nil {
			return err
		}
		return queue(tx, m)
	})
	if err != nil || !raised {
		return err
	}
	s.log.WarnContext(ctx, "fraud signal: credentials used from two places", slog.String("device", sus.Later.DeviceID),
		slog.String("via", sus.Later.Via), slog.String("ip", sus.Earlier.IP), slog.String("ip2", sus.Later.IP))
	s.outboxWritten(ctx)
	return nil
}

// suspicionDetail says in words what was seen, for the event list.
func suspicionDetail(sus Suspicion) string {
	one := func(x switchboard.Sighting) string {
		mac := x.MAC
		if mac == "" {
			mac = "unknown"
		}
		return x.At.UTC().Format(time.RFC3339) + " from " + x.IP + " MAC " + mac
	}
	return sus.Later.Via + " credentials used from two places: " + one(sus.Earlier) + "; " + one(sus.Later)
}
