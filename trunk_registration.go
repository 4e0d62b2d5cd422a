package switchboard

import "time"

// TrunkRegistration is where one node's registration at a trunk stands.
// Every node registers a trunk with Register set under its own Contact (a
// trunk keeps one binding per node), so each node's state is its own; the
// store keeps every node's (TrunkStateTx) and the API shows the best of
// them (BestTrunkRegistration), the same whichever node answers.
type TrunkRegistration struct {
	// State is one of the TrunkRegistration states.
	State string `json:"state"`
	// ExpiresAt is when the trunk drops the binding unless refreshed; set
	// while registered.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// LastError says why the last attempt failed, for the administrator.
	LastError string `json:"last_error,omitempty"`
	// Node is the node whose registration this is; UpdatedAt when it
	// last reported it. Both are set by the store.
	Node      string    `json:"node,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
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
