package app

import (
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// recordRefusedAccess writes a refused fetch of a known device as its last
// access with the reason; a refusal naming no device (an unknown key) or a
// device deleted meanwhile records nothing.
func recordRefusedAccess(tx switchboard.Tx, r Refusal) error {
	if r.DeviceID == "" {
		return nil
	}
	err := tx.SetLastAccess(r.DeviceID, switchboard.Access{
		At: r.At.UTC().Truncate(time.Microsecond), IP: r.IP, UserAgent: printable(r.UserAgent, 256),
		File: printable(r.File, 80), Refusal: r.Reason,
	})
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	}
	return err
}
