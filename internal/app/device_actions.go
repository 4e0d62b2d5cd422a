package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// ActionResult says what became of a device action: sent when a NOTIFY
// reached the registered device, pending when the device is offline and the
// action waits for its next fetch or registration.
type ActionResult struct {
	Action switchboard.Action `json:"action"`
	State  string             `json:"state"`
	// Detail says in words what happens next: when a pending action
	// reaches the device, or how many contacts a NOTIFY went to.
	Detail string `json:"detail"`
	// Bindings is the outcome per registration of the device when a NOTIFY
	// went out.
	Bindings []switchboard.BindingOutcome `json:"bindings,omitempty"`
}

// actionQueued is the detail of a pending action's answer.
const actionQueued = "queued; delivered at the device's next registration or profile fetch"

// Action result states.
const (
	ActionSent    = "sent"
	ActionPending = "pending"
)

// actionWeight orders actions so a pending stronger one is never replaced
// by a weaker one: reconfigure includes reset, reset includes reboot,
// reboot includes sync.
var actionWeight = map[switchboard.Action]int{
	switchboard.ActionNone: 0, switchboard.ActionSync: 1, switchboard.ActionReboot: 2,
	switchboard.ActionReset: 3, switchboard.ActionReconfigure: 4,
}

// DeviceAction asks a device to reset, reconfigure, sync or reboot (seeds
// 000, 004). The action is recorded as pending on the device, a reset or
// reconfigure gives its workplace a new device admin password, and a
// registered device is told at once with a NOTIFY. Administrators only.
func (s *Service) DeviceAction(ctx context.Context, p switchboard.Principal, id string, action switchboard.Action) (*ActionResult, error) {
	if _, ok := actionWeight[action]; !ok || action == switchboard.ActionNone {
		return nil, switchboard.Errorf(switchboard.EINVALID, "unknown device action %q", action)
	}
	var d *switchboard.Device
	var reboot bool
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if d, err = deviceToChange(tx, p, id); err != nil {
			return audit{}, err
		}
		m, _ := s.catalogue.Model(d.Model)
		switch {
		case action == switchboard.ActionSync && !m.CanSync:
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "the %s cannot apply changes without a reboot; use reboot or reset", m.Name)
		case action == switchboard.ActionReboot && !m.CanReboot:
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "the %s cannot be rebooted remotely; restart it by hand", m.Name)
		}
		reboot = rebootFor(m, action)
		if (action == switchboard.ActionReset || action == switchboard.ActionReconfigure) && d.WorkplaceID != "" {
			if err := renewAdminPassword(tx, d.WorkplaceID, now); err != nil {
				return audit{}, err
			}
		}
		markAction(d, action, now)
		d.UpdatedAt = now
		if err := tx.UpdateDevice(d); err != nil {
			return audit{}, fmt.Errorf("record device action: %w", err)
		}
		return audit{customer: d.CustomerID, action: "device." + string(action), object: id}, nil
	})
	if err != nil {
		return nil, err
	}
	s.devicesChanged(ctx, d)
	s.changed(ctx, switchboard.TopicWorkplace, d.WorkplaceID)
	return s.tell(ctx, d, action, reboot), nil
}

// tell sends a device the NOTIFY of an action recorded as pending on it:
// sent when it is registered, else the action stays pending until the
// device's next registration or profile fetch.
func (s *Service) tell(ctx context.Context, d *switchboard.Device, action switchboard.Action, reboot bool) *ActionResult {
	res := &ActionResult{Action: action, State: ActionPending, Detail: actionQueued}
	if s.registrar == nil {
		return res
	}
	out, err := s.registrar.Notify(ctx, d, reboot)
	return s.told(ctx, res, out, err, toldText{
		sent:   "sent to %d registered contact(s); done when the device fetches its profile",
		absent: "the device is not registered now",
		failed: "device action: notify failed; the action stays pending",
	}, slog.String("device", d.ID), slog.String("action", string(action)))
}

// toldText words the outcomes of telling a device: sent (with the number
// of contacts), not registered, and the log line of a failure.
type toldText struct{ sent, absent, failed string }

// told completes res with what telling the device's registered contacts
// gave: sent, not registered (the action stays pending), or failed (logged
// with attrs; the action stays pending too).
func (s *Service) told(ctx context.Context, res *ActionResult, out []switchboard.BindingOutcome, err error, text toldText, attrs ...any) *ActionResult {
	switch {
	case err == nil:
		res.State, res.Bindings = ActionSent, out
		res.Detail = fmt.Sprintf(text.sent, len(out))
	case switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		res.Detail += " (" + text.absent + ")"
	default:
		res.Detail += " (telling the registered device failed; see the server log)"
		s.log.WarnContext(ctx, text.failed, append(attrs, slog.String("error", err.Error()))...)
	}
	return res
}

// markAction records action as pending on d (unless a stronger one is
// pending already) for the caller to write and then tell.
func markAction(d *switchboard.Device, action switchboard.Action, now time.Time) {
	if actionWeight[action] > actionWeight[d.PendingAction] {
		d.PendingAction = action
	}
	d.LastAction = switchboard.ActionRecord{Action: d.PendingAction, State: switchboard.ActionStatePending, RequestedAt: now}
}

// rebootFor says whether the NOTIFY carrying action asks the device to
// reboot: every action but sync does, on a model that can be rebooted
// remotely; the others reload their profile with check-sync.
func rebootFor(m switchboard.Model, action switchboard.Action) bool {
	return action != switchboard.ActionSync && m.CanReboot
}

// renewAdminPassword gives a workplace's phones a new admin password, to be
// delivered with their next profile.
func renewAdminPassword(tx switchboard.Tx, workplaceID string, now time.Time) error {
	w, err := tx.Workplace(workplaceID)
	if err != nil {
		return fmt.Errorf("load workplace: %w", err)
	}
	w.DeviceAdminPassword = randomDigits(40)
	w.AdminPasswordDeliveredAt = time.Time{}
	w.UpdatedAt = now
	if err := tx.UpdateWorkplace(w); err != nil {
		return fmt.Errorf("renew admin password: %w", err)
	}
	return nil
}
