package app

import (
	"context"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// CallSettingsPatch changes a workplace's call settings; absent fields
// stay.
type CallSettingsPatch struct {
	ForwardAlways          *bool     `json:"forward_always,omitempty"`
	ForwardTo              *string   `json:"forward_to,omitempty" doc:"Extension or E.164 number; empty forwards to the voicemail (*86)"`
	DoNotDisturb           *bool     `json:"do_not_disturb,omitempty"`
	RemoteOffice           *bool     `json:"remote_office,omitempty"`
	RemoteOfficeNumber     *string   `json:"remote_office_number,omitempty"`
	ParallelRinging        *bool     `json:"parallel_ringing,omitempty"`
	ParallelRingingNumbers *[]string `json:"parallel_ringing_numbers,omitempty" doc:"1 to 10 numbers while parallel ringing is on"`
	Voicemail              *bool     `json:"voicemail,omitempty"`
	NoAnswerSeconds        *int      `json:"no_answer_seconds,omitempty" doc:"5 to 120 seconds before an unanswered call goes to the voicemail"`
}

// apply writes the patch's fields into s.
func (c CallSettingsPatch) apply(s *switchboard.CallSettings) {
	set(&s.ForwardAlways, c.ForwardAlways)
	set(&s.ForwardTo, c.ForwardTo)
	set(&s.DoNotDisturb, c.DoNotDisturb)
	set(&s.RemoteOffice, c.RemoteOffice)
	set(&s.RemoteOfficeNumber, c.RemoteOfficeNumber)
	set(&s.ParallelRinging, c.ParallelRinging)
	set(&s.ParallelRingingNumbers, c.ParallelRingingNumbers)
	set(&s.Voicemail, c.Voicemail)
	set(&s.NoAnswerSeconds, c.NoAnswerSeconds)
}

// set copies *v into dst when v is given.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// callWorkplace loads a workplace whose calls p may watch: its user, the
// customer's administrators and monitoring accounts.
func callWorkplace(tx switchboard.Tx, p switchboard.Principal, id string) (*switchboard.Workplace, error) {
	w, err := tx.Workplace(id)
	if err != nil {
		return nil, asNotFound(err, "workplace", id)
	}
	if !p.CanSeeWorkplace(w.CustomerID, w.ID) && !p.CanMonitor(w.CustomerID) {
		return nil, notFound("workplace", id)
	}
	return w, nil
}

// callSettingsOf returns the workplace's stored settings, or the defaults
// when none were written.
func callSettingsOf(tx switchboard.Tx, w *switchboard.Workplace) (*switchboard.CallSettings, error) {
	cs, err := tx.CallSettings(w.ID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return switchboard.DefaultCallSettings(w), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read call settings of %s: %w", w.ID, err)
	}
	cs.ParallelRingingNumbers = orEmpty(cs.ParallelRingingNumbers)
	return cs, nil
}

// CallSettings returns a workplace's call settings to its user, the
// customer's administrators and monitoring accounts (seed 002: the CTI
// server reads the forwarding to the voicemail).
func (s *Service) CallSettings(ctx context.Context, p switchboard.Principal, workplaceID string) (*switchboard.CallSettings, error) {
	var cs *switchboard.CallSettings
	err := s.view(ctx, func(tx switchboard.Tx) error {
		w, err := callWorkplace(tx, p, workplaceID)
		if err != nil {
			return err
		}
		cs, err = callSettingsOf(tx, w)
		return err
	})
	return cs, err
}

// settingsWays are the values UpdateCallSettings takes for by.
var settingsWays = map[string]bool{switchboard.SettingsByPortal: true, switchboard.SettingsByAPI: true,
	switchboard.SettingsByFeatureCode: true, switchboard.SettingsByCTI: true}

// UpdateCallSettings changes a workplace's call settings: its own user or
// an administrator; a monitoring account may only watch. by says which
// way the change came (a SettingsBy value). The settings, their audit
// event and a CallSettings call event are written in one transaction, and
// every node's CTI channels learn of it.
func (s *Service) UpdateCallSettings(ctx context.Context, p switchboard.Principal, workplaceID string, patch CallSettingsPatch, by string) (*switchboard.CallSettings, error) {
	if !settingsWays[by] {
		return nil, switchboard.FieldErrorf("by", "unknown way of change %q", by)
	}
	var cs *switchboard.CallSettings
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		w, err := callWorkplace(tx, p, workplaceID)
		if err != nil {
			return audit{}, err
		}
		if !p.CanSeeWorkplace(w.CustomerID, w.ID) {
			return audit{}, switchboard.Errorf(switchboard.EFORBIDDEN, "a monitoring account may watch call settings but not change them")
		}
		cs, err = writeCallSettings(tx, w, now, by, patch.apply)
		return audit{customer: w.CustomerID, action: "call_settings.update", object: w.ID, detail: by}, err
	})
	if err != nil {
		return nil, err
	}
	s.changed(ctx, switchboard.TopicCall, cs.CustomerID)
	return cs, nil
}

// writeCallSettings changes the workplace's settings with change,
// validates and writes them with their call event.
func writeCallSettings(tx switchboard.Tx, w *switchboard.Workplace, now time.Time, by string, change func(*switchboard.CallSettings)) (*switchboard.CallSettings, error) {
	cs, err := callSettingsOf(tx, w)
	if err != nil {
		return nil, err
	}
	change(cs)
	if err := cs.Validate(); err != nil {
		return nil, err
	}
	cs.UpdatedAt, cs.UpdatedBy = now, by
	if err := tx.PutCallSettings(cs); err != nil {
		return nil, fmt.Errorf("write call settings: %w", err)
	}
	snapshot := *cs
	e := &switchboard.CallEvent{Kind: switchboard.EventCallSettings, CustomerID: w.CustomerID, WorkplaceID: w.ID, At: now, Settings: &snapshot}
	if err := tx.AddCallEvent(e); err != nil {
		return nil, fmt.Errorf("record call settings event: %w", err)
	}
	return cs, nil
}
