package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

const deviceCols = `id, customer_id, workplace_id, model, kind, description, mac, mac_provisioning,
	access_key, admin_password, admin_password_manual, web_user, web_password, web_password_manual, base_id,
	function_keys, sip_username, sip_auth_name, sip_password, login_username, login_password, login_used_at,
	login_used_by_mac, pending_action, last_action, last_access_at, last_access_ip, last_access_user_agent,
	last_access_file, created_at, updated_at, label_code, redirect, hot_desk_workplace_id, hot_desk_since, last_access_refusal,
	blocked_at, sip_rotated_at, sip_previous_username, sip_previous_auth_name, sip_previous_password`

func (t *tx) scanDevice(s Row) (*switchboard.Device, error) {
	d := &switchboard.Device{}
	err := s.Scan(&d.ID, &d.CustomerID, strCol{&d.WorkplaceID}, &d.Model, &d.Kind, &d.Description, &d.MAC,
		&d.MACProvisioning, t.secret(&d.AccessKey), t.secret(&d.AdminPassword), &d.AdminPasswordManual,
		&d.WebUser, t.secret(&d.WebPassword), &d.WebPasswordManual, strCol{&d.BaseID},
		listCol[switchboard.FunctionKey]{&d.Keys}, &d.SIP.Username, &d.SIP.AuthName, t.secret(&d.SIP.Password),
		&d.InitialLogin.Username, t.secret(&d.InitialLogin.Password), timeCol{&d.InitialLogin.UsedAt},
		&d.InitialLogin.UsedByMAC, &d.PendingAction, jsonCol[switchboard.ActionRecord]{&d.LastAction}, timeCol{&d.LastAccess.At}, &d.LastAccess.IP,
		&d.LastAccess.UserAgent, &d.LastAccess.File, timeCol{&d.CreatedAt}, timeCol{&d.UpdatedAt}, &d.LabelCode,
		jsonCol[switchboard.RedirectStatus]{&d.Redirect}, hotDeskCol{&d.HotDesk}, hotDeskSinceCol{&d.HotDesk}, &d.LastAccess.Refusal,
		timeCol{&d.BlockedAt}, timeCol{&d.SIPRotatedAt}, &d.PreviousSIP.Username, &d.PreviousSIP.AuthName,
		t.secret(&d.PreviousSIP.Password))
	return d, err
}

// deviceRefused maps a refused device write to an error naming what
// conflicted.
func (t *tx) deviceRefused(err error, d *switchboard.Device) error {
	return t.refused(err, "device", "devices", d.ID, unique{
		"devices_mac":          fmt.Sprintf("MAC %s is already used by another device", d.MAC),
		"devices_sip_username": fmt.Sprintf("SIP username %q is already used by another device", d.SIP.Username),
		"devices_access_index": "the access key is already used by another device",
	}, customerRef(d.CustomerID), workplaceRef(d.CustomerID, d.WorkplaceID), deviceRef(d.CustomerID, d.BaseID))
}

// deviceArgs returns the values of every column but id and customer_id, in
// the order of deviceWrite, plus the access key's index.
func (t *tx) deviceArgs(d *switchboard.Device) ([]any, error) {
	sealed, err := t.seal(d.AccessKey, d.AdminPassword, d.WebPassword, d.SIP.Password, d.InitialLogin.Password,
		d.PreviousSIP.Password)
	if err != nil {
		return nil, err
	}
	keys, err := encList(d.Keys)
	if err != nil {
		return nil, err
	}
	last, err := encJSON(d.LastAction)
	if err != nil {
		return nil, err
	}
	return []any{nullable(d.WorkplaceID), d.Model, string(d.Kind), d.Description, d.MAC,
		string(d.MACProvisioning), t.index(d.AccessKey), sealed[0], sealed[1], d.AdminPasswordManual, d.WebUser,
		sealed[2], d.WebPasswordManual, nullable(d.BaseID), keys, d.SIP.Username, d.SIP.AuthName, sealed[3],
		d.InitialLogin.Username, sealed[4], t.time(d.InitialLogin.UsedAt), d.InitialLogin.UsedByMAC,
		string(d.PendingAction), last, t.time(d.LastAccess.At), d.LastAccess.IP, d.LastAccess.UserAgent,
		d.LastAccess.File, t.time(d.UpdatedAt), d.LabelCode, nullable(hotDeskWorkplace(d)), t.time(hotDeskSince(d)),
		d.LastAccess.Refusal, t.time(d.BlockedAt), t.time(d.SIPRotatedAt), d.PreviousSIP.Username,
		d.PreviousSIP.AuthName, sealed[5]}, nil
}

// deviceWrite lists the columns deviceArgs fills. The redirect status is
// not among them: the outbox worker writes it alone (SetDeviceRedirect), so
// a device write that read it earlier cannot undo the worker's outcome.
const deviceWrite = `workplace_id, model, kind, description, mac, mac_provisioning, access_index, access_key,
	admin_password, admin_password_manual, web_user, web_password, web_password_manual, base_id, function_keys,
	sip_username, sip_auth_name, sip_password, login_username, login_password, login_used_at, login_used_by_mac,
	pending_action, last_action, last_access_at, last_access_ip, last_access_user_agent, last_access_file, updated_at,
	label_code, hot_desk_workplace_id, hot_desk_since, last_access_refusal, blocked_at, sip_rotated_at,
	sip_previous_username, sip_previous_auth_name, sip_previous_password`

// The lookups on the hot paths (every profile fetch, every REGISTER) are
// single probes of unique indexes; the conditions repeat the partial
// indexes' predicates so the planner may use them.
const (
	deviceByAccessIndex = `SELECT ` + deviceCols + ` FROM devices WHERE access_index = ?`
	accessIndexKnown    = `SELECT 1 FROM devices WHERE access_index = ?`
	deviceBySIPUsername = `SELECT ` + deviceCols + ` FROM devices WHERE sip_username = ? AND sip_username <> ''`
	deviceByMAC         = `SELECT ` + deviceCols + ` FROM devices WHERE mac = ? AND mac <> ''`
)

// CreateDevice inserts d with its secrets sealed and its access key
// indexed; ECONFLICT on a MAC or SIP username already in use.
func (t *tx) CreateDevice(d *switchboard.Device) error {
	args, err := t.deviceArgs(d)
	if err != nil {
		return err
	}
	args = append([]any{d.ID, d.CustomerID, t.time(d.CreatedAt)}, args...)
	_, err = t.exec(`INSERT INTO devices (id, customer_id, created_at, `+deviceWrite+`)
		VALUES (?, ?, ?, `+placeholders(len(args)-3)+`)`, args...)
	if err != nil {
		return t.deviceRefused(err, d)
	}
	return nil
}

// Device returns the device with id.
func (t *tx) Device(id string) (*switchboard.Device, error) {
	return one(t, `SELECT `+deviceCols+` FROM devices WHERE id = ?`, []any{id}, t.scanDevice, "device", id)
}

// DeviceByAccessKey finds a device by the keyed hash of its access key,
// one lookup in a unique index.
func (t *tx) DeviceByAccessKey(key string) (*switchboard.Device, error) {
	if key == "" {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no device has this access key")
	}
	d, err := one(t, deviceByAccessIndex, []any{t.db.kr.Index(key)},
		t.scanDevice, "device", "")
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no device has this access key")
	}
	return d, err
}

// AccessKeyKnown probes the access-key index alone.
func (t *tx) AccessKeyKnown(key string) (bool, error) {
	if key == "" {
		return false, nil
	}
	var one int
	err := t.queryRow(accessIndexKnown, t.db.kr.Index(key)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("probe access key: %w", err)
	}
	return true, nil
}

// PendingAction reads the pending_action column of one row.
func (t *tx) PendingAction(deviceID string) (switchboard.Action, error) {
	var a string
	err := t.queryRow(`SELECT pending_action FROM devices WHERE id = ?`, deviceID).Scan(&a)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("device", deviceID)
	}
	if err != nil {
		return "", fmt.Errorf("read pending action of device %s: %w", deviceID, err)
	}
	return switchboard.Action(a), nil
}

// DeviceByMAC finds the device with the canonical MAC.
func (t *tx) DeviceByMAC(mac string) (*switchboard.Device, error) {
	if mac == "" {
		return nil, notFound("device with MAC", mac)
	}
	return one(t, deviceByMAC, []any{mac}, t.scanDevice, "device with MAC", mac)
}

// macsPerQuery is how many MACs one query of MACsInUse asks for, well
// within both databases' limits on parameters.
const macsPerQuery = 500

// macsInUse is MACsInUse's query for n MACs.
func macsInUse(n int) string {
	return `SELECT mac FROM devices WHERE mac <> '' AND mac IN (` + placeholders(n) + `)`
}

// MACsInUse returns those of macs that devices have, from the unique index
// on MAC, macsPerQuery at a time.
func (t *tx) MACsInUse(macs []string) ([]string, error) {
	out := []string{}
	for from := 0; from < len(macs); from += macsPerQuery {
		part := macs[from:min(from+macsPerQuery, len(macs))]
		args := make([]any, len(part))
		for i, m := range part {
			args[i] = m
		}
		used, err := all(t, macsInUse(len(part)), args, scanString)
		if err != nil {
			return nil, fmt.Errorf("find MACs in use: %w", err)
		}
		out = append(out, used...)
	}
	return out, nil
}

// DeviceBySIPUsername finds the device owning a SIP account, one lookup in
// a unique index.
func (t *tx) DeviceBySIPUsername(username string) (*switchboard.Device, error) {
	if username == "" {
		return nil, notFound("device with SIP username", username)
	}
	return one(t, deviceBySIPUsername, []any{username}, t.scanDevice,
		"device with SIP username", username)
}

// UpdateDevice writes d's fields but its id, customer and creation time;
// a new access key gets a new index.
func (t *tx) UpdateDevice(d *switchboard.Device) error {
	args, err := t.deviceArgs(d)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE devices SET (`+deviceWrite+`) =
		(`+placeholders(len(args))+`) WHERE id = ?`,
		append(args, d.ID)...)
	if err != nil {
		return t.deviceRefused(err, d)
	}
	return affected(n, "device", d.ID)
}

// DeleteDevice deletes the device; ECONFLICT while handsets are attached to
// it as their base.
func (t *tx) DeleteDevice(id string) error {
	return t.deleteRecord("device", "devices", id, "device %q is still in use",
		dependant{"devices", "base_id", "device %q is the base of %d handsets; detach or delete them first"})
}

// Devices lists devices in id order, narrowed by f.
func (t *tx) Devices(f switchboard.DeviceFilter, p switchboard.Page) ([]*switchboard.Device, string, error) {
	w := filter{}.eq("customer_id", f.CustomerID).eq("workplace_id", f.WorkplaceID).eq("base_id", f.BaseID).
		matching(f.Text, deviceMatches(f.Text)...)
	return list(t, deviceCols, "devices", "id", w, p, t.scanDevice, func(d *switchboard.Device) string { return d.ID })
}
