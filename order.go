package switchboard

import "time"

// OrderState is the progress of an order through the worker.
type OrderState string

// Order states.
const (
	OrderOpen       OrderState = "open"
	OrderProcessing OrderState = "processing"
	OrderDone       OrderState = "done"
	OrderFailed     OrderState = "failed"
)

// Order is a change to a customer's contract (seed 001 "Auftrag") that a
// worker carries out: creating a workplace, changing its package, deleting it.
type Order struct {
	ID          string     `json:"id"`
	CustomerID  string     `json:"customer"`
	WorkplaceID string     `json:"workplace,omitempty"`
	Kind        string     `json:"kind"`
	Items       []string   `json:"items"`
	State       OrderState `json:"state"`
	Error       string     `json:"error,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Event is one entry in the audit trail (who changed what, when) or a
// security event (a refused key, a reused initial login).
type Event struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer,omitempty"`
	Kind       string `json:"kind"`
	// Actor is the id of the token (or the name of the part of the
	// system) that caused the event, for the audit.
	Actor     string `json:"actor"`
	ActorRole Role   `json:"actor_role,omitempty"`
	// ActorName is Actor for people: the token's name, or its role and
	// customer when it has none. It is filled in when events are read,
	// so a renamed or deleted token is shown as it is now.
	ActorName string    `json:"actor_name,omitempty"`
	Action    string    `json:"action"`
	Object    string    `json:"object"`
	Detail    string    `json:"detail,omitempty"`
	IP        string    `json:"ip,omitempty"`
	At        time.Time `json:"at"`
}

// Event kinds.
const (
	EventAudit    = "audit"
	EventSecurity = "security"
)
