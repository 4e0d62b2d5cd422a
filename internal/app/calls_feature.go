package app

import (
	"context"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// feature carries out a feature code dialled on a device (seed 002):
// forwarding to the voicemail on and off, the voicemail, call pull, and
// hot-desk log-in and log-out through the hot-desk use cases, as the user
// of the workplace concerned.
func (s *Service) feature(ctx context.Context, deviceID string, fc switchboard.FeatureCode) (*switchboard.CallRoute, error) {
	var d *switchboard.Device
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		d, err = tx.Device(deviceID)
		return asNotFound(err, "device", deviceID)
	})
	if err != nil {
		return nil, err
	}
	r := &switchboard.CallRoute{CustomerID: d.CustomerID, CallerWorkplaceID: d.LineWorkplace()}
	res := &switchboard.FeatureResult{Code: fc.Code}
	switch fc.Code {
	case switchboard.CodeHotDeskLogIn:
		err = s.featureLogIn(ctx, d, fc, res)
	case switchboard.CodeHotDeskLogOut:
		if d.HotDesk == nil {
			return r, switchboard.Errorf(switchboard.ECONFLICT, "no one is logged in on this phone")
		}
		_, err = s.HotDeskLogout(ctx, userOf(d, d.HotDesk.Workplace), d.HotDesk.Workplace)
		res.Result = "logged out"
	default:
		if r.CallerWorkplaceID == "" {
			return r, switchboard.Errorf(switchboard.ENOTFOUND, "this phone carries no workplace's line")
		}
		err = s.workplaceFeature(ctx, d, fc, res)
	}
	if err != nil {
		return r, err
	}
	r.Feature = res
	return r, nil
}

// userOf is the principal a feature code acts as: the user of the
// workplace, on the device.
func userOf(d *switchboard.Device, workplaceID string) switchboard.Principal {
	return switchboard.Principal{TokenID: "device " + d.ID, Role: switchboard.RoleUser, CustomerID: d.CustomerID, WorkplaceID: workplaceID}
}

// featureLogIn logs the workplace of the dialled extension in on the
// device with the dialled PIN.
func (s *Service) featureLogIn(ctx context.Context, d *switchboard.Device, fc switchboard.FeatureCode, res *switchboard.FeatureResult) error {
	var w *switchboard.Workplace
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		w, err = extensionWorkplace(tx, d.CustomerID, fc.Extension)
		return err
	})
	if err != nil {
		return err
	}
	if w == nil {
		return switchboard.Errorf(switchboard.ENOTFOUND, "no workplace has extension %s", fc.Extension)
	}
	if _, err := s.HotDeskLogin(ctx, userOf(d, w.ID), w.ID, HotDeskInput{Device: d.ID, PIN: fc.PIN}); err != nil {
		return err
	}
	res.Result = "logged in as " + fc.Extension
	return nil
}

// workplaceFeature carries out a code of the device's own workplace.
func (s *Service) workplaceFeature(ctx context.Context, d *switchboard.Device, fc switchboard.FeatureCode, res *switchboard.FeatureResult) error {
	switch fc.Code {
	case switchboard.CodeVoicemail:
		if s.voicemailURI == "" {
			return switchboard.Errorf(switchboard.ENOTFOUND, "no voicemail service is configured")
		}
		res.Action, res.URI, res.Result = "voicemail", s.voicemailURI, "voicemail"
		return nil
	case switchboard.CodeCallPull:
		res.Action, res.Result = "call-pull", "call pull"
		return nil
	}
	on := fc.Code == switchboard.CodeForwardVoicemailOn
	wid := d.LineWorkplace()
	var customer string
	err := s.update(ctx, userOf(d, wid), func(tx switchboard.Tx, now time.Time) (audit, error) {
		w, err := tx.Workplace(wid)
		if err != nil {
			return audit{}, asNotFound(err, "workplace", wid)
		}
		customer = w.CustomerID
		_, err = writeCallSettings(tx, w, now, switchboard.SettingsByFeatureCode, func(cs *switchboard.CallSettings) {
			cs.ForwardAlways = on
			if on {
				cs.ForwardTo = ""
			}
		})
		return audit{customer: w.CustomerID, action: "call_settings.update", object: w.ID, detail: switchboard.SettingsByFeatureCode}, err
	})
	if err != nil {
		return err
	}
	s.changed(ctx, switchboard.TopicCall, customer)
	res.Result = "forward to voicemail off"
	if on {
		res.Result = "forward to voicemail on"
	}
	return nil
}
