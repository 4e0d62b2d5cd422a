package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

const registrationCols = `device_id, node, data, expires_at, updated_at`

// SaveRegistrations inserts or replaces the SIP registrar's record of each
// device.
func (t *tx) SaveRegistrations(rs []*switchboard.Registration) error {
	for _, r := range rs {
		if _, err := t.exec(`INSERT INTO sip_registrations (`+registrationCols+`) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (device_id) DO UPDATE SET node = excluded.node, data = excluded.data,
			expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
			r.DeviceID, r.Node, r.Data, r.ExpiresAtMillis, r.UpdatedAtMillis); err != nil {
			return fmt.Errorf("save registration of device %s: %w", r.DeviceID, err)
		}
	}
	return nil
}

func scanRegistration(s Row) (*switchboard.Registration, error) {
	r := &switchboard.Registration{}
	err := s.Scan(&r.DeviceID, &r.Node, &r.Data, &r.ExpiresAtMillis, &r.UpdatedAtMillis)
	return r, err
}

// Registration returns the registrar's record of a device.
func (t *tx) Registration(deviceID string) (*switchboard.Registration, error) {
	return one(t, `SELECT `+registrationCols+` FROM sip_registrations WHERE device_id = ?`, []any{deviceID},
		scanRegistration, "registration of device", deviceID)
}

// Registrations lists a node's records with bindings expiring after the
// given time, in device id order, for the registrar's restart.
func (t *tx) Registrations(node string, expiresAfterMillis int64, after string, limit int) ([]*switchboard.Registration, error) {
	out, err := all(t, `SELECT `+registrationCols+` FROM sip_registrations
		WHERE node = ? AND expires_at > ? AND device_id > ? ORDER BY device_id LIMIT ?`,
		[]any{node, expiresAfterMillis, after, limit}, scanRegistration)
	if err != nil {
		return nil, fmt.Errorf("list registrations: %w", err)
	}
	return out, nil
}
