package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Hot-desking (seed 003): a workplace logs in on a free desk phone, which
// then carries the workplace's line (its own SIP account, named after the
// workplace's user, with the workplace's site rules) until the workplace
// logs out, logs in elsewhere, another workplace logs in on the device, or
// the site's automatic log-out time passes. A linked device refuses it.

// HotDeskInput logs a workplace in on a free device.
type HotDeskInput struct {
	// Device is the free desk phone to log in on.
	Device string `json:"device"`
	// PIN is the workplace's hot-desk PIN, as the user types it on the
	// phone: required from the workplace's own user, optional for an
	// administrator, and checked whenever it is given.
	PIN string `json:"pin,omitempty" required:"false"`
}

// HotDeskResult tells what a log-in or log-out did: where the workplace
// is logged in now and the resync of every device whose profile changed.
type HotDeskResult struct {
	Workplace string `json:"workplace"`
	// Device is the device the workplace is logged in on now; empty after
	// a log-out.
	Device  string         `json:"device,omitempty"`
	Since   time.Time      `json:"since,omitzero"`
	Resyncs []DeviceResync `json:"resyncs"`
}

// DeviceResync is the resync of one device after its profile changed.
type DeviceResync struct {
	Device string `json:"device"`
	ActionResult
}

// resync is a device whose profile changed, with the action that makes
// it load the new one.
type resync struct {
	d      *switchboard.Device
	action switchboard.Action
	reboot bool
}

// markResync records on d the action that makes it load its changed
// profile: sync where the model applies changes without a reboot, else a
// reboot where it can be rebooted remotely, else a sync left pending for
// its next periodic fetch.
func (s *Service) markResync(d *switchboard.Device, now time.Time) resync {
	m, _ := s.catalogue.Model(d.Model)
	r := resync{d: d, action: switchboard.ActionSync}
	if !m.CanSync && m.CanReboot {
		r.action, r.reboot = switchboard.ActionReboot, true
	}
	markAction(d, r.action, now)
	d.UpdatedAt = now
	return r
}

// resyncWait bounds how long a log-in, log-out, link or unlink waits for
// the phones' answers to the resync NOTIFY: a phone that is up answers in
// milliseconds, while a binding left behind by a phone that went away
// would hold the answer for the whole SIP transaction timeout (32 s). A
// NOTIFY unanswered by then is reported as sent.
const resyncWait = 2 * time.Second

// resyncAll tells each changed device to resync, after the commit.
func (s *Service) resyncAll(ctx context.Context, rs []resync) []DeviceResync {
	ctx, cancel := context.WithTimeout(ctx, resyncWait)
	defer cancel()
	out := []DeviceResync{}
	for _, r := range rs {
		out = append(out, DeviceResync{Device: r.d.ID, ActionResult: *s.tell(ctx, r.d, r.action, r.reboot)})
	}
	return out
}

// loginsChanged publishes the devices whose hot-desk login changed, makes
// the registrar forget their cached accounts (the site's rules follow the
// login) and tells each to resync.
func (s *Service) loginsChanged(ctx context.Context, rs []resync, workplaces ...string) []DeviceResync {
	for _, r := range rs {
		s.invalidate(r.d)
		s.devicesChanged(ctx, r.d)
	}
	s.changed(ctx, switchboard.TopicWorkplace, workplaces...)
	return s.resyncAll(ctx, rs)
}

// logOut ends the hot-desk login on d and writes it with its resync.
func (s *Service) logOut(tx switchboard.Tx, d *switchboard.Device, now time.Time) (resync, error) {
	d.HotDesk = nil
	r := s.markResync(d, now)
	if err := tx.UpdateDevice(d); err != nil {
		return resync{}, fmt.Errorf("log out device %s: %w", d.ID, err)
	}
	return r, nil
}

// HotDeskLogin logs a workplace in on a free desk phone of its customer:
// the workplace's own user with its PIN, or an administrator. A previous
// hot-desk login of the workplace ends (logging in elsewhere logs out),
// and so does another workplace's login on the device. The workplace must
// have room for the device: one desk phone, two with multi-login, linked
// ones included. Every device whose profile changed is resynced.
func (s *Service) HotDeskLogin(ctx context.Context, p switchboard.Principal, workplaceID string, in HotDeskInput) (*HotDeskResult, error) {
	if err := s.checkHotDeskPIN(ctx, p, workplaceID, in.PIN); err != nil {
		return nil, err
	}
	var rs []resync
	var since time.Time
	var others []string
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		rs, others = nil, nil
		w, err := workplaceFor(tx, p, workplaceID)
		if err != nil {
			return audit{}, err
		}
		d, err := hotDeskDevice(tx, w, in.Device)
		if err != nil {
			return audit{}, err
		}
		if w.State != switchboard.WorkplaceActive {
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "workplace %q is %s, not active; it cannot log in", w.ID, w.State)
		}
		if d.HotDesk != nil && d.HotDesk.Workplace == w.ID {
			since = d.HotDesk.Since
			return audit{customer: w.CustomerID, action: "hotdesk.login", object: d.ID, detail: w.ID + " (already logged in)"}, nil
		}
		prev, err := tx.HotDeskDevices(w.ID)
		if err != nil {
			return audit{}, err
		}
		for _, o := range prev {
			r, err := s.logOut(tx, o, now)
			if err != nil {
				return audit{}, err
			}
			rs = append(rs, r)
		}
		if d.HotDesk != nil {
			others = append(others, d.HotDesk.Workplace)
		}
		if err := checkDeskLimit(tx, w); err != nil {
			return audit{}, err
		}
		d.HotDesk = &switchboard.HotDeskLogin{Workplace: w.ID, Since: now}
		since = now
		r := s.markResync(d, now)
		if err := tx.UpdateDevice(d); err != nil {
			return audit{}, fmt.Errorf("log in device %s: %w", d.ID, err)
		}
		rs = append(rs, r)
		return audit{customer: w.CustomerID, action: "hotdesk.login", object: d.ID, detail: w.ID}, nil
	})
	if err != nil {
		return nil, err
	}
	res := s.loginsChanged(ctx, rs, append(others, workplaceID)...)
	return &HotDeskResult{Workplace: workplaceID, Device: in.Device, Since: since, Resyncs: res}, nil
}

// hotDeskDevice loads the device a workplace logs in on: a desk phone of
// the workplace's customer that is linked to no workplace.
func hotDeskDevice(tx switchboard.Tx, w *switchboard.Workplace, id string) (*switchboard.Device, error) {
	if id == "" {
		return nil, switchboard.FieldErrorf("device", "device is required: the id of the free desk phone to log in on")
	}
	d, err := tx.Device(id)
	if err != nil {
		return nil, asNotFound(err, "device", id)
	}
	switch {
	case d.CustomerID != w.CustomerID:
		return nil, notFound("device", id)
	case d.WorkplaceID != "":
		return nil, switchboard.Errorf(switchboard.ECONFLICT,
			"device %q is linked to a workplace and refuses hot-desk log-in; an administrator unlinks it first", id)
	case d.Kind != switchboard.KindDeskPhone:
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "device %q is a %s; hot-desking works on desk phones only", id, d.Kind)
	}
	return d, nil
}

// HotDeskLogout ends the workplace's hot-desk logins: its own user or an
// administrator. A linked device is not affected (only an administrator
// unlinks). Each device is resynced into its free hot-desk profile.
func (s *Service) HotDeskLogout(ctx context.Context, p switchboard.Principal, workplaceID string) (*HotDeskResult, error) {
	var rs []resync
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		rs = nil
		w, err := workplaceFor(tx, p, workplaceID)
		if err != nil {
			return audit{}, err
		}
		if rs, err = s.logOutAll(tx, w.ID, now); err != nil {
			return audit{}, err
		}
		if len(rs) == 0 {
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "workplace %q is not logged in on any device by hot-desking", w.ID)
		}
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.d.ID
		}
		return audit{customer: w.CustomerID, action: "hotdesk.logout", object: w.ID, detail: strings.Join(ids, ",")}, nil
	})
	if err != nil {
		return nil, err
	}
	return &HotDeskResult{Workplace: workplaceID, Resyncs: s.loginsChanged(ctx, rs, workplaceID)}, nil
}

// logOutAll ends every hot-desk login of the workplace: on log-out, and
// when the workplace is deleted.
func (s *Service) logOutAll(tx switchboard.Tx, workplaceID string, now time.Time) ([]resync, error) {
	ds, err := tx.HotDeskDevices(workplaceID)
	if err != nil {
		return nil, err
	}
	var rs []resync
	for _, d := range ds {
		r, err := s.logOut(tx, d, now)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// workplaceLogins lists where the workplace is logged in, for its view.
func workplaceLogins(tx switchboard.Tx, workplaceID string) ([]switchboard.WorkplaceLogin, error) {
	ds, err := tx.HotDeskDevices(workplaceID)
	if err != nil {
		return nil, err
	}
	var out []switchboard.WorkplaceLogin
	for _, d := range ds {
		out = append(out, switchboard.WorkplaceLogin{Device: d.ID, Since: d.HotDesk.Since})
	}
	return out, nil
}
