package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// HotDeskSettings are a site's hot-desking settings.
type HotDeskSettings struct {
	// AutoLogout is the local time of day ("03:00", in the site's time
	// zone, UTC when it has none) at which every hot-desk login at the
	// site ends; empty for none.
	AutoLogout string `json:"auto_logout" required:"false" doc:"Local time such as 03:00; empty for none."`
}

// SiteHotDesk returns a site's hot-desking settings to the customer's
// administrators.
func (s *Service) SiteHotDesk(ctx context.Context, p switchboard.Principal, siteID string) (*HotDeskSettings, error) {
	out := &HotDeskSettings{}
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := siteFor(tx, p, siteID); err != nil {
			return err
		}
		times, err := tx.SiteAutoLogouts()
		out.AutoLogout = times[siteID]
		return err
	})
	return out, err
}

// SetSiteHotDesk changes a site's hot-desking settings.
func (s *Service) SetSiteHotDesk(ctx context.Context, p switchboard.Principal, siteID string, in HotDeskSettings) (*HotDeskSettings, error) {
	if err := switchboard.ValidateClockTime("auto_logout", in.AutoLogout); err != nil {
		return nil, err
	}
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		site, err := siteFor(tx, p, siteID)
		if err != nil {
			return audit{}, err
		}
		if err := tx.SetSiteAutoLogout(siteID, in.AutoLogout); err != nil {
			return audit{}, err
		}
		return audit{customer: site.CustomerID, action: "site.hot_desk", object: siteID, detail: "auto_logout=" + in.AutoLogout}, nil
	})
	if err != nil {
		return nil, err
	}
	return &HotDeskSettings{AutoLogout: in.AutoLogout}, nil
}

// AutoLogout ends every hot-desk login whose site's automatic log-out
// time has passed since the login began, and resyncs those devices. It
// returns how many logins it ended.
func (s *Service) AutoLogout(ctx context.Context) (int, error) {
	var rs []resync
	var workplaces []string
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		rs, workplaces = nil, nil
		now := s.clock()
		times, err := tx.SiteAutoLogouts()
		if err != nil || len(times) == 0 {
			return err
		}
		ds, err := tx.HotDeskDevices("")
		if err != nil {
			return err
		}
		zones := map[string]*time.Location{}
		for _, d := range ds {
			w, err := tx.Workplace(d.HotDesk.Workplace)
			if err != nil {
				return fmt.Errorf("workplace of hot-desk login on %s: %w", d.ID, err)
			}
			at, ok := times[w.SiteID]
			if !ok {
				continue
			}
			loc, err := siteZone(tx, w.SiteID, zones)
			if err != nil {
				return err
			}
			if !logoutDue(at, loc, d.HotDesk.Since, now) {
				continue
			}
			r, err := s.logOut(tx, d, now)
			if err != nil {
				return err
			}
			rs, workplaces = append(rs, r), append(workplaces, w.ID)
			err = tx.AddEvent(&switchboard.Event{
				ID: switchboard.NewID("evt", now), CustomerID: d.CustomerID, Kind: switchboard.EventAudit,
				Actor: switchboard.System.TokenID, ActorRole: switchboard.System.Role, Action: "hotdesk.auto_logout",
				Object: d.ID, Detail: w.ID + " at " + at, At: now,
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("automatic hot-desk log-out: %w", err)
	}
	s.loginsChanged(ctx, rs, workplaces...)
	return len(rs), nil
}

// siteZone returns the site's time zone (UTC when it has none), read once
// per site into zones.
func siteZone(tx switchboard.Tx, siteID string, zones map[string]*time.Location) (*time.Location, error) {
	if loc, ok := zones[siteID]; ok {
		return loc, nil
	}
	site, err := tx.Site(siteID)
	if err != nil {
		return nil, fmt.Errorf("load site %s: %w", siteID, err)
	}
	loc := time.UTC
	if site.TimeZone != "" {
		if loc, err = time.LoadLocation(site.TimeZone); err != nil {
			return nil, fmt.Errorf("time zone of site %s: %w", siteID, err)
		}
	}
	zones[siteID] = loc
	return loc, nil
}

// logoutDue reports whether the daily log-out time at ("03:00" in loc)
// has come since the login began: the latest such moment at or before now
// lies after since.
func logoutDue(at string, loc *time.Location, since, now time.Time) bool {
	t, err := time.Parse("15:04", at)
	if err != nil {
		return false
	}
	n := now.In(loc)
	cut := time.Date(n.Year(), n.Month(), n.Day(), t.Hour(), t.Minute(), 0, 0, loc)
	if cut.After(n) {
		cut = time.Date(n.Year(), n.Month(), n.Day()-1, t.Hour(), t.Minute(), 0, 0, loc)
	}
	return since.Before(cut)
}

// autoLogoutInterval is how often RunAutoLogout looks by default: a
// login ends within a minute of its site's time.
const autoLogoutInterval = time.Minute

// RunAutoLogout runs AutoLogout at once and then every interval (0: every
// minute) until ctx ends. Several nodes may run it: a login already ended is not ended
// again.
func (s *Service) RunAutoLogout(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		interval = autoLogoutInterval
	}
	return s.runEvery(ctx, interval, nil, "automatic hot-desk log-out", func(ctx context.Context) error {
		n, err := s.AutoLogout(ctx)
		if n > 0 {
			s.log.InfoContext(ctx, "hot-desk logins ended at their site's log-out time", slog.Int("logins", n))
		}
		return err
	})
}
