package app

import (
	"context"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// changeDevice loads a device the caller administers, lets fn change it and
// writes it with an audit event named action. The registrar forgets the
// cached account, whose site (and so encryption) may have changed.
func (s *Service) changeDevice(ctx context.Context, p switchboard.Principal, id, action string, fn func(tx switchboard.Tx, d *switchboard.Device) error) (*DeviceView, error) {
	d, err := s.changeDeviceAt(ctx, p, id, action, func(tx switchboard.Tx, d *switchboard.Device, _ time.Time) error { return fn(tx, d) })
	if err != nil {
		return nil, err
	}
	return s.deviceView(d), nil
}

// changeDeviceAt is changeDevice for changes that record the time of the
// transaction (now), returning the device as written.
func (s *Service) changeDeviceAt(ctx context.Context, p switchboard.Principal, id, action string, fn func(tx switchboard.Tx, d *switchboard.Device, now time.Time) error) (*switchboard.Device, error) {
	var d *switchboard.Device
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if d, err = deviceToChange(tx, p, id); err != nil {
			return audit{}, err
		}
		if err := fn(tx, d, now); err != nil {
			return audit{}, err
		}
		d.UpdatedAt = now
		if err := tx.UpdateDevice(d); err != nil {
			return audit{}, fmt.Errorf("update device: %w", err)
		}
		return audit{customer: d.CustomerID, action: action, object: id, detail: d.WorkplaceID}, nil
	})
	if err != nil {
		return nil, err
	}
	s.invalidate(d)
	s.devicesChanged(ctx, d)
	return d, nil
}

// NewKey replaces a device's access key (seed 004, fraud): the old
// provisioning URL stops working at once; everything else stays.
func (s *Service) NewKey(ctx context.Context, p switchboard.Principal, id string) (*DeviceView, error) {
	return s.changeDevice(ctx, p, id, "device.new_key", func(_ switchboard.Tx, d *switchboard.Device) error {
		d.AccessKey = randomHex(accessKeyLen)
		return nil
	})
}

// LinkInput names the workplace a free device is linked to.
type LinkInput struct {
	Workplace string `json:"workplace"`
}

// LinkDevice links a free device to a workplace of the same customer
// (seed 003); a workplace takes one desk phone, two with multi-login,
// hot-desk logins included. A hot-desk login on the device ends. The
// device is resynced with the workplace's line.
func (s *Service) LinkDevice(ctx context.Context, p switchboard.Principal, id string, in LinkInput) (*DeviceView, error) {
	var r resync
	v, err := s.changeDevice(ctx, p, id, "device.link", func(tx switchboard.Tx, d *switchboard.Device) error {
		if d.WorkplaceID != "" {
			return switchboard.Errorf(switchboard.ECONFLICT, "device %q is linked to workplace %q; unlink it first", d.ID, d.WorkplaceID)
		}
		w, err := tx.Workplace(in.Workplace)
		if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return err
		}
		if err != nil || w.CustomerID != d.CustomerID {
			return switchboard.FieldErrorf("workplace", "workplace %q is not a workplace of the device's customer", in.Workplace)
		}
		if w.State == switchboard.WorkplaceDeleted {
			return &switchboard.Error{Code: switchboard.ECONFLICT, Field: "workplace", Message: fmt.Sprintf("workplace %q has been deleted", w.ID)}
		}
		if d.HotDesk != nil {
			d.HotDesk = nil
			if err := tx.UpdateDevice(d); err != nil {
				return fmt.Errorf("end hot-desk login: %w", err)
			}
		}
		if d.Kind == switchboard.KindDeskPhone {
			if err := checkDeskLimit(tx, w); err != nil {
				return err
			}
		}
		d.WorkplaceID = w.ID
		r = s.markResync(d, s.clock())
		return nil
	})
	return s.resynced(ctx, v, err, r)
}

// resynced tells a linked or unlinked device to load its new profile once
// the change is committed, and answers the device as it is then.
func (s *Service) resynced(ctx context.Context, v *DeviceView, err error, r resync) (*DeviceView, error) {
	if err != nil {
		return nil, err
	}
	r.d = &v.Device
	s.resyncAll(ctx, []resync{r})
	return v, nil
}

// UnlinkDevice frees a device from its workplace, for hot-desking or
// another workplace; its function keys belonged to the workplace and go.
// Administrators only (seed 003): the workplace's own user is refused. The
// device is resynced into the free device's hot-desk profile.
func (s *Service) UnlinkDevice(ctx context.Context, p switchboard.Principal, id string) (*DeviceView, error) {
	var r resync
	v, err := s.changeDevice(ctx, p, id, "device.unlink", func(_ switchboard.Tx, d *switchboard.Device) error {
		if d.WorkplaceID == "" {
			return switchboard.Errorf(switchboard.ECONFLICT, "device %q is not linked to a workplace", d.ID)
		}
		d.WorkplaceID = ""
		d.Keys = []switchboard.FunctionKey{}
		r = s.markResync(d, s.clock())
		return nil
	})
	return s.resynced(ctx, v, err, r)
}

// SetKeys replaces a device's function keys, all or nothing, after checking
// each against its model (switchboard.Model.ValidateKeys): the module
// exists, the index is within its keys, the type is one the vendor
// supports, the value fits the type, and no key is given twice.
func (s *Service) SetKeys(ctx context.Context, p switchboard.Principal, id string, keys []switchboard.FunctionKey) (*DeviceView, error) {
	return s.changeDevice(ctx, p, id, "device.keys", func(_ switchboard.Tx, d *switchboard.Device) error {
		m, ok := s.catalogue.Model(d.Model)
		if !ok {
			return switchboard.Errorf(switchboard.ECONFLICT, "model %q of the device is no longer in the catalogue", d.Model)
		}
		if err := validateKeys(m, keys); err != nil {
			return err
		}
		d.Keys = orEmpty(keys)
		return nil
	})
}
