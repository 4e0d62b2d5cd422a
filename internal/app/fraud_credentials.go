package app

import (
	"context"
	"log/slog"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// RotationResult is the answer to new SIP credentials and to a rotation:
// the device as it is now and what became of the resync that moves a
// reachable phone onto its new account.
type RotationResult struct {
	Device *DeviceView   `json:"device"`
	Resync *ActionResult `json:"resync"`
}

// NewSIPCredentials gives a device a new SIP account (seed 004, fraud:
// "configurer de nouvelles informations d'identification SIP"): a new user
// name, auth name and password, as the account is made per device. The
// previous account is refused from the commit on, on every node; a phone
// still registered with it is sent a NOTIFY (its challenge answered with
// the previous account) so it fetches its profile, and its bindings are
// dropped. An offline phone gets the new account at its next fetch; the
// resync waits as a pending action. Administrators only.
func (s *Service) NewSIPCredentials(ctx context.Context, p switchboard.Principal, id string) (*RotationResult, error) {
	return s.rotate(ctx, p, id, "device.new_sip_credentials", false)
}

// RotateDevice is the one action the fraud signal offers: a new access key
// and a new SIP account at once, in one transaction. The old provisioning
// URL answers 404 at once, so the phone must be given the new one (redirect
// service or by hand, as after a new key); its registrations made with the
// old account end as with NewSIPCredentials. Administrators only.
func (s *Service) RotateDevice(ctx context.Context, p switchboard.Principal, id string) (*RotationResult, error) {
	return s.rotate(ctx, p, id, "device.rotate", true)
}

// rotate replaces the SIP account, and the access key when newKey is set.
func (s *Service) rotate(ctx context.Context, p switchboard.Principal, id, action string, newKey bool) (*RotationResult, error) {
	var resync switchboard.Action
	d, err := s.changeDeviceAt(ctx, p, id, action, func(_ switchboard.Tx, d *switchboard.Device, now time.Time) error {
		m, _ := s.catalogue.Model(d.Model)
		resync = resyncAction(m)
		d.PreviousSIP, d.SIP, d.SIPRotatedAt = d.SIP, newSIPAccount(), now
		if newKey {
			d.AccessKey = randomHex(accessKeyLen)
		}
		if actionWeight[resync] > actionWeight[d.PendingAction] {
			d.PendingAction = resync
		}
		d.LastAction = switchboard.ActionRecord{Action: d.PendingAction, State: switchboard.ActionStatePending, RequestedAt: now}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if s.registrar != nil {
		s.registrar.Invalidate(d.PreviousSIP.AuthName)
	}
	return &RotationResult{Device: s.deviceView(d), Resync: s.revoke(ctx, d, resync)}, nil
}

// newSIPAccount makes a device's SIP account: a random user name, also the
// auth name, and a random password.
func newSIPAccount() switchboard.SIPAccount {
	u := "u" + randomFrom(lowerAlnum, 15)
	return switchboard.SIPAccount{Username: u, AuthName: u, Password: randomFrom(strongAlnum, 24)}
}

// resyncAction is how a phone is made to fetch its profile after new
// credentials: sync where the model applies changes without a reboot,
// else reboot.
func resyncAction(m switchboard.Model) switchboard.Action {
	if m.CanSync || !m.CanReboot {
		return switchboard.ActionSync
	}
	return switchboard.ActionReboot
}

// revoke ends the registrations made with the device's previous account
// and reports the resync as an action result.
func (s *Service) revoke(ctx context.Context, d *switchboard.Device, resync switchboard.Action) *ActionResult {
	res := &ActionResult{Action: resync, State: ActionPending, Detail: actionQueued}
	if s.registrar == nil {
		return res
	}
	out, err := s.registrar.Revoke(ctx, d, resync == switchboard.ActionReboot)
	return s.told(ctx, res, out, err, toldText{
		sent:   "sent to %d contact(s) registered with the previous SIP account, whose registrations are removed",
		absent: "the device is not registered with its previous SIP account",
		failed: "new SIP credentials: revoking the previous account's registrations failed",
	}, slog.String("device", d.ID))
}
