package app

import (
	"context"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// PinInput names the firmware a model runs at a customer or, with Site,
// at one of its sites.
type PinInput struct {
	Site     string `json:"site,omitempty" maxLength:"100" doc:"A site of the customer; empty pins the customer's default."`
	Model    string `json:"model" maxLength:"100"`
	Firmware string `json:"firmware" maxLength:"100" doc:"The id of an uploaded firmware of the model."`
}

// SetFirmwarePin pins a model's firmware at a customer or one of its
// sites (a site's pin overrides the customer's). Devices of the model are
// told the new version at their next profile fetch. Administrators of the
// customer; a model with an active rollout keeps its pin until the
// rollout ends.
func (s *Service) SetFirmwarePin(ctx context.Context, p switchboard.Principal, customerID string, in PinInput) (*switchboard.FirmwarePin, error) {
	if err := mayAdminister(p, customerID, "customer", customerID); err != nil {
		return nil, err
	}
	pin := &switchboard.FirmwarePin{CustomerID: customerID, SiteID: in.Site, Model: in.Model, FirmwareID: in.Firmware}
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := tx.Customer(customerID); err != nil {
			return audit{}, asNotFound(err, "customer", customerID)
		}
		fw, err := tx.Firmware(in.Firmware)
		if err != nil {
			return audit{}, switchboard.FieldErrorf("firmware", "no firmware %q was uploaded", in.Firmware)
		}
		if fw.Model != in.Model {
			return audit{}, switchboard.FieldErrorf("firmware", "firmware %q is for the %s, not the %s", fw.ID, fw.Model, in.Model)
		}
		if err := s.firmwareModel(in.Model, switchboard.Model.CheckFirmwarePin); err != nil {
			return audit{}, err
		}
		if r, err := activeRollout(tx, customerID, in.Model); err != nil || r != nil {
			if err == nil {
				err = switchboard.Errorf(switchboard.ECONFLICT, "rollout %s of the %s is under way; abort it or wait for it to end", r.ID, in.Model)
			}
			return audit{}, err
		}
		pin.UpdatedAt = now
		if err := tx.SetFirmwarePin(pin); err != nil {
			if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
				return audit{}, switchboard.FieldErrorf("site", "the customer has no site %q", in.Site)
			}
			return audit{}, err
		}
		return audit{customer: customerID, action: "firmware.pin", object: in.Model, detail: fw.Version + " " + in.Site}, nil
	})
	if err != nil {
		return nil, err
	}
	s.pinChanged(ctx, customerID, in.Site)
	return pin, nil
}

// DeleteFirmwarePin removes a pin: the devices keep the firmware they run.
func (s *Service) DeleteFirmwarePin(ctx context.Context, p switchboard.Principal, customerID, siteID, model string) error {
	if err := mayAdminister(p, customerID, "customer", customerID); err != nil {
		return err
	}
	err := s.update(ctx, p, func(tx switchboard.Tx, _ time.Time) (audit, error) {
		return audit{customer: customerID, action: "firmware.unpin", object: model, detail: siteID}, tx.DeleteFirmwarePin(customerID, siteID, model)
	})
	if err == nil {
		s.pinChanged(ctx, customerID, siteID)
	}
	return err
}

// FirmwarePins lists a customer's pins to its administrators.
func (s *Service) FirmwarePins(ctx context.Context, p switchboard.Principal, customerID string) ([]*switchboard.FirmwarePin, error) {
	if err := mayAdminister(p, customerID, "customer", customerID); err != nil {
		return nil, err
	}
	var out []*switchboard.FirmwarePin
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := tx.Customer(customerID); err != nil {
			return asNotFound(err, "customer", customerID)
		}
		var err error
		out, err = tx.FirmwarePins(customerID)
		return err
	})
	return out, err
}

// pinChanged drops the cached profiles a pin changes: the site's, or
// every profile of the customer.
func (s *Service) pinChanged(ctx context.Context, customerID, siteID string) {
	if siteID != "" {
		s.changed(ctx, switchboard.TopicSite, siteID)
		return
	}
	s.changed(ctx, switchboard.TopicCustomer, customerID)
}

// activeRollout returns the customer's running or paused rollout of the
// model, nil when there is none.
func activeRollout(tx switchboard.Tx, customerID, model string) (*switchboard.Rollout, error) {
	var found *switchboard.Rollout
	err := eachPage(func(p switchboard.Page) ([]*switchboard.Rollout, string, error) {
		return tx.Rollouts(customerID, p)
	}, func(r *switchboard.Rollout) {
		if r.Model == model && r.State.Active() {
			found = r
		}
	})
	if err != nil {
		return nil, fmt.Errorf("look for rollouts: %w", err)
	}
	return found, nil
}

// pinnedFirmware is the pin in force for a model at a site: the site's,
// else the customer's; nil when neither pins it.
func pinnedFirmware(tx switchboard.Tx, customerID, siteID, model string) (*switchboard.FirmwarePin, error) {
	sites := []string{""}
	if siteID != "" {
		sites = []string{siteID, ""}
	}
	for _, site := range sites {
		pin, err := tx.FirmwarePin(customerID, site, model)
		if err == nil {
			return pin, nil
		}
		if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return nil, fmt.Errorf("read firmware pin: %w", err)
		}
	}
	return nil, nil
}

// firmwareTarget is the firmware a device is to run: its active
// rollout's, else the pin in force at its site; nil when none. rd is the
// device's row in the rollout, nil outside one.
func firmwareTarget(tx switchboard.Tx, d *switchboard.Device, siteID string) (fw *switchboard.Firmware, rd *switchboard.RolloutDevice, err error) {
	if rd, err = deviceRollout(tx, d); err != nil {
		return nil, nil, err
	}
	if rd == nil {
		fw, err = pinTarget(tx, d, siteID)
		return fw, nil, err
	}
	if fw, err = rolloutFirmware(tx, rd); err != nil {
		return nil, nil, err
	}
	return fw, rd, nil
}

// profileFirmware is the firmware a device's profile names: its rollout's
// once the rollout has told the device (its turn in the ring's spread has
// come and the rollout was not paused before it), else the pin's, so a
// fetch of its own before its turn does not start the upgrade early.
func profileFirmware(tx switchboard.Tx, d *switchboard.Device, siteID string) (*switchboard.Firmware, error) {
	rd, err := deviceRollout(tx, d)
	switch {
	case err != nil:
		return nil, err
	case rd != nil && rd.Told:
		return rolloutFirmware(tx, rd)
	}
	return pinTarget(tx, d, siteID)
}

// deviceRollout is the device's row in an active rollout; nil when it is
// in none.
func deviceRollout(tx switchboard.Tx, d *switchboard.Device) (*switchboard.RolloutDevice, error) {
	rd, err := tx.ActiveRolloutDevice(d.ID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read rollout of device: %w", err)
	}
	return rd, nil
}

// rolloutFirmware is the firmware a rollout gives the device.
func rolloutFirmware(tx switchboard.Tx, rd *switchboard.RolloutDevice) (*switchboard.Firmware, error) {
	fw, err := tx.Firmware(rd.FirmwareID)
	if err != nil {
		return nil, fmt.Errorf("read target firmware: %w", err)
	}
	return fw, nil
}

// pinTarget is the firmware pinned for the device's model at its site or
// customer; nil when none.
func pinTarget(tx switchboard.Tx, d *switchboard.Device, siteID string) (*switchboard.Firmware, error) {
	pin, err := pinnedFirmware(tx, d.CustomerID, siteID, d.Model)
	if err != nil || pin == nil {
		return nil, err
	}
	fw, err := tx.Firmware(pin.FirmwareID)
	if err != nil {
		return nil, fmt.Errorf("read pinned firmware: %w", err)
	}
	return fw, nil
}

// firmwareStatus is what a device's status shows of its firmware target.
type firmwareStatus struct{ version, rollout, state string }

// deviceFirmware reads the version a device is told to run and the
// rollout it is in.
func deviceFirmware(tx switchboard.Tx, id string) (firmwareStatus, error) {
	d, err := tx.Device(id)
	if err != nil {
		return firmwareStatus{}, asNotFound(err, "device", id)
	}
	site, err := siteOf(tx, d, map[string]string{})
	if err != nil {
		return firmwareStatus{}, err
	}
	fw, rd, err := firmwareTarget(tx, d, site)
	if err != nil || fw == nil {
		return firmwareStatus{}, err
	}
	out := firmwareStatus{version: fw.Version}
	if rd != nil {
		out.rollout, out.state = rd.RolloutID, string(rd.State)
		if !rd.Told {
			out.state = "scheduled"
		}
	}
	return out, nil
}
