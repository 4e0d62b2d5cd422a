package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

const siteCols = `id, customer_id, name, address, time_zone, language, encryption, ntp_servers, resync_minutes, created_at, updated_at`

func scanSite(s Row) (*switchboard.Site, error) {
	v := &switchboard.Site{}
	err := s.Scan(&v.ID, &v.CustomerID, &v.Name, &v.Address, &v.TimeZone, &v.Language, &v.Encryption,
		listCol[string]{&v.NTPServers}, &v.ResyncMinutes, timeCol{&v.CreatedAt}, timeCol{&v.UpdatedAt})
	return v, err
}

// CreateSite inserts s; ENOTFOUND if its customer does not exist.
func (t *tx) CreateSite(s *switchboard.Site) error {
	ntp, err := encList(s.NTPServers)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO sites (`+siteCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.CustomerID, s.Name, s.Address, s.TimeZone, s.Language, s.Encryption, ntp, s.ResyncMinutes,
		t.time(s.CreatedAt), t.time(s.UpdatedAt))
	if err != nil {
		return t.refused(err, "site", "sites", s.ID, nil, customerRef(s.CustomerID))
	}
	return nil
}

// Site returns the site with id.
func (t *tx) Site(id string) (*switchboard.Site, error) {
	return one(t, `SELECT `+siteCols+` FROM sites WHERE id = ?`, []any{id}, scanSite, "site", id)
}

// UpdateSite writes s's own fields; the customer does not change.
func (t *tx) UpdateSite(s *switchboard.Site) error {
	ntp, err := encList(s.NTPServers)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE sites SET name = ?, address = ?, time_zone = ?, language = ?, encryption = ?,
		ntp_servers = ?, resync_minutes = ?, updated_at = ? WHERE id = ?`,
		s.Name, s.Address, s.TimeZone, s.Language, s.Encryption, ntp, s.ResyncMinutes, t.time(s.UpdatedAt), s.ID)
	if err != nil {
		return fmt.Errorf("update site %s: %w", s.ID, err)
	}
	return affected(n, "site", s.ID)
}

// DeleteSite deletes the site; ECONFLICT while workplaces use it.
func (t *tx) DeleteSite(id string) error {
	return t.deleteRecord("site", "sites", id, "site %q is still in use",
		dependant{"workplaces", "site_id", "site %q is still used by %d workplaces; move them to another site first"})
}

// Sites lists a customer's sites in id order; an empty customerID lists
// every customer's.
func (t *tx) Sites(customerID string, p switchboard.Page) ([]*switchboard.Site, string, error) {
	return list(t, siteCols, "sites", "id", filter{}.eq("customer_id", customerID),
		p, scanSite, func(s *switchboard.Site) string { return s.ID })
}
