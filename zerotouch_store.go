package switchboard

import "time"

// ZeroTouchTx is the part of Tx the zero-touch paths of the provisioning
// server need (DESIGN §4 "Initial login", "MAC provisioning"). The claims
// are conditional writes, so two phones racing for the same login or the
// same "once" both run them and exactly one wins, on either database.
type ZeroTouchTx interface {
	// DevicesByLoginUsername lists the devices whose initial login has
	// this username, through an index of the username; the one-time
	// password is compared by the caller, never in the database. Usernames
	// are random digits, so more than one device is possible but rare.
	DevicesByLoginUsername(username string) ([]*Device, error)
	// ClaimInitialLogin spends a device's unused initial login for mac:
	// it records UsedAt and UsedByMAC and sets the device's MAC to mac.
	// ECONFLICT when the login was spent already or the device has
	// another MAC (nothing is written), or when another device has mac;
	// ENOTFOUND when the device does not exist.
	ClaimInitialLogin(deviceID, mac string, at time.Time) error
	// FinishMACProvisioning turns a device's MAC provisioning from "once"
	// to "done". ECONFLICT when it is not "once" (nothing is written).
	FinishMACProvisioning(deviceID string, at time.Time) error
}
