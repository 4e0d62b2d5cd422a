package registrar

import (
	"context"
	"log/slog"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// securityLog writes the server's security events to the event log in
// batches, so an attack costs one write per second, not one per packet.
type securityLog struct {
	store   switchboard.Store
	log     *slog.Logger
	mu      sync.Mutex
	pending []sip.SecurityEvent
	dropped int
}

// maxPendingSecurity bounds the events waiting for the next batch.
const maxPendingSecurity = 1000

// securityInterval is the pause between two batches.
const securityInterval = time.Second

func newSecurityLog(store switchboard.Store, log *slog.Logger) *securityLog {
	return &securityLog{store: store, log: log}
}

// add queues an event; past the bound it is counted and dropped (the
// server has logged it already).
func (l *securityLog) add(e sip.SecurityEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.pending) >= maxPendingSecurity {
		l.dropped++
		return
	}
	l.pending = append(l.pending, e)
}

// run writes a batch every securityInterval until ctx ends.
func (l *securityLog) run(ctx context.Context) {
	t := time.NewTicker(securityInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.flush(ctx)
		}
	}
}

// flush writes the queued events in one transaction.
func (l *securityLog) flush(ctx context.Context) {
	l.mu.Lock()
	batch, dropped := l.pending, l.dropped
	l.pending, l.dropped = nil, 0
	l.mu.Unlock()
	if dropped > 0 {
		l.log.Warn("SIP security events not recorded: too many at once", "dropped", dropped)
	}
	if len(batch) == 0 {
		return
	}
	err := l.store.Update(ctx, func(tx switchboard.Tx) error {
		for _, e := range batch {
			at := e.At.UTC().Truncate(time.Microsecond)
			err := tx.AddEvent(&switchboard.Event{
				ID: switchboard.NewID("evt", at), CustomerID: e.CustomerID, Kind: switchboard.EventSecurity, Actor: "sip",
				Action: "sip." + e.Kind, Object: e.Username, Detail: e.Detail, IP: e.Source, At: at,
			})
			if err != nil {
				return err
			}
			if err := recordRefusal(tx, e, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		l.log.Error("SIP security events not recorded", "events", len(batch), "err", err)
	}
}

// maxUserAgent bounds the User-Agent a refusal records on the device.
const maxUserAgent = 256

// recordRefusal shows a refused REGISTER of a known device in the
// device's last access, with the reason; other events name no device. A
// device deleted meanwhile is skipped.
func recordRefusal(tx switchboard.Tx, e sip.SecurityEvent, at time.Time) error {
	if e.Kind != sip.EventAddressRefused || e.DeviceID == "" {
		return nil
	}
	ua := e.UserAgent
	if len(ua) > maxUserAgent {
		ua = ua[:maxUserAgent]
	}
	err := tx.SetLastAccess(e.DeviceID, switchboard.Access{At: at, IP: e.Source, UserAgent: ua, Refusal: "SIP REGISTER: " + sip.ReasonAddressRefused})
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	}
	return err
}
