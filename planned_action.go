package switchboard

import "time"

// PlannedAction is a device's turn in a bulk action spread over a window
// (a site's sync or reboot): the action is pending on the device from the
// start, and at Due it is told to carry it out. Kept in the store, so the
// turns still come when the node that planned them has stopped.
type PlannedAction struct {
	DeviceID string
	Action   Action
	Due      time.Time
}

// PlannedActionTx keeps the planned turns of spread actions for the
// worker that every node runs.
type PlannedActionTx interface {
	// PlanActions records the turns, replacing a turn already planned for
	// the same device. ENOTFOUND when a device does not exist.
	PlanActions(ps []*PlannedAction) error
	// TakeDueActions removes and returns up to limit turns due at now,
	// earliest first. Rows another transaction has taken are skipped
	// where the database locks rows, so two nodes never take the same
	// turn and each device is told once.
	TakeDueActions(now time.Time, limit int) ([]*PlannedAction, error)
}
