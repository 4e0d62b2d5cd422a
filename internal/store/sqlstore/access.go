package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

// SetLastAccess records a device's last profile fetch (or refused
// attempt, with its reason) without touching any
// other column, so the provisioning server's batched bookkeeping never
// overwrites a concurrent change of the device. An older fetch than the one
// recorded is ignored; ENOTFOUND when the device does not exist.
func (t *tx) SetLastAccess(deviceID string, a switchboard.Access) error {
	n, err := t.exec(`UPDATE devices SET last_access_at = ?, last_access_ip = ?, last_access_user_agent = ?,
		last_access_file = ?, last_access_refusal = ? WHERE id = ? AND (last_access_at IS NULL OR last_access_at <= ?)`,
		t.time(a.At), a.IP, a.UserAgent, a.File, a.Refusal, deviceID, t.time(a.At))
	if err != nil {
		return fmt.Errorf("record last access of device %s: %w", deviceID, err)
	}
	if n > 0 {
		return nil
	}
	found, err := t.exists(`SELECT 1 FROM devices WHERE id = ?`, deviceID)
	if err != nil {
		return fmt.Errorf("record last access of device %s: %w", deviceID, err)
	}
	if !found {
		return notFound("device", deviceID)
	}
	return nil
}
