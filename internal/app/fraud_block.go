package app

import (
	"context"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// BlockDevice blocks a device's line for calls to the public network (seed
// 004, fraud: "bloquer la ligne téléphonique pour les connexions au réseau
// téléphonique public"). The device still registers, fetches its profile
// and makes internal calls; the calls issue refuses its INVITEs to the
// public network while it is blocked. Blocking a blocked device keeps its
// block and the time it began; each request is in the audit trail.
// Administrators only.
func (s *Service) BlockDevice(ctx context.Context, p switchboard.Principal, id string) (*DeviceView, error) {
	return s.setDeviceBlock(ctx, p, id, true)
}

// UnblockDevice lifts a device's own block. A line blocked through its
// workplace stays blocked: that is refused with ECONFLICT naming the
// workplace to unblock. Unblocking a device that is not blocked leaves it
// open. Administrators only.
func (s *Service) UnblockDevice(ctx context.Context, p switchboard.Principal, id string) (*DeviceView, error) {
	return s.setDeviceBlock(ctx, p, id, false)
}

func (s *Service) setDeviceBlock(ctx context.Context, p switchboard.Principal, id string, block bool) (*DeviceView, error) {
	d, err := s.changeDeviceAt(ctx, p, id, blockAction("device", block), func(tx switchboard.Tx, d *switchboard.Device, now time.Time) error {
		switch {
		case block && d.BlockedAt.IsZero():
			d.BlockedAt = now
		case !block && !d.BlockedAt.IsZero():
			d.BlockedAt = time.Time{}
		case !block && d.WorkplaceID != "":
			return refuseWorkplaceBlock(tx, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.deviceView(d), nil
}

// refuseWorkplaceBlock explains why unblocking a device whose workplace
// is blocked cannot open its line.
func refuseWorkplaceBlock(tx switchboard.Tx, d *switchboard.Device) error {
	w, err := tx.Workplace(d.WorkplaceID)
	if err != nil {
		return fmt.Errorf("workplace of device: %w", err)
	}
	if w.BlockedAt.IsZero() {
		return nil
	}
	return switchboard.Errorf(switchboard.ECONFLICT,
		"device %q is not blocked itself; its line is blocked through workplace %q: unblock the workplace", d.ID, w.ID)
}

// BlockWorkplace blocks the line of a workplace, shared by all its
// devices, for calls to the public network; see BlockDevice. Idempotent.
// Administrators only.
func (s *Service) BlockWorkplace(ctx context.Context, p switchboard.Principal, id string) (*switchboard.Workplace, error) {
	return s.setWorkplaceBlock(ctx, p, id, true)
}

// UnblockWorkplace lifts a workplace's block; devices blocked on their own
// stay blocked. Idempotent. Administrators only.
func (s *Service) UnblockWorkplace(ctx context.Context, p switchboard.Principal, id string) (*switchboard.Workplace, error) {
	return s.setWorkplaceBlock(ctx, p, id, false)
}

func (s *Service) setWorkplaceBlock(ctx context.Context, p switchboard.Principal, id string, block bool) (*switchboard.Workplace, error) {
	var w *switchboard.Workplace
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if w, err = workplaceFor(tx, p, id); err != nil {
			return audit{}, err
		}
		if !p.CanAdminister(w.CustomerID) {
			return audit{}, switchboard.Errorf(switchboard.EFORBIDDEN, "only an administrator of the customer may block or unblock a line")
		}
		if block && w.State == switchboard.WorkplaceDeleted {
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "workplace %q has been deleted", id)
		}
		switch {
		case block && w.BlockedAt.IsZero():
			w.BlockedAt = now
		case !block:
			w.BlockedAt = time.Time{}
		}
		w.UpdatedAt = now
		if err := tx.UpdateWorkplace(w); err != nil {
			return audit{}, fmt.Errorf("block workplace: %w", err)
		}
		return audit{customer: w.CustomerID, action: blockAction("workplace", block), object: id}, nil
	})
	if err != nil {
		return nil, err
	}
	s.changed(ctx, switchboard.TopicWorkplace, id)
	return w, nil
}

// blockAction names the audit event of a block or unblock of kind.
func blockAction(kind string, block bool) string {
	if block {
		return kind + ".block"
	}
	return kind + ".unblock"
}

// lineBlocked reads the device p may see and says whether its line is
// blocked, on the device or on its workplace.
func lineBlocked(tx switchboard.Tx, p switchboard.Principal, id string) (bool, error) {
	d, err := deviceFor(tx, p, id)
	if err != nil {
		return false, err
	}
	var w *switchboard.Workplace
	if d.WorkplaceID != "" {
		if w, err = tx.Workplace(d.WorkplaceID); err != nil {
			return false, fmt.Errorf("workplace of device: %w", err)
		}
	}
	return switchboard.LineBlocked(d, w), nil
}
