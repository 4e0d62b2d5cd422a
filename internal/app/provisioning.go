package app

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// changed publishes change notices after a commit. A failure to reach
// other nodes is logged: they recover through the bus's reconnect.
func (s *Service) changed(ctx context.Context, topic string, ids ...string) {
	if s.bus == nil {
		return
	}
	for _, id := range ids {
		if id == "" {
			continue
		}
		if err := s.bus.Publish(ctx, topic, id); err != nil {
			s.log.WarnContext(ctx, "change notice not sent to other nodes", slog.String("topic", topic), slog.String("error", err.Error()))
		}
	}
}

// devicesChanged publishes notices for devices and, for DECT handsets, the
// bases whose profiles carry their lines.
func (s *Service) devicesChanged(ctx context.Context, ds ...*switchboard.Device) {
	for _, d := range ds {
		if d != nil {
			s.changed(ctx, switchboard.TopicDevice, d.ID, d.BaseID)
		}
	}
}

// Fetch is one answered profile fetch, for the bookkeeping done in batches
// after it: last access, the pending action carried out, the workplace
// admin password delivered.
type Fetch struct {
	DeviceID string
	Access   switchboard.Access
	// Version and PendingAction are those of the profile served
	// (DeviceProvisioning); the action is cleared only if the device has
	// not changed since.
	Version       time.Time
	PendingAction switchboard.Action
	// WorkplaceID is set when the profile carried the workplace's admin
	// password for the first time, as of WorkplaceVersion.
	WorkplaceID      string
	WorkplaceVersion time.Time
	// Pairs are the DECT handsets whose pairing the profile of a base
	// opened (DeviceProvisioning.Pairs).
	Pairs []string
	// MAC is the MAC the request showed (User-Agent, file name), empty
	// when none; the fraud signal compares it.
	MAC string
	// Displaced marks a fetch a later one of the same device replaced
	// before the bookkeeping ran: it only feeds the fraud signal.
	Displaced bool
}

// RecordFetches writes the bookkeeping of a batch of fetches in one
// transaction: each device's last access; a pending action cleared when
// the device fetched the profile built after it was set; the workplace
// admin password marked delivered the first time a device fetched it (it
// is shown to administrators from then on). After the commit it publishes
// the changes and reports each action carried out through OnActionDone.
func (s *Service) RecordFetches(ctx context.Context, fetches []Fetch) error {
	if len(fetches) == 0 {
		return nil
	}
	type done struct {
		device string
		action switchboard.Action
	}
	var actions []done
	var delivered, paired []string
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		actions, delivered, paired = actions[:0], delivered[:0], paired[:0]
		now := s.clock()
		cleared, marked := map[string]bool{}, map[string]bool{}
		for _, f := range fetches {
			if f.Displaced {
				continue
			}
			if err := tx.SetLastAccess(f.DeviceID, f.Access); err != nil {
				if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
					continue
				}
				return err
			}
			if f.PendingAction != switchboard.ActionNone && !cleared[f.DeviceID] {
				cleared[f.DeviceID] = true
				a, err := clearPendingAction(tx, f, now)
				if err != nil {
					return err
				}
				if a != switchboard.ActionNone {
					actions = append(actions, done{f.DeviceID, a})
				}
			}
			for _, h := range f.Pairs {
				ok, err := markPairing(tx, h, f, now)
				if err != nil {
					return err
				}
				if ok {
					paired = append(paired, h)
				}
			}
			if f.WorkplaceID != "" && !marked[f.WorkplaceID] {
				marked[f.WorkplaceID] = true
				ok, err := markDelivered(tx, f, now)
				if err != nil {
					return err
				}
				if ok {
					delivered = append(delivered, f.WorkplaceID)
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record profile fetches: %w", err)
	}
	if s.fraud != nil {
		for _, f := range fetches {
			s.fraud.Observe(switchboard.Sighting{DeviceID: f.DeviceID, Via: switchboard.ViaProvisioning, MAC: f.MAC, IP: f.Access.IP, At: f.Access.At})
		}
	}
	for _, a := range actions {
		s.changed(ctx, switchboard.TopicDevice, a.device)
		if s.actionDone != nil {
			s.actionDone(a.device, a.action)
		}
	}
	s.changed(ctx, switchboard.TopicWorkplace, delivered...)
	s.changed(ctx, switchboard.TopicDevice, paired...)
	return nil
}

// markPairing records that a base fetched the profile that opens its
// registration window for handset id: the handset's last access becomes
// the base's fetch, so the next profile of the base no longer opens the
// window for it. Already marked or deleted handsets are left alone.
func markPairing(tx switchboard.Tx, id string, f Fetch, now time.Time) (bool, error) {
	h, err := tx.Device(id)
	if err != nil {
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return false, nil
		}
		return false, fmt.Errorf("load handset: %w", err)
	}
	if !h.LastAccess.At.IsZero() || h.BaseID != f.DeviceID {
		return false, nil
	}
	if err := tx.SetLastAccess(id, f.Access); err != nil {
		return false, fmt.Errorf("mark handset pairing: %w", err)
	}
	return true, tx.AddEvent(&switchboard.Event{
		ID: switchboard.NewID("evt", now), CustomerID: h.CustomerID, Kind: switchboard.EventAudit,
		Actor: provisioningActor, Action: "device.pairing_opened", Object: h.ID,
		Detail: "registration window opened on base " + f.DeviceID, IP: f.Access.IP, At: now,
	})
}

// clearPendingAction clears the device's pending action if the device is
// still as the fetched profile saw it, and records that in the audit trail.
func clearPendingAction(tx switchboard.Tx, f Fetch, now time.Time) (switchboard.Action, error) {
	d, err := tx.Device(f.DeviceID)
	if err != nil {
		return "", fmt.Errorf("load device: %w", err)
	}
	if d.PendingAction == switchboard.ActionNone || !d.UpdatedAt.Equal(f.Version) {
		return "", nil
	}
	a := d.PendingAction
	d.PendingAction = switchboard.ActionNone
	if d.LastAction.Action == switchboard.ActionNone {
		d.LastAction = switchboard.ActionRecord{Action: a}
	}
	d.LastAction.State, d.LastAction.DeliveredAt, d.LastAction.DeliveredBy = switchboard.ActionStateDone, now, deliveredBy(f)
	d.UpdatedAt = now
	if err := tx.UpdateDevice(d); err != nil {
		return "", fmt.Errorf("clear pending action: %w", err)
	}
	return a, tx.AddEvent(&switchboard.Event{
		ID: switchboard.NewID("evt", now), CustomerID: d.CustomerID, Kind: switchboard.EventAudit,
		Actor: provisioningActor, Action: "device." + string(a) + ".done", Object: d.ID,
		Detail: deliveredBy(f), IP: f.Access.IP, At: now,
	})
}

// deliveredBy says how an action reached the device: with the profile
// fetch f, when and from where.
func deliveredBy(f Fetch) string {
	return "profile fetched at " + f.Access.At.UTC().Format(time.RFC3339) + " from " + f.Access.IP
}

// markDelivered records that the workplace's admin password reached a
// device, if the workplace is still as the fetched profile saw it and the
// password was not delivered before.
func markDelivered(tx switchboard.Tx, f Fetch, now time.Time) (bool, error) {
	w, err := tx.Workplace(f.WorkplaceID)
	if err != nil {
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return false, nil
		}
		return false, fmt.Errorf("load workplace: %w", err)
	}
	if !w.AdminPasswordDeliveredAt.IsZero() || !w.UpdatedAt.Equal(f.WorkplaceVersion) {
		return false, nil
	}
	w.AdminPasswordDeliveredAt = now
	if err := tx.UpdateWorkplace(w); err != nil {
		return false, fmt.Errorf("mark admin password delivered: %w", err)
	}
	return true, tx.AddEvent(&switchboard.Event{
		ID: switchboard.NewID("evt", now), CustomerID: w.CustomerID, Kind: switchboard.EventAudit,
		Actor: provisioningActor, Action: "workplace.admin_password_delivered", Object: w.ID,
		Detail: f.DeviceID, IP: f.Access.IP, At: now,
	})
}

// provisioningActor is the actor of events the provisioning server causes.
const provisioningActor = "provisioning"

// Refusal is one refused profile fetch, for the security log.
type Refusal struct {
	At time.Time
	IP string
	// Reason says why, in words fit for a log (never the key).
	Reason string
	// CustomerID and DeviceID are set when the key was a device's (wrong
	// MAC, blocked address, unknown file); empty for an unknown key.
	CustomerID string
	DeviceID   string
	// File is the file name asked for (the part after the key).
	File string
	// UserAgent is the request's, recorded in a known device's last
	// access with the reason.
	UserAgent string
}

// RecordRefusals writes refused fetches as security events in one
// transaction; the provisioning server batches them, so an attack costs
// one write per batch, not one per request. A refusal of a known device
// also becomes its last access, with the reason, so an administrator sees
// why the phone gets nothing; the phone's answer stays the same 404.
func (s *Service) RecordRefusals(ctx context.Context, rs []Refusal) error {
	if len(rs) == 0 {
		return nil
	}
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		for _, r := range rs {
			detail := r.Reason
			if f := printable(r.File, 80); f != "" {
				detail += "; file " + f
			}
			err := tx.AddEvent(&switchboard.Event{
				ID: switchboard.NewID("evt", r.At), CustomerID: r.CustomerID, Kind: switchboard.EventSecurity,
				Actor: provisioningActor, Action: "provisioning.refused", Object: r.DeviceID,
				Detail: detail, IP: r.IP, At: r.At.UTC().Truncate(time.Microsecond),
			})
			if err != nil {
				return err
			}
			if err := recordRefusedAccess(tx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record refused fetches: %w", err)
	}
	return nil
}

// printable keeps at most n printable characters of a value taken from a
// request, so it can be stored and shown without surprises.
func printable(v string, n int) string {
	var b strings.Builder
	for _, r := range v {
		if b.Len() >= n {
			b.WriteString("…")
			break
		}
		if unicode.IsPrint(r) {
			b.WriteRune(r)
		} else {
			b.WriteRune('?')
		}
	}
	return b.String()
}
