package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// deviceByLoginUsername probes the partial index devices_login_username.
const deviceByLoginUsername = `SELECT ` + deviceCols + ` FROM devices WHERE login_username = ? AND login_username <> ''`

// DevicesByLoginUsername lists the devices whose initial login has the
// username.
func (t *tx) DevicesByLoginUsername(username string) ([]*switchboard.Device, error) {
	if username == "" {
		return []*switchboard.Device{}, nil
	}
	ds, err := all(t, deviceByLoginUsername, []any{username}, t.scanDevice)
	if err != nil {
		return nil, fmt.Errorf("find initial login: %w", err)
	}
	return ds, nil
}

// ClaimInitialLogin spends the login with one conditional update: on
// PostgreSQL a second claim waits for the first one's row lock and then
// finds the condition false, on SQLite writers take turns.
func (t *tx) ClaimInitialLogin(deviceID, mac string, at time.Time) error {
	n, err := t.exec(`UPDATE devices SET mac = ?, login_used_at = ?, login_used_by_mac = ?, updated_at = ?
		WHERE id = ? AND login_used_by_mac = '' AND (mac = '' OR mac = ?)`,
		mac, t.time(at), mac, t.time(at), deviceID, mac)
	if err != nil {
		return t.deviceRefused(err, &switchboard.Device{ID: deviceID, MAC: mac})
	}
	if n == 0 {
		return t.claimMissed(deviceID, "the initial login is spent or the device has another MAC")
	}
	return nil
}

// FinishMACProvisioning turns "once" into "done" with one conditional
// update.
func (t *tx) FinishMACProvisioning(deviceID string, at time.Time) error {
	n, err := t.exec(`UPDATE devices SET mac_provisioning = ?, updated_at = ? WHERE id = ? AND mac_provisioning = ?`,
		string(switchboard.MACDone), t.time(at), deviceID, string(switchboard.MACOnce))
	if err != nil {
		return fmt.Errorf("finish MAC provisioning: %w", err)
	}
	if n == 0 {
		return t.claimMissed(deviceID, "MAC provisioning is not armed")
	}
	return nil
}

// claimMissed tells a device that does not exist (ENOTFOUND) from one whose
// condition did not hold (ECONFLICT, with why).
func (t *tx) claimMissed(deviceID, why string) error {
	if _, err := t.Device(deviceID); err != nil {
		return err
	}
	return switchboard.Errorf(switchboard.ECONFLICT, "device %q: %s", deviceID, why)
}
