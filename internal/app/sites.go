package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// SiteInput creates a site.
type SiteInput struct {
	Name       string `json:"name"`
	Address    string `json:"address,omitempty"`
	TimeZone   string `json:"time_zone,omitempty"`
	Language   string `json:"language,omitempty"`
	Encryption bool   `json:"encryption,omitempty"`
	// NTPServers and ResyncMinutes override the operator's defaults for
	// the site's phones; empty and 0 keep them.
	NTPServers    []string `json:"ntp_servers,omitempty"`
	ResyncMinutes int      `json:"resync_minutes,omitempty"`
}

// SitePatch changes a site; absent fields stay.
type SitePatch struct {
	Name       *string `json:"name,omitempty"`
	Address    *string `json:"address,omitempty"`
	TimeZone   *string `json:"time_zone,omitempty"`
	Language   *string `json:"language,omitempty"`
	Encryption *bool   `json:"encryption,omitempty"`
	// NTPServers replaces the site's time servers (an empty list returns
	// to the operator's default); ResyncMinutes 0 does the same for the
	// resync interval.
	NTPServers    *[]string `json:"ntp_servers,omitempty"`
	ResyncMinutes *int      `json:"resync_minutes,omitempty"`
}

// CreateSite adds a site to a customer. Administrators of the customer.
func (s *Service) CreateSite(ctx context.Context, p switchboard.Principal, customerID string, in SiteInput) (*switchboard.Site, error) {
	site := &switchboard.Site{
		CustomerID: customerID,
		Name:       strings.TrimSpace(in.Name),
		Address:    strings.TrimSpace(in.Address),
		TimeZone:   in.TimeZone,
		Language:   in.Language,
		Encryption: in.Encryption,
		NTPServers: hostList(in.NTPServers),

		ResyncMinutes: in.ResyncMinutes,
	}
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		if err := site.Validate(); err != nil {
			return audit{}, err
		}
		site.ID = switchboard.NewID("site", now)
		site.CreatedAt, site.UpdatedAt = now, now
		if err := tx.CreateSite(site); err != nil {
			return audit{}, fmt.Errorf("create site: %w", err)
		}
		return audit{customer: customerID, action: "site.create", object: site.ID}, nil
	})
	if err != nil {
		return nil, err
	}
	return site, nil
}

// siteFor loads a site the caller administers.
func siteFor(tx switchboard.Tx, p switchboard.Principal, id string) (*switchboard.Site, error) {
	site, err := tx.Site(id)
	if err != nil {
		return nil, asNotFound(err, "site", id)
	}
	if err := mayAdminister(p, site.CustomerID, "site", id); err != nil {
		return nil, err
	}
	return site, nil
}

// Site returns one site to the customer's administrators.
func (s *Service) Site(ctx context.Context, p switchboard.Principal, id string) (*switchboard.Site, error) {
	var site *switchboard.Site
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		site, err = siteFor(tx, p, id)
		return err
	})
	return site, err
}

// Sites lists a customer's sites.
func (s *Service) Sites(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*switchboard.Site, string, error) {
	var out []*switchboard.Site
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		out, next, err = tx.Sites(customerID, page)
		return err
	})
	return orEmpty(out), next, err
}

// UpdateSite changes a site.
func (s *Service) UpdateSite(ctx context.Context, p switchboard.Principal, id string, in SitePatch) (*switchboard.Site, error) {
	var site *switchboard.Site
	var encryption bool
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if site, err = siteFor(tx, p, id); err != nil {
			return audit{}, err
		}
		encryption = site.Encryption
		if in.Name != nil {
			site.Name = strings.TrimSpace(*in.Name)
		}
		if in.Address != nil {
			site.Address = strings.TrimSpace(*in.Address)
		}
		if in.TimeZone != nil {
			site.TimeZone = *in.TimeZone
		}
		if in.Language != nil {
			site.Language = *in.Language
		}
		if in.Encryption != nil {
			site.Encryption = *in.Encryption
		}
		if in.NTPServers != nil {
			site.NTPServers = hostList(*in.NTPServers)
		}
		if in.ResyncMinutes != nil {
			site.ResyncMinutes = *in.ResyncMinutes
		}
		if err := site.Validate(); err != nil {
			return audit{}, err
		}
		site.UpdatedAt = now
		if err := tx.UpdateSite(site); err != nil {
			return audit{}, fmt.Errorf("update site: %w", err)
		}
		return audit{customer: site.CustomerID, action: "site.update", object: id}, nil
	})
	if err != nil {
		return nil, err
	}
	s.changed(ctx, switchboard.TopicSite, id)
	if site.Encryption != encryption {
		s.invalidateAll()
	}
	return site, nil
}

// DeleteSite removes a site no workplace uses.
func (s *Service) DeleteSite(ctx context.Context, p switchboard.Principal, id string) error {
	return s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		site, err := siteFor(tx, p, id)
		if err != nil {
			return audit{}, err
		}
		if err := tx.DeleteSite(id); err != nil {
			return audit{}, err
		}
		return audit{customer: site.CustomerID, action: "site.delete", object: id}, nil
	})
}

// hostList trims and lower-cases every host name and drops empty ones,
// never returning nil, so an empty list clears the site's time servers.
func hostList(in []string) []string {
	out := []string{}
	for _, v := range in {
		if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
			out = append(out, v)
		}
	}
	return out
}
