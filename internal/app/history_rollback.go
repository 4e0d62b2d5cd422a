package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// DeviceRollbackInput names the version of a device's history to return
// to.
type DeviceRollbackInput struct {
	Version int `json:"version" minimum:"1" doc:"the version of the device's settings history to restore"`
}

// SiteRollbackInput names the time a site's phones return to.
type SiteRollbackInput struct {
	At time.Time `json:"at" doc:"restore the site's settings and each of its devices' settings as they were when the device's last profile fetched by then was built"`
}

// RollbackResult says what a rollback restored and how the devices were
// told to load their profiles again.
type RollbackResult struct {
	// Site is the site as restored; absent for a device's rollback.
	Site *switchboard.Site `json:"site,omitempty"`
	// Devices are the devices whose settings were restored, each with the
	// version restored and the outcome of its resync.
	Devices []RolledBack `json:"devices"`
	// Resynced are the other devices whose profiles show what the
	// rollback restored (the other phones of a restored workplace, the
	// base of a restored handset, every device at a restored site), each
	// told to resync.
	Resynced []DeviceResync `json:"resynced"`
}

// RolledBack is one device a rollback restored.
type RolledBack struct {
	Version int `json:"version"`
	DeviceResync
}

// RollbackDevice restores the settings a version of the device's history
// was rendered from (its own, and its workplace's while it still carries
// that workplace's line), in one transaction with its audit event, then
// tells the device to load its profile again. Credentials and links are
// not settings and stay as they are (SettingsSnapshot). Administrators of
// the device's customer only.
func (s *Service) RollbackDevice(ctx context.Context, p switchboard.Principal, id string, in DeviceRollbackInput) (*RollbackResult, error) {
	var r restored
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		d, err := deviceFor(tx, p, id)
		if err != nil {
			return audit{}, err
		}
		if err := mayChangeDevice(p, d); err != nil {
			return audit{}, err
		}
		vs, err := numbered(id, in.Version)(tx)
		if err != nil {
			return audit{}, err
		}
		u, err := unpack(vs[0])
		if err != nil {
			return audit{}, err
		}
		if err := s.restoreDevice(tx, &r, d, u, now); err != nil {
			return audit{}, err
		}
		if err := s.resyncDependants(tx, &r, nil, now); err != nil {
			return audit{}, err
		}
		return audit{customer: d.CustomerID, action: "device.rollback", object: id,
			detail: fmt.Sprintf("version %d of %s", u.v.Number, u.v.At.Format(time.RFC3339))}, nil
	})
	if err != nil {
		return nil, err
	}
	return s.rolledBack(ctx, &r), nil
}

// RollbackSite returns a site and its devices to a time: the site's
// settings as the newest version fetched by then shows them, and each
// device that was on the site then and is still on it to its version of
// that time (RollbackDevice), all in one transaction with one audit
// event. Administrators of the site's customer only.
func (s *Service) RollbackSite(ctx context.Context, p switchboard.Principal, id string, in SiteRollbackInput) (*RollbackResult, error) {
	var r restored
	at := in.At.UTC()
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		site, err := siteFor(tx, p, id)
		if err != nil {
			return audit{}, err
		}
		vs, err := tx.SiteProfileVersions(id, at)
		if err != nil {
			return audit{}, err
		}
		if len(vs) == 0 {
			return audit{}, switchboard.FieldErrorf("at", "no device of site %q had fetched a profile by %s: there is nothing to return to", id, at.Format(time.RFC3339))
		}
		var siteAt time.Time
		for _, v := range vs {
			u, err := unpack(v)
			if err != nil {
				return audit{}, err
			}
			if u.snap.Site != nil && u.snap.Site.ID == id && v.At.After(siteAt) {
				siteAt, r.site = v.At, u.snap.Site
			}
			d, err := tx.Device(v.DeviceID)
			if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
				continue
			}
			if err != nil {
				return audit{}, fmt.Errorf("load device: %w", err)
			}
			on, err := onSite(tx, d, id)
			if err != nil {
				return audit{}, err
			}
			if !on {
				continue
			}
			if err := s.restoreDevice(tx, &r, d, u, now); err != nil {
				return audit{}, err
			}
		}
		var siteChanged bool
		if siteChanged, r.encryption, err = restoreSite(tx, site, r.site, now); err != nil {
			return audit{}, err
		}
		r.siteNow = site
		changedSite := site
		if !siteChanged {
			changedSite = nil
		}
		if err := s.resyncDependants(tx, &r, changedSite, now); err != nil {
			return audit{}, err
		}
		return audit{customer: site.CustomerID, action: "site.rollback", object: id,
			detail: fmt.Sprintf("to %s; %d device(s)", at.Format(time.RFC3339), len(r.resyncs))}, nil
	})
	if err != nil {
		return nil, err
	}
	return s.rolledBack(ctx, &r), nil
}

// restored gathers what a rollback changed, for the notices and resyncs
// after the commit.
type restored struct {
	resyncs  []resync
	versions []int
	// others are the devices resynced for showing what was restored.
	others     []resync
	workplaces []string
	// renamed are the restored workplaces whose name or language changed.
	renamed []string
	site    *SiteSettings
	siteNow *switchboard.Site
	// encryption says the site's encryption switch changed.
	encryption bool
}

// rolledBack publishes what a rollback changed and tells its devices.
func (s *Service) rolledBack(ctx context.Context, r *restored) *RollbackResult {
	out := &RollbackResult{Site: r.siteNow, Devices: []RolledBack{}}
	for _, rs := range slices.Concat(r.resyncs, r.others) {
		s.invalidate(rs.d)
		s.devicesChanged(ctx, rs.d)
	}
	s.changed(ctx, switchboard.TopicWorkplace, r.workplaces...)
	if r.siteNow != nil {
		s.changed(ctx, switchboard.TopicSite, r.siteNow.ID)
		if r.encryption {
			s.invalidateAll()
		}
	}
	for i, res := range s.resyncAll(ctx, r.resyncs) {
		out.Devices = append(out.Devices, RolledBack{Version: r.versions[i], DeviceResync: res})
	}
	out.Resynced = s.resyncAll(ctx, r.others)
	return out
}

// onSite says whether device d carries the line of a workplace of site.
func onSite(tx switchboard.Tx, d *switchboard.Device, site string) (bool, error) {
	if d.LineWorkplace() == "" {
		return false, nil
	}
	w, err := tx.Workplace(d.LineWorkplace())
	if err != nil {
		return false, fmt.Errorf("load workplace: %w", err)
	}
	return w.SiteID == site, nil
}

// restoreDevice writes the settings of version u onto d and, once per
// rollback, onto the workplace whose line d still carries, and marks d
// for a resync.
func (s *Service) restoreDevice(tx switchboard.Tx, r *restored, d *switchboard.Device, u *version, now time.Time) error {
	m, ok := s.catalogue.Model(d.Model)
	if !ok {
		return switchboard.Errorf(switchboard.ECONFLICT, "model %q of device %s is no longer in the catalogue", d.Model, d.ID)
	}
	then := u.snap.Device
	if err := validateKeys(m, then.Keys); err != nil {
		return fmt.Errorf("device %s: the function keys of version %d no longer fit its model: %w", d.ID, u.v.Number, err)
	}
	d.Description, d.WebUser, d.Keys = then.Description, then.WebUser, orEmpty(then.Keys)
	var err error
	if d.AdminPassword, d.AdminPasswordManual, err = restorePassword(m, "admin_password", d.AdminPassword, d.AdminPasswordManual, then.AdminPassword, then.AdminPasswordManual); err != nil {
		return err
	}
	if d.WebPassword, d.WebPasswordManual, err = restorePassword(m, "web_password", d.WebPassword, d.WebPasswordManual, then.WebPassword, then.WebPasswordManual); err != nil {
		return err
	}
	if err := checkDeviceText(d); err != nil {
		return err
	}
	if wp := u.snap.Workplace; wp != nil && wp.ID == d.LineWorkplace() && !slices.Contains(r.workplaces, wp.ID) {
		changed, err := restoreWorkplace(tx, wp, now)
		if err != nil {
			return err
		}
		r.workplaces = append(r.workplaces, wp.ID)
		if changed {
			r.renamed = append(r.renamed, wp.ID)
		}
	}
	rs := s.markResync(d, now)
	if err := tx.UpdateDevice(d); err != nil {
		return fmt.Errorf("restore device %s: %w", d.ID, err)
	}
	r.resyncs, r.versions = append(r.resyncs, rs), append(r.versions, u.v.Number)
	return nil
}

// restorePassword gives back a password set by hand then, or a generated
// one where it was generated then and is set by hand now; a generated one
// that is still generated stays.
func restorePassword(m switchboard.Model, field, now string, manualNow bool, then string, manualThen bool) (string, bool, error) {
	switch {
	case manualThen && (!manualNow || now != then):
		return devicePassword(m, field, then)
	case !manualThen && manualNow:
		return devicePassword(m, field, "")
	}
	return now, manualNow, nil
}

// restoreWorkplace writes the user's name and language of a snapshot and
// says whether they changed.
func restoreWorkplace(tx switchboard.Tx, then *WorkplaceSettings, now time.Time) (bool, error) {
	w, err := tx.Workplace(then.ID)
	if err != nil {
		return false, fmt.Errorf("load workplace: %w", err)
	}
	changed := w.FirstName != then.FirstName || w.LastName != then.LastName || w.Language != then.Language
	w.FirstName, w.LastName, w.Language = then.FirstName, then.LastName, then.Language
	if err := w.Validate(); err != nil {
		return false, err
	}
	w.UpdatedAt = now
	if err := tx.UpdateWorkplace(w); err != nil {
		return false, fmt.Errorf("restore workplace %s: %w", w.ID, err)
	}
	return changed, nil
}

// restoreSite writes a snapshot's site settings onto site, if there is
// one, and says whether they changed and whether the encryption switch
// did.
func restoreSite(tx switchboard.Tx, site *switchboard.Site, then *SiteSettings, now time.Time) (changed, encryption bool, err error) {
	if then == nil {
		return false, false, nil
	}
	before := *site
	site.TimeZone, site.Language, site.Encryption = then.TimeZone, then.Language, then.Encryption
	site.NTPServers, site.ResyncMinutes = then.NTPServers, then.ResyncMinutes
	if err := site.Validate(); err != nil {
		return false, false, err
	}
	changed = before.TimeZone != site.TimeZone || before.Language != site.Language || before.Encryption != site.Encryption ||
		!slices.Equal(before.NTPServers, site.NTPServers) || before.ResyncMinutes != site.ResyncMinutes
	site.UpdatedAt = now
	if err := tx.UpdateSite(site); err != nil {
		return false, false, fmt.Errorf("restore site: %w", err)
	}
	return changed, site.Encryption != before.Encryption, nil
}
