package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// UpdateWorkplace changes a workplace under the same rules as creation. The
// workplace's own user may change only the personal fields; numbers,
// package, extension and the rest are for administrators. A change of the
// package, or of the username, extension or numbers, also writes an order
// (change_package, change_workplace) that the worker confirms to the
// customer's administrators.
func (s *Service) UpdateWorkplace(ctx context.Context, p switchboard.Principal, id string, in WorkplacePatch) (*switchboard.Workplace, error) {
	var w *switchboard.Workplace
	var ordered bool
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		old, err := workplaceFor(tx, p, id)
		if err != nil {
			return audit{}, err
		}
		if f := in.adminOnly(); len(f) > 0 && !p.CanAdminister(old.CustomerID) {
			return audit{}, switchboard.Errorf(switchboard.EFORBIDDEN,
				"only an administrator may change %s; you may change your name, address, e-mail, mobile number and language", strings.Join(f, ", "))
		}
		if old.State == switchboard.WorkplaceDeleted {
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "workplace %q has been deleted and cannot be changed", id)
		}
		next := *old
		next.Numbers = append([]string(nil), old.Numbers...)
		if err := applyWorkplacePatch(&next, in); err != nil {
			return audit{}, err
		}
		if err := normaliseWorkplace(&next); err != nil {
			return audit{}, err
		}
		if next.Package != old.Package {
			if err := switchboard.CheckPackageChange(old.Package, next.Package, old.PackageBookedAt, now); err != nil {
				return audit{}, err
			}
			next.PackageBookedAt = now
		}
		if old.MultiLogin && !next.MultiLogin {
			n, err := countDeskDevices(tx, id)
			if err != nil {
				return audit{}, err
			}
			if n > 1 {
				return audit{}, &switchboard.Error{Code: switchboard.ECONFLICT, Field: "multi_login",
					Message: "two desk devices are linked to this workplace; unlink one before turning multi-login off"}
			}
		}
		if err := checkWorkplaceRefs(tx, &next, old); err != nil {
			return audit{}, err
		}
		next.UpdatedAt = now
		if err := tx.UpdateWorkplace(&next); err != nil {
			return audit{}, fmt.Errorf("update workplace: %w", err)
		}
		if in.Numbers != nil {
			if err := tx.ReleaseNumbers(id); err != nil {
				return audit{}, fmt.Errorf("release numbers: %w", err)
			}
			if err := assignNumbers(tx, &next); err != nil {
				return audit{}, err
			}
		}
		w = &next
		if ordered, err = orderChanges(tx, old, w, now); err != nil {
			return audit{}, err
		}
		return audit{customer: w.CustomerID, action: "workplace.update", object: id, detail: patchedFields(in)}, nil
	})
	if err != nil {
		return nil, err
	}
	if ordered {
		s.ordersWritten()
	}
	s.changed(ctx, switchboard.TopicWorkplace, id)
	return w, nil
}

// applyWorkplacePatch copies the given fields of in onto w. A new e-mail
// address must come with a matching confirmation.
func applyWorkplacePatch(w *switchboard.Workplace, in WorkplacePatch) error {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&w.SiteID, in.Site)
	set(&w.FirstName, in.FirstName)
	set(&w.LastName, in.LastName)
	set(&w.Street, in.Street)
	set(&w.Postcode, in.Postcode)
	set(&w.City, in.City)
	set(&w.Language, in.Language)
	set(&w.Username, in.Username)
	set(&w.Extension, in.Extension)
	if in.Email != nil {
		confirm := ""
		if in.EmailConfirm != nil {
			confirm = strings.TrimSpace(*in.EmailConfirm)
		}
		if err := switchboard.ValidateEmailPair(strings.TrimSpace(*in.Email), confirm); err != nil {
			return err
		}
		w.Email = strings.TrimSpace(*in.Email)
	}
	if in.NoMobile != nil {
		w.NoMobile = *in.NoMobile
		if w.NoMobile && in.Mobile == nil {
			w.Mobile = ""
		}
	}
	if in.Mobile != nil {
		w.Mobile = strings.TrimSpace(*in.Mobile)
		if w.Mobile != "" && in.NoMobile == nil {
			w.NoMobile = false
		}
	}
	if in.Numbers != nil {
		w.Numbers = append([]string{}, (*in.Numbers)...)
	}
	if in.Package != nil {
		w.Package = *in.Package
	}
	if in.MultiLogin != nil {
		w.MultiLogin = *in.MultiLogin
	}
	if in.ChargeLimit != nil {
		w.ChargeLimit = *in.ChargeLimit
	}
	if in.PhonebookOptOut != nil {
		w.PhonebookOptOut = *in.PhonebookOptOut
	}
	return nil
}

// patchedFields names the fields a patch sets, for the audit trail.
func patchedFields(in WorkplacePatch) string {
	var f []string
	for _, c := range []struct {
		set  bool
		name string
	}{
		{in.FirstName != nil, "first_name"}, {in.LastName != nil, "last_name"}, {in.Street != nil, "street"},
		{in.Postcode != nil, "postcode"}, {in.City != nil, "city"}, {in.Email != nil, "email"},
		{in.Mobile != nil || in.NoMobile != nil, "mobile"}, {in.Language != nil, "language"},
		{in.PhonebookOptOut != nil, "phonebook_opt_out"},
	} {
		if c.set {
			f = append(f, c.name)
		}
	}
	return strings.Join(append(f, in.adminOnly()...), ",")
}

// DeleteWorkplace marks a workplace deleted, releases its numbers and
// extension, deletes its soft clients (they exist only for this user) and
// unlinks its other devices, clearing their function keys and revoking
// their access keys and SIP passwords (issue: "revokes the devices' keys and
// SIP accounts"), so the deleted user's provisioning URL answers 404 and
// their line can no longer register; an administrator hands the device out
// again with its new provisioning URL. The
// registrar forgets the old accounts and registered devices are told to
// reboot, which ends their registrations. A delete_workplace order records
// the deletion and confirms it to the customer's administrators. Its
// hot-desk logins end, and those phones resync into their free profile.
func (s *Service) DeleteWorkplace(ctx context.Context, p switchboard.Principal, id string) error {
	var devs, unlinked []*switchboard.Device
	var loggedOut []resync
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		unlinked = nil
		w, err := workplaceFor(tx, p, id)
		if err != nil {
			return audit{}, err
		}
		if err := mayChangeWorkplace(p, w); err != nil {
			return audit{}, err
		}
		if w.State == switchboard.WorkplaceDeleted {
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "workplace %q is already deleted", id)
		}
		devs, err = allDevices(tx, switchboard.DeviceFilter{WorkplaceID: id})
		if err != nil {
			return audit{}, err
		}
		for _, d := range devs {
			if isClient(d.Kind) {
				if err := tx.DeleteDevice(d.ID); err != nil {
					return audit{}, fmt.Errorf("delete device: %w", err)
				}
				continue
			}
			d.WorkplaceID = ""
			d.Keys = []switchboard.FunctionKey{}
			d.SIP.Password = randomFrom(strongAlnum, 24)
			d.AccessKey = randomHex(accessKeyLen)
			d.UpdatedAt = now
			unlinked = append(unlinked, d)
			if err := tx.UpdateDevice(d); err != nil {
				return audit{}, fmt.Errorf("unlink device: %w", err)
			}
		}
		if loggedOut, err = s.logOutAll(tx, id, now); err != nil {
			return audit{}, err
		}
		if err := tx.ReleaseNumbers(id); err != nil {
			return audit{}, fmt.Errorf("release numbers: %w", err)
		}
		w.Numbers = []string{}
		w.State = switchboard.WorkplaceDeleted
		w.UpdatedAt = now
		if err := tx.UpdateWorkplace(w); err != nil {
			return audit{}, fmt.Errorf("delete workplace: %w", err)
		}
		if _, err := newOrder(tx, OrderDeleteWorkplace, w, []string{"workplace " + w.Username}, now); err != nil {
			return audit{}, err
		}
		return audit{customer: w.CustomerID, action: "workplace.delete", object: id, detail: w.Username}, nil
	})
	if err == nil {
		s.invalidate(devs...)
		s.changed(ctx, switchboard.TopicWorkplace, id)
		s.devicesChanged(ctx, devs...)
		s.ordersWritten()
		s.endRegistrations(ctx, unlinked)
		s.loginsChanged(ctx, loggedOut)
	}
	return err
}

// endRegistrations tells registered devices that lost their line to
// reboot, so they fetch their new profile and register with their new
// password; the registrar has already forgotten the old one. A device that
// is not registered picks the change up on its next fetch.
func (s *Service) endRegistrations(ctx context.Context, ds []*switchboard.Device) {
	if s.registrar == nil {
		return
	}
	for _, d := range ds {
		if _, err := s.registrar.Notify(ctx, d, true); err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			s.log.WarnContext(ctx, "reboot after workplace deletion failed", "device", d.ID, "err", err)
		}
	}
}

// orderChanges writes the orders a workplace change needs: change_package
// when the package changed, change_workplace when the username, extension
// or numbers did. It reports whether it wrote any.
func orderChanges(tx switchboard.Tx, old, w *switchboard.Workplace, now time.Time) (bool, error) {
	ordered := false
	if old.Package != w.Package {
		items := []string{"package " + string(old.Package) + " → " + string(w.Package)}
		if _, err := newOrder(tx, OrderChangePackage, w, items, now); err != nil {
			return false, err
		}
		ordered = true
	}
	var items []string
	if old.Username != w.Username {
		items = append(items, "username "+w.Username)
	}
	if old.Extension != w.Extension {
		items = append(items, "extension "+w.Extension)
	}
	if !slices.Equal(old.Numbers, w.Numbers) {
		for _, n := range w.Numbers {
			items = append(items, "number "+n)
		}
		if len(w.Numbers) == 0 {
			items = append(items, "no numbers")
		}
	}
	if len(items) > 0 {
		if _, err := newOrder(tx, OrderChangeWorkplace, w, items, now); err != nil {
			return false, err
		}
		ordered = true
	}
	return ordered, nil
}

// isClient reports whether a device kind is a soft client that belongs to
// one user and is useless without its workplace.
func isClient(k switchboard.DeviceKind) bool {
	return k == switchboard.KindDesktopClient || k == switchboard.KindMobileClient || k == switchboard.KindWebPhone
}

// allDevices lists every device matching f.
func allDevices(tx switchboard.Tx, f switchboard.DeviceFilter) ([]*switchboard.Device, error) {
	var out []*switchboard.Device
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		ds, next, err := tx.Devices(f, page)
		if err != nil {
			return nil, fmt.Errorf("list devices: %w", err)
		}
		out = append(out, ds...)
		if next == "" {
			return out, nil
		}
		page.After = next
	}
}

// countDeskDevices counts the desk phones linked to a workplace and the
// devices it is logged in on by hot-desking; a workplace has one, two with
// multi-login (seed 003).
func countDeskDevices(tx switchboard.Tx, workplaceID string) (int, error) {
	ds, err := allDevices(tx, switchboard.DeviceFilter{WorkplaceID: workplaceID})
	if err != nil {
		return 0, err
	}
	hot, err := tx.HotDeskDevices(workplaceID)
	if err != nil {
		return 0, err
	}
	n := len(hot)
	for _, d := range ds {
		if d.Kind == switchboard.KindDeskPhone {
			n++
		}
	}
	return n, nil
}
