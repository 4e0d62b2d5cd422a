package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// hotDeskCol scans hot_desk_workplace_id: a workplace id makes the
// device's login, NULL leaves it nil. hotDeskSinceCol, scanned after it,
// fills the login's time.
type hotDeskCol struct{ l **switchboard.HotDeskLogin }

// Scan implements sql.Scanner.
func (c hotDeskCol) Scan(v any) error {
	var id string
	if err := (strCol{&id}).Scan(v); err != nil {
		return err
	}
	*c.l = nil
	if id != "" {
		*c.l = &switchboard.HotDeskLogin{Workplace: id}
	}
	return nil
}

// hotDeskSinceCol scans hot_desk_since into the login hotDeskCol made.
type hotDeskSinceCol struct{ l **switchboard.HotDeskLogin }

// Scan implements sql.Scanner.
func (c hotDeskSinceCol) Scan(v any) error {
	var at time.Time
	if err := (timeCol{&at}).Scan(v); err != nil {
		return err
	}
	if *c.l != nil {
		(*c.l).Since = at
	}
	return nil
}

// hotDeskWorkplace and hotDeskSince are the login's columns, empty
// without one.
func hotDeskWorkplace(d *switchboard.Device) string {
	if d.HotDesk == nil {
		return ""
	}
	return d.HotDesk.Workplace
}

func hotDeskSince(d *switchboard.Device) time.Time {
	if d.HotDesk == nil {
		return time.Time{}
	}
	return d.HotDesk.Since
}

// FreeDevices lists devices with neither a workplace nor a hot-desk login.
func (t *tx) FreeDevices(customerID string, p switchboard.Page) ([]*switchboard.Device, string, error) {
	f := filter{where: []string{"workplace_id IS NULL", "hot_desk_workplace_id IS NULL"}}.eq("customer_id", customerID)
	return list(t, deviceCols, "devices", "id", f, p, t.scanDevice, func(d *switchboard.Device) string { return d.ID })
}

// deskRoom is the condition of a workplace with room for another desk
// phone: its linked desk phones and hot-desk logins are fewer than its
// limit. Each count probes an index of its own.
const deskRoom = `(SELECT count(*) FROM devices d WHERE d.workplace_id = workplaces.id AND d.kind = 'desk_phone') +
	(SELECT count(*) FROM devices d WHERE d.hot_desk_workplace_id = workplaces.id) <
	CASE WHEN multi_login THEN 2 ELSE 1 END`

// FreeWorkplaces lists a customer's active workplaces with room for
// another desk phone, numbers filled in.
func (t *tx) FreeWorkplaces(customerID string, p switchboard.Page) ([]*switchboard.Workplace, string, error) {
	f := filter{where: []string{"state = 'active'", deskRoom}}.eq("customer_id", customerID)
	ws, next, err := list(t, workplaceCols, "workplaces", "id", f, p, t.scanWorkplace,
		func(w *switchboard.Workplace) string { return w.ID })
	if err != nil {
		return nil, "", err
	}
	return ws, next, t.fillNumbers(ws...)
}

// HotDeskDevices lists the devices logged in by the workplace, or every
// logged-in device, in id order.
func (t *tx) HotDeskDevices(workplaceID string) ([]*switchboard.Device, error) {
	q, args := `SELECT `+deviceCols+` FROM devices WHERE hot_desk_workplace_id IS NOT NULL ORDER BY id`, []any{}
	if workplaceID != "" {
		q, args = `SELECT `+deviceCols+` FROM devices WHERE hot_desk_workplace_id = ? ORDER BY id`, []any{workplaceID}
	}
	ds, err := all(t, q, args, t.scanDevice)
	if err != nil {
		return nil, fmt.Errorf("list hot-desk logins: %w", err)
	}
	return ds, nil
}

// SetSiteAutoLogout writes or clears the site's automatic log-out time.
func (t *tx) SetSiteAutoLogout(siteID, at string) error {
	found, err := t.exists(`SELECT 1 FROM sites WHERE id = ?`, siteID)
	if err != nil {
		return fmt.Errorf("set automatic log-out of site %s: %w", siteID, err)
	}
	if !found {
		return notFound("site", siteID)
	}
	if at == "" {
		_, err = t.exec(`DELETE FROM site_auto_logouts WHERE site_id = ?`, siteID)
	} else {
		_, err = t.exec(`INSERT INTO site_auto_logouts (site_id, at) VALUES (?, ?)
			ON CONFLICT (site_id) DO UPDATE SET at = excluded.at`, siteID, at)
	}
	if err != nil {
		return fmt.Errorf("set automatic log-out of site %s: %w", siteID, err)
	}
	return nil
}

// SiteAutoLogouts reads every site's automatic log-out time.
func (t *tx) SiteAutoLogouts() (map[string]string, error) {
	type row struct{ site, at string }
	rows, err := all(t, `SELECT site_id, at FROM site_auto_logouts`, nil, func(s Row) (row, error) {
		var r row
		return r, s.Scan(&r.site, &r.at)
	})
	if err != nil {
		return nil, fmt.Errorf("read automatic log-out times: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.site] = r.at
	}
	return out, nil
}

// CountEvents counts the object's events with the action since a time.
func (t *tx) CountEvents(action, object string, since time.Time) (int, error) {
	var n int
	err := t.queryRow(`SELECT count(*) FROM events WHERE object = ? AND action = ? AND at >= ?`,
		object, action, t.time(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return n, nil
}
