package app

import (
	"context"
	"fmt"
	"log/slog"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// BindingOutcome is what became of an action's NOTIFY to one registration
// of the device.
type BindingOutcome struct {
	Contact   string `json:"contact,omitempty"`
	Transport string `json:"transport,omitempty"`
	// State is sent (no answer yet, or handed to the node holding the
	// registration), answered (Code is the phone's final answer), or
	// failed (Error says why).
	State  string `json:"state"`
	Code   int    `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
	Error  string `json:"error,omitempty"`
}

// NotifyReporter is a Registrar that also tells what became of a NOTIFY
// per registration, so the API can show it. ENOTFOUND means the device is
// not registered anywhere.
type NotifyReporter interface {
	NotifyBindings(ctx context.Context, d *switchboard.Device, reboot bool) ([]BindingOutcome, error)
}

// SetRegistrar connects the SIP side after the Service was created (the
// registrar needs the Service for its own wiring). Call it while wiring,
// before the Service is used.
func (s *Service) SetRegistrar(r Registrar) { s.registrar = r }

// ChangePublisher returns the publisher set with SetChanges, nil when none;
// the SIP wiring shares its bus.
func (s *Service) ChangePublisher() ChangePublisher { return s.hooks.changes }

// notifyDevice tells a registered device to carry out an action, with one
// outcome per registration when the registrar reports them.
func (s *Service) notifyDevice(ctx context.Context, d *switchboard.Device, reboot bool) ([]BindingOutcome, error) {
	if r, ok := s.registrar.(NotifyReporter); ok {
		return r.NotifyBindings(ctx, d, reboot)
	}
	return nil, s.registrar.Notify(ctx, d, reboot)
}

// DeliverPending sends a device its pending action, if it has one: the SIP
// side calls it when the device comes online, and on the node holding the
// device's registration when another node's API asked for the action. It
// returns the outcomes, none when nothing was pending.
func (s *Service) DeliverPending(ctx context.Context, deviceID string) ([]BindingOutcome, error) {
	if s.registrar == nil {
		return nil, nil
	}
	var d *switchboard.Device
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		d, err = tx.Device(deviceID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load device for its pending action: %w", err)
	}
	if d.PendingAction == switchboard.ActionNone {
		return nil, nil
	}
	m, _ := s.catalogue.Model(d.Model)
	reboot := d.PendingAction != switchboard.ActionSync && m.CanReboot
	out, err := s.notifyDevice(ctx, d, reboot)
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "pending device action delivered", slog.String("device", d.ID), slog.String("action", string(d.PendingAction)))
	return out, nil
}
