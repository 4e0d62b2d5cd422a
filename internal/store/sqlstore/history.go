package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

const profileVersionCols = `device_id, customer_id, number, site_id, hash, size, archive, settings,
	cause_id, cause_action, cause_object, at, updated_at`

// profileVersionID is the row id of a device's version: the device id and
// the number, zero-padded so ids sort like numbers.
func profileVersionID(deviceID string, number int) string {
	return fmt.Sprintf("%s/%08d", deviceID, number)
}

// PutProfileVersion writes a version, sealing its files and settings: a
// new one after the device's newest (older ones beyond keep are dropped),
// or a numbered one in place.
func (t *tx) PutProfileVersion(v *switchboard.ProfileVersion, keep int) error {
	sealed, err := t.seal(string(v.Archive), string(v.Settings))
	if err != nil {
		return err
	}
	if v.Number > 0 {
		n, err := t.exec(`UPDATE profile_versions SET site_id = ?, hash = ?, size = ?, archive = ?, settings = ?,
			cause_id = ?, cause_action = ?, cause_object = ?, updated_at = ? WHERE id = ?`,
			v.SiteID, v.Hash, v.Size, sealed[0], sealed[1], v.CauseID, v.CauseAction, v.CauseObject, t.time(v.UpdatedAt),
			profileVersionID(v.DeviceID, v.Number))
		if err != nil {
			return fmt.Errorf("update version %d of device %s: %w", v.Number, v.DeviceID, err)
		}
		return affected(n, "profile version", profileVersionID(v.DeviceID, v.Number))
	}
	switch ok, err := t.exists(`SELECT 1 FROM devices WHERE id = ?`, v.DeviceID); {
	case err != nil:
		return fmt.Errorf("read device %s: %w", v.DeviceID, err)
	case !ok:
		return notFound("device", v.DeviceID)
	}
	var last int
	if err := t.queryRow(`SELECT COALESCE(MAX(number), 0) FROM profile_versions WHERE device_id = ?`, v.DeviceID).Scan(&last); err != nil {
		return fmt.Errorf("read newest version of device %s: %w", v.DeviceID, err)
	}
	v.Number = last + 1
	if _, err := t.exec(`INSERT INTO profile_versions (id, `+profileVersionCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		profileVersionID(v.DeviceID, v.Number), v.DeviceID, v.CustomerID, v.Number, v.SiteID, v.Hash, v.Size, sealed[0], sealed[1],
		v.CauseID, v.CauseAction, v.CauseObject, t.time(v.At), t.time(v.UpdatedAt)); err != nil {
		return fmt.Errorf("add version %d of device %s: %w", v.Number, v.DeviceID, err)
	}
	if _, err := t.exec(`DELETE FROM profile_versions WHERE device_id = ? AND number <= ?`, v.DeviceID, v.Number-keep); err != nil {
		return fmt.Errorf("drop old versions of device %s: %w", v.DeviceID, err)
	}
	return nil
}

// scanProfileVersion reads a row of profileVersionCols, opening the
// sealed columns.
func (t *tx) scanProfileVersion(r Row) (*switchboard.ProfileVersion, error) {
	v := &switchboard.ProfileVersion{}
	var archive, settings string
	err := r.Scan(&v.DeviceID, &v.CustomerID, &v.Number, &v.SiteID, &v.Hash, &v.Size, t.secret(&archive), t.secret(&settings),
		&v.CauseID, &v.CauseAction, &v.CauseObject, timeCol{&v.At}, timeCol{&v.UpdatedAt})
	v.Archive, v.Settings = []byte(archive), []byte(settings)
	return v, err
}

// ProfileVersions lists a device's versions, newest first.
func (t *tx) ProfileVersions(deviceID string) ([]*switchboard.ProfileVersion, error) {
	out, err := all(t, `SELECT `+profileVersionCols+` FROM profile_versions WHERE device_id = ? ORDER BY number DESC`,
		[]any{deviceID}, t.scanProfileVersion)
	if err != nil {
		return nil, fmt.Errorf("list versions of device %s: %w", deviceID, err)
	}
	return out, nil
}

// ProfileVersion returns one version of a device.
func (t *tx) ProfileVersion(deviceID string, number int) (*switchboard.ProfileVersion, error) {
	return one(t, `SELECT `+profileVersionCols+` FROM profile_versions WHERE id = ?`,
		[]any{profileVersionID(deviceID, number)}, t.scanProfileVersion, "profile version", fmt.Sprintf("%s %d", deviceID, number))
}

// SiteProfileVersions returns each device's newest version at or before
// at among those fetched while on the site.
func (t *tx) SiteProfileVersions(siteID string, at time.Time) ([]*switchboard.ProfileVersion, error) {
	out, err := all(t, `SELECT `+profileVersionCols+` FROM profile_versions v WHERE site_id = ? AND at <= ?
		AND number = (SELECT MAX(number) FROM profile_versions o WHERE o.device_id = v.device_id AND o.at <= ?)
		ORDER BY device_id`, []any{siteID, t.time(at), t.time(at)}, t.scanProfileVersion)
	if err != nil {
		return nil, fmt.Errorf("list versions of site %s: %w", siteID, err)
	}
	return out, nil
}

// causeEvent reads one object's events in a time window, newest first,
// through the object's own index (events_object_id): the customer's,
// kind's and actor's indexes would walk the whole audit trail.
const causeEvent = `SELECT ` + eventCols + ` FROM events WHERE object = ? AND at > ? AND at <= ? ORDER BY id DESC`

// CauseEvent returns the newest audit event of the customer in the window
// that names one of the objects and was not written by provisioning.
func (t *tx) CauseEvent(customerID string, objects []string, since, until time.Time) (*switchboard.Event, error) {
	var newest *switchboard.Event
	for _, o := range objects {
		events, err := all(t, causeEvent, []any{o, t.time(since), t.time(until)}, scanEvent)
		if err != nil {
			return nil, fmt.Errorf("find the cause of a profile change: %w", err)
		}
		for _, e := range events {
			if e.CustomerID != customerID || e.Kind != switchboard.EventAudit || e.Actor == "provisioning" {
				continue
			}
			if newest == nil || e.ID > newest.ID {
				newest = e
			}
			break
		}
	}
	return newest, nil
}

// HistoryMarks reads the fetched files' hashes and the newest versions of
// the devices in two queries.
func (t *tx) HistoryMarks(deviceIDs []string) (map[string]*switchboard.HistoryMark, error) {
	out := map[string]*switchboard.HistoryMark{}
	if len(deviceIDs) == 0 {
		return out, nil
	}
	ids := make([]any, len(deviceIDs))
	for i, id := range deviceIDs {
		ids[i] = id
	}
	mark := func(id string) *switchboard.HistoryMark {
		if out[id] == nil {
			out[id] = &switchboard.HistoryMark{Files: map[string][]byte{}}
		}
		return out[id]
	}
	type file struct {
		device, name string
		hash         []byte
	}
	files, err := all(t, `SELECT device_id, name, hash FROM fetched_files WHERE device_id IN (`+placeholders(len(ids))+`)`, ids,
		func(r Row) (file, error) {
			var f file
			return f, r.Scan(&f.device, &f.name, &f.hash)
		})
	if err != nil {
		return nil, fmt.Errorf("read fetched file hashes: %w", err)
	}
	for _, f := range files {
		mark(f.device).Files[f.name] = f.hash
	}
	newest, err := all(t, `SELECT device_id, customer_id, number, site_id, hash, size, cause_id, cause_action, cause_object, at, updated_at
		FROM profile_versions v WHERE device_id IN (`+placeholders(len(ids))+`)
		AND number = (SELECT MAX(number) FROM profile_versions o WHERE o.device_id = v.device_id)`, ids,
		func(r Row) (*switchboard.ProfileVersion, error) {
			v := &switchboard.ProfileVersion{}
			return v, r.Scan(&v.DeviceID, &v.CustomerID, &v.Number, &v.SiteID, &v.Hash, &v.Size, &v.CauseID, &v.CauseAction, &v.CauseObject,
				timeCol{&v.At}, timeCol{&v.UpdatedAt})
		})
	if err != nil {
		return nil, fmt.Errorf("read newest profile versions: %w", err)
	}
	for _, v := range newest {
		mark(v.DeviceID).Newest = v
	}
	return out, nil
}
