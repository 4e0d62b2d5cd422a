package switchboard

import "time"

// EventSearch narrows the event list as the portal's audit pages search
// it: EventFilter's customer and kind, and a text.
type EventSearch struct {
	EventFilter
	// Text, when not empty, keeps the events whose action, object,
	// detail, actor or address contain it, ignoring case.
	Text string
}

// AuditTx holds what the administrators' audit and outbox pages need of
// the store beyond Events and Messages. Errors as for Tx.
type AuditTx interface {
	// SearchEvents lists events like Events, narrowed by f.
	SearchEvents(f EventSearch, p Page) ([]*Event, string, error)
	// EventsAbout returns the events of action whose object is one of
	// objects, in id order: the log-in events name the person behind a
	// portal session after the session is gone.
	EventsAbout(action string, objects []string) ([]*Event, error)
	// ResendMessage gives a failed message a new round of attempts:
	// pending, no attempts, no last error, due at at. ENOTFOUND for an
	// unknown id, ECONFLICT for a message that has not failed.
	ResendMessage(id string, at time.Time) error
}
