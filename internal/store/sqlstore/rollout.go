package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

const rolloutCols = `id, customer_id, site_id, model, firmware_id, version, from_firmware_id, first_ring, percents,
	ring_timeout_ms, max_failed_percent, spread_ms, state, ring, ring_started_at, detail, next_check, created_at, updated_at`

func scanRollout(s Row) (*switchboard.Rollout, error) {
	r := &switchboard.Rollout{}
	var timeout, spread int64
	err := s.Scan(&r.ID, &r.CustomerID, &r.SiteID, &r.Model, &r.FirmwareID, &r.Version, &r.FromFirmwareID,
		listCol[string]{&r.FirstRing}, listCol[int]{&r.Percents}, &timeout, &r.MaxFailedPercent, &spread, &r.State, &r.Ring,
		timeCol{&r.RingStartedAt}, &r.Detail, timeCol{&r.NextCheck}, timeCol{&r.CreatedAt}, timeCol{&r.UpdatedAt})
	r.RingTimeout, r.Spread = time.Duration(timeout)*time.Millisecond, time.Duration(spread)*time.Millisecond
	return r, err
}

// CreateRollout inserts r after checking that its site and firmware exist.
func (t *tx) CreateRollout(r *switchboard.Rollout) error {
	if r.SiteID != "" {
		if err := t.present(siteRef(r.CustomerID, r.SiteID)); err != nil {
			return err
		}
	}
	if _, err := t.Firmware(r.FirmwareID); err != nil {
		return err
	}
	ring, err := encList(r.FirstRing)
	if err != nil {
		return err
	}
	percents, err := encList(r.Percents)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO firmware_rollouts (`+rolloutCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.CustomerID, r.SiteID, r.Model, r.FirmwareID, r.Version, r.FromFirmwareID, ring, percents,
		r.RingTimeout.Milliseconds(), r.MaxFailedPercent, r.Spread.Milliseconds(), string(r.State), r.Ring,
		t.time(r.RingStartedAt), r.Detail, t.time(r.NextCheck), t.time(r.CreatedAt), t.time(r.UpdatedAt))
	if err != nil {
		return t.refused(err, "rollout", "firmware_rollouts", r.ID, nil, customerRef(r.CustomerID))
	}
	return nil
}

// Rollout returns the rollout with id.
func (t *tx) Rollout(id string) (*switchboard.Rollout, error) {
	return one(t, `SELECT `+rolloutCols+` FROM firmware_rollouts WHERE id = ?`, []any{id}, scanRollout, "rollout", id)
}

// UpdateRollout writes r's state, ring, detail and times.
func (t *tx) UpdateRollout(r *switchboard.Rollout) error {
	n, err := t.exec(`UPDATE firmware_rollouts SET state = ?, ring = ?, ring_started_at = ?, detail = ?, next_check = ?, updated_at = ?
		WHERE id = ?`, string(r.State), r.Ring, t.time(r.RingStartedAt), r.Detail, t.time(r.NextCheck), t.time(r.UpdatedAt), r.ID)
	if err != nil {
		return fmt.Errorf("update rollout %s: %w", r.ID, err)
	}
	return affected(n, "rollout", r.ID)
}

// Rollouts lists rollouts in id order, of one customer when given.
func (t *tx) Rollouts(customerID string, p switchboard.Page) ([]*switchboard.Rollout, string, error) {
	return list(t, rolloutCols, "firmware_rollouts", "id", filter{}.eq("customer_id", customerID), p,
		scanRollout, func(r *switchboard.Rollout) string { return r.ID })
}

// DueRollouts returns the running rollouts due at now, locked where the
// database locks rows.
func (t *tx) DueRollouts(now time.Time, limit int) ([]*switchboard.Rollout, error) {
	out, err := all(t, `SELECT `+rolloutCols+` FROM firmware_rollouts WHERE state = ? AND next_check <= ?
		ORDER BY next_check, id LIMIT ?`+t.db.d.SkipLocked(), []any{string(switchboard.RolloutRunning), t.time(now), limit}, scanRollout)
	if err != nil {
		return nil, fmt.Errorf("due rollouts: %w", err)
	}
	return out, nil
}

const rolloutDeviceCols = `rollout_id, device_id, firmware_id, ring, state, tell_at, told, updated_at`

func scanRolloutDevice(s Row) (*switchboard.RolloutDevice, error) {
	d := &switchboard.RolloutDevice{}
	err := s.Scan(&d.RolloutID, &d.DeviceID, &d.FirmwareID, &d.Ring, &d.State, timeCol{&d.TellAt}, &d.Told, timeCol{&d.UpdatedAt})
	return d, err
}

// PutRolloutDevice inserts or replaces one device's row of a rollout.
func (t *tx) PutRolloutDevice(d *switchboard.RolloutDevice) error {
	if _, err := t.exec(`DELETE FROM firmware_rollout_devices WHERE rollout_id = ? AND device_id = ?`, d.RolloutID, d.DeviceID); err != nil {
		return fmt.Errorf("replace rollout device: %w", err)
	}
	_, err := t.exec(`INSERT INTO firmware_rollout_devices (`+rolloutDeviceCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.RolloutID, d.DeviceID, d.FirmwareID, d.Ring, string(d.State), t.time(d.TellAt), d.Told, t.time(d.UpdatedAt))
	if err != nil {
		return t.refused(err, "rollout device", "firmware_rollout_devices", d.DeviceID, nil,
			ref{kind: "rollout", id: d.RolloutID, query: `SELECT 1 FROM firmware_rollouts WHERE id = ?`, args: []any{d.RolloutID}})
	}
	return nil
}

// RolloutDevices lists a rollout's devices by ring and id.
func (t *tx) RolloutDevices(rolloutID string) ([]*switchboard.RolloutDevice, error) {
	return all(t, `SELECT `+rolloutDeviceCols+` FROM firmware_rollout_devices WHERE rollout_id = ? ORDER BY ring, device_id`,
		[]any{rolloutID}, scanRolloutDevice)
}

// ActiveRolloutDevice returns the device's row in an active rollout. Every
// profile built asks, and most devices are in no rollout: a query of the
// device's rows alone answers them. SQLite plans the join anew for every
// value bound (it re-prepared the statement on each call, most of its
// cost), so the join runs only for a device that has rows.
func (t *tx) ActiveRolloutDevice(deviceID string) (*switchboard.RolloutDevice, error) {
	switch has, err := t.exists(`SELECT 1 FROM firmware_rollout_devices WHERE device_id = ? AND state <> ?`,
		deviceID, string(switchboard.RolloutReverted)); {
	case err != nil:
		return nil, fmt.Errorf("read rollouts of device %s: %w", deviceID, err)
	case !has:
		return nil, notFound("rollout device", deviceID)
	}
	return one(t, `SELECT d.rollout_id, d.device_id, d.firmware_id, d.ring, d.state, d.tell_at, d.told, d.updated_at
		FROM firmware_rollout_devices d JOIN firmware_rollouts r ON r.id = d.rollout_id
		WHERE d.device_id = ? AND d.state <> ? AND r.state IN (?, ?) ORDER BY r.created_at DESC LIMIT 1`,
		[]any{deviceID, string(switchboard.RolloutReverted), string(switchboard.RolloutRunning), string(switchboard.RolloutPaused)},
		scanRolloutDevice, "rollout device", deviceID)
}
