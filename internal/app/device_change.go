package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// deviceFor loads a device the caller may see.
func deviceFor(tx switchboard.Tx, p switchboard.Principal, id string) (*switchboard.Device, error) {
	d, err := tx.Device(id)
	if err != nil {
		return nil, asNotFound(err, "device", id)
	}
	if err := mayReadDevice(p, d); err != nil {
		return nil, err
	}
	return d, nil
}

// deviceToChange reads a device the principal may change: as deviceFor,
// and forbidden to a user who only sees it.
func deviceToChange(tx switchboard.Tx, p switchboard.Principal, id string) (*switchboard.Device, error) {
	d, err := deviceFor(tx, p, id)
	if err != nil {
		return nil, err
	}
	return d, mayChangeDevice(p, d)
}

// Device returns a device to the customer's administrators and to the user
// of the workplace it is linked to.
func (s *Service) Device(ctx context.Context, p switchboard.Principal, id string) (*DeviceView, error) {
	var d *switchboard.Device
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		d, err = deviceFor(tx, p, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.deviceView(d), nil
}

// WorkplaceDevices lists the devices linked to a workplace.
func (s *Service) WorkplaceDevices(ctx context.Context, p switchboard.Principal, workplaceID string, page switchboard.Page) ([]*DeviceView, string, error) {
	return s.devices(ctx, page, switchboard.DeviceFilter{WorkplaceID: workplaceID}, func(tx switchboard.Tx) error {
		_, err := workplaceFor(tx, p, workplaceID)
		return err
	})
}

// devices lists the devices matching f after check allowed the caller.
func (s *Service) devices(ctx context.Context, page switchboard.Page, f switchboard.DeviceFilter, check func(switchboard.Tx) error) ([]*DeviceView, string, error) {
	return s.deviceViews(ctx, func(tx switchboard.Tx) ([]*switchboard.Device, string, error) {
		if err := check(tx); err != nil {
			return nil, "", err
		}
		return tx.Devices(f, page)
	})
}

// deviceViews runs one device list query and returns the clients' views.
func (s *Service) deviceViews(ctx context.Context, list func(switchboard.Tx) ([]*switchboard.Device, string, error)) ([]*DeviceView, string, error) {
	var ds []*switchboard.Device
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		ds, next, err = list(tx)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	out := make([]*DeviceView, len(ds))
	for i, d := range ds {
		out[i] = s.deviceView(d)
	}
	return out, next, nil
}

// UpdateDevice changes a device. Administrators of its customer only.
func (s *Service) UpdateDevice(ctx context.Context, p switchboard.Principal, id string, in DevicePatch) (*DeviceView, error) {
	var d *switchboard.Device
	var oldBase string
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if d, err = deviceToChange(tx, p, id); err != nil {
			return audit{}, err
		}
		prev := *d
		oldMAC := d.MAC
		oldBase = d.BaseID
		if in.Description != nil {
			d.Description = strings.TrimSpace(*in.Description)
		}
		if in.WebUser != nil {
			d.WebUser = strings.TrimSpace(*in.WebUser)
			if d.WebUser == "" {
				d.WebUser = defaultWebUser
			}
		}
		if in.Base != nil {
			d.BaseID = *in.Base
		}
		if err := s.applyDeviceSecrets(d, in); err != nil {
			return audit{}, err
		}
		if err := applyLabelCode(d, in.LabelCode); err != nil {
			return audit{}, err
		}
		if err := checkDeviceText(d); err != nil {
			return audit{}, err
		}
		if err := s.checkDeviceRefs(tx, d, oldMAC); err != nil {
			return audit{}, err
		}
		d.UpdatedAt = now
		if err := tx.UpdateDevice(d); err != nil {
			return audit{}, fmt.Errorf("update device: %w", err)
		}
		if err := s.queueRedirect(tx, &prev, d, rearms(in, prev), now); err != nil {
			return audit{}, err
		}
		return audit{customer: d.CustomerID, action: "device.update", object: id}, nil
	})
	if err != nil {
		return nil, err
	}
	s.devicesChanged(ctx, d)
	s.changed(ctx, switchboard.TopicDevice, oldBase)
	s.outboxWritten(ctx)
	return s.deviceView(d), nil
}

// DeleteDevice removes a device; its access key and SIP account stop working
// at once. A DECT base with handsets is refused until they are removed.
func (s *Service) DeleteDevice(ctx context.Context, p switchboard.Principal, id string) error {
	var d *switchboard.Device
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		d, err = deviceFor(tx, p, id)
		if err != nil {
			return audit{}, err
		}
		if err := mayChangeDevice(p, d); err != nil {
			return audit{}, err
		}
		if d.Kind == switchboard.KindDECTBase {
			hs, _, err := tx.Devices(switchboard.DeviceFilter{BaseID: id}, switchboard.Page{Limit: 1})
			if err != nil {
				return audit{}, fmt.Errorf("list handsets: %w", err)
			}
			if len(hs) > 0 {
				return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "DECT base %q still has handsets; move them to another base or delete them first", id)
			}
		}
		if err := tx.DeleteDevice(id); err != nil {
			return audit{}, asNotFound(err, "device", id)
		}
		if err := s.queueRedirect(tx, d, nil, false, now); err != nil {
			return audit{}, err
		}
		return audit{customer: d.CustomerID, action: "device.delete", object: id, detail: d.Model}, nil
	})
	if err == nil {
		s.invalidate(d)
		s.devicesChanged(ctx, d)
		s.outboxWritten(ctx)
	}
	return err
}
