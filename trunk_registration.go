package switchboard

import "time"

// TrunkRegistration is where this node's registration at a trunk stands.
// Every node registers a trunk with Register set under its own Contact (a
// trunk keeps one binding per node), so the state is the node's own: the
// API reports the one of the node that answers.
type TrunkRegistration struct {
	// State is one of the TrunkRegistration states.
	State string `json:"state"`
	// ExpiresAt is when the trunk drops the binding unless refreshed; set
	// while registered.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// LastError says why the last attempt failed, for the administrator.
	LastError string `json:"last_error,omitempty"`
}

// TrunkRegistration states: the trunk accepted the binding, the last
// attempt failed (retried with back-off), or the trunk is not registered.
const (
	TrunkRegistered         = "registered"
	TrunkRegistrationFailed = "failed"
	TrunkRegistrationOff    = "off"
)

// TopicTrunk carries a trunk id when a trunk was created, changed or
// deleted: every node re-reads the trunks it registers.
const TopicTrunk = "trunk"

// TrunkRegistrations reports this node's registrations at trunks; the SIP
// server implements it.
type TrunkRegistrations interface {
	// TrunkRegistration returns the state for the trunk id: off when the
	// node does not register it.
	TrunkRegistration(trunkID string) TrunkRegistration
}
