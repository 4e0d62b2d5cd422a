package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// RolloutInput asks for a staged firmware rollout of one model at a
// customer or one of its sites.
type RolloutInput struct {
	Site     string `json:"site,omitempty" maxLength:"100" doc:"Limit the rollout to one site's devices; empty: all the customer's."`
	Model    string `json:"model" maxLength:"100"`
	Firmware string `json:"firmware" maxLength:"100" doc:"The id of an uploaded firmware of the model."`
	// FirstRing are the devices tried first.
	FirstRing []string `json:"first_ring,omitempty" maxItems:"1000" doc:"Devices of the first ring, tried before any share of the rest."`
	Percents  []int    `json:"percents,omitempty" maxItems:"20" doc:"Cumulative shares of the devices in the rings after the first, ending at 100; default 10, 50, 100."`
	// RingTimeout and Spread are in seconds.
	RingTimeout      int `json:"ring_timeout,omitempty" minimum:"0" maximum:"604800" doc:"Seconds a ring's devices have to come back with the new version; default 900."`
	MaxFailedPercent int `json:"max_failed_percent,omitempty" minimum:"0" maximum:"100" doc:"Share of a ring that may fail without stopping the rollout; 0: none may."`
	Spread           int `json:"spread,omitempty" minimum:"0" maximum:"86400" doc:"Seconds over which a ring's devices are told, evenly, so they do not boot as one storm; 0: all at once."`
}

// Rollout defaults.
const (
	defaultRingTimeout = 15 * time.Minute
	minRingTimeout     = 5 * time.Second
)

// defaultPercents are the rings after the first when none are given.
var defaultPercents = []int{10, 50, 100}

// CreateRollout starts a staged rollout (issue 17 item 2): the first ring
// is told the new version at once; each further ring once the ring before
// came back registered with it. Administrators of the customer; one
// active rollout per model and customer.
func (s *Service) CreateRollout(ctx context.Context, p switchboard.Principal, customerID string, in RolloutInput) (*switchboard.Rollout, error) {
	if err := mayAdminister(p, customerID, "customer", customerID); err != nil {
		return nil, err
	}
	if len(in.Percents) == 0 {
		in.Percents = defaultPercents
	}
	if err := checkPercents(in.Percents); err != nil {
		return nil, err
	}
	timeout := time.Duration(in.RingTimeout) * time.Second
	if timeout == 0 {
		timeout = defaultRingTimeout
	}
	if timeout < minRingTimeout {
		return nil, switchboard.FieldErrorf("ring_timeout", "a ring needs at least %s to reboot and register", minRingTimeout)
	}
	var r *switchboard.Rollout
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := tx.Customer(customerID); err != nil {
			return audit{}, asNotFound(err, "customer", customerID)
		}
		fw, err := tx.Firmware(in.Firmware)
		if err != nil || fw.Model != in.Model {
			return audit{}, switchboard.FieldErrorf("firmware", "no firmware %q of the %s was uploaded", in.Firmware, in.Model)
		}
		if err := s.firmwareModel(in.Model, switchboard.Model.CheckRollout); err != nil {
			return audit{}, err
		}
		if a, err := activeRollout(tx, customerID, in.Model); err != nil || a != nil {
			if err == nil {
				err = switchboard.Errorf(switchboard.ECONFLICT, "rollout %s of the %s is under way already", a.ID, in.Model)
			}
			return audit{}, err
		}
		from, err := pinnedFirmware(tx, customerID, in.Site, in.Model)
		if err != nil {
			return audit{}, err
		}
		r = &switchboard.Rollout{ID: switchboard.NewID("rol", now), CustomerID: customerID, SiteID: in.Site, Model: in.Model,
			FirmwareID: fw.ID, Version: fw.Version, FirstRing: orEmpty(in.FirstRing), Percents: in.Percents,
			RingTimeout: timeout, MaxFailedPercent: in.MaxFailedPercent, Spread: time.Duration(in.Spread) * time.Second,
			State: switchboard.RolloutRunning, Detail: "starting", NextCheck: now, CreatedAt: now, UpdatedAt: now}
		if from != nil {
			r.FromFirmwareID = from.FirmwareID
		}
		scope, err := rolloutScope(tx, r)
		if err != nil {
			return audit{}, err
		}
		for _, id := range r.FirstRing {
			if !slices.ContainsFunc(scope, func(d *switchboard.Device) bool { return d.ID == id }) {
				return audit{}, switchboard.FieldErrorf("first_ring", "device %q is not a %s of this customer (or site)", id, in.Model)
			}
		}
		if err := tx.CreateRollout(r); err != nil {
			if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
				return audit{}, switchboard.FieldErrorf("site", "the customer has no site %q", in.Site)
			}
			return audit{}, err
		}
		return audit{customer: customerID, action: "firmware.rollout", object: r.ID, detail: in.Model + " " + fw.Version}, nil
	})
	if err != nil {
		return nil, err
	}
	s.wakeRollouts()
	return r, nil
}

// checkPercents accepts growing shares from 1 to 100 that end at 100.
func checkPercents(ps []int) error {
	last := 0
	for _, v := range ps {
		if v <= last || v > 100 {
			return switchboard.FieldErrorf("percents", "percents grow from 1 to 100, each larger than the one before")
		}
		last = v
	}
	if last != 100 {
		return switchboard.FieldErrorf("percents", "the last ring takes 100 percent of the devices")
	}
	return nil
}

// RolloutView is a rollout with its devices.
type RolloutView struct {
	*switchboard.Rollout
	Devices []*switchboard.RolloutDevice `json:"devices"`
}

// Rollout returns a rollout with its devices to the customer's
// administrators.
func (s *Service) Rollout(ctx context.Context, p switchboard.Principal, id string) (*RolloutView, error) {
	var out *RolloutView
	err := s.view(ctx, func(tx switchboard.Tx) error {
		r, err := rolloutFor(tx, p, id)
		if err != nil {
			return err
		}
		ds, err := tx.RolloutDevices(id)
		out = &RolloutView{Rollout: r, Devices: ds}
		return err
	})
	return out, err
}

// Rollouts lists a customer's rollouts to its administrators.
func (s *Service) Rollouts(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*switchboard.Rollout, string, error) {
	if err := mayAdminister(p, customerID, "customer", customerID); err != nil {
		return nil, "", err
	}
	var out []*switchboard.Rollout
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		out, next, err = tx.Rollouts(customerID, page)
		return err
	})
	return out, next, err
}

// rolloutFor loads a rollout the principal administers.
func rolloutFor(tx switchboard.Tx, p switchboard.Principal, id string) (*switchboard.Rollout, error) {
	r, err := tx.Rollout(id)
	if err != nil {
		return nil, asNotFound(err, "rollout", id)
	}
	if err := mayAdminister(p, r.CustomerID, "rollout", id); err != nil {
		return nil, err
	}
	return r, nil
}

// RolloutCommand is what an administrator does with a running rollout.
type RolloutCommand string

// Rollout commands: pause keeps the devices told so far on the new
// version and tells no more; resume goes on (the ring's clock starts
// again); abort ends it and sends its devices back to the pinned version.
const (
	RolloutPause  RolloutCommand = "pause"
	RolloutResume RolloutCommand = "resume"
	RolloutAbort  RolloutCommand = "abort"
)

// ControlRollout pauses, resumes or aborts a rollout. Administrators of
// its customer; ECONFLICT when the rollout is not in a state the command
// applies to.
func (s *Service) ControlRollout(ctx context.Context, p switchboard.Principal, id string, cmd RolloutCommand) (*switchboard.Rollout, error) {
	var r *switchboard.Rollout
	var tell []toldDevice
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if r, err = rolloutFor(tx, p, id); err != nil {
			return audit{}, err
		}
		switch {
		case cmd == RolloutPause && r.State == switchboard.RolloutRunning:
			r.State, r.Detail = switchboard.RolloutPaused, fmt.Sprintf("paused in ring %d", r.Ring)
		case cmd == RolloutResume && r.State == switchboard.RolloutPaused:
			r.State, r.NextCheck = switchboard.RolloutRunning, now
			if !r.RingStartedAt.IsZero() {
				r.RingStartedAt = now
			}
			r.Detail = fmt.Sprintf("resumed in ring %d", r.Ring)
		case cmd == RolloutAbort && r.State.Active():
			if tell, err = s.revert(tx, r, now); err != nil {
				return audit{}, err
			}
			r.State, r.Detail = switchboard.RolloutAborted, fmt.Sprintf("aborted in ring %d; devices told to go back to the pinned version", r.Ring)
		default:
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "a %s rollout cannot %s", r.State, cmd)
		}
		r.UpdatedAt = now
		return audit{customer: r.CustomerID, action: "firmware.rollout." + string(cmd), object: r.ID}, tx.UpdateRollout(r)
	})
	if err != nil {
		return nil, err
	}
	s.tellAll(ctx, tell)
	if cmd == RolloutResume {
		s.wakeRollouts()
	}
	return r, nil
}
