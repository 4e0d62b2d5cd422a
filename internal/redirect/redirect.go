// Package redirect registers phones at their vendors' redirect services, so
// that a factory-fresh phone that asks its vendor where to fetch its profile
// is sent to Switchboard's /ztp/ URL.
//
// Each service has a connector in a sub-package named after it (yealink,
// snom, gigaset, fanvil, grandstream, poly); all of them implement
// Connector, so the outbox worker that calls them knows this package and
// never a vendor's name. Each sub-package has a <service>test package with a
// fake of the service on loopback, and redirecttest runs the same behaviour
// tests against every connector and its fake.
//
// Errors are *Error values whose Code is a switchboard error code:
// EUNAVAILABLE and ERATELIMIT may succeed when sent again (Retryable,
// RetryAfter), every other code is permanent and its Message is a sentence
// an administrator can act on.
//
// Use: the outbox worker that delivers MAC registrations
// builds one connector per redirect service account from its sealed
// credentials (each sub-package's Config), calls Register when a device
// turns "once" and Deregister when it is removed or its MAC changes, retries
// while Retryable (no sooner than RetryAfter) and stores
// switchboard.ErrorMessage of a permanent error on the device. Check
// answers the API's "where does this MAC point"; services without a look-up
// answer ErrNoLookup. Tests point Config.URL at a fake on 127.0.0.1.
package redirect

import "context"

// Connector speaks to one account at one redirect service.
type Connector interface {
	// Register points the device's MAC at url. Registering a MAC that the
	// account already holds moves it to url. A MAC held by another account
	// fails with ECONFLICT.
	Register(ctx context.Context, dev Device, url string) error
	// Deregister releases the MAC. A MAC the account does not hold is not
	// an error, so a retried removal ends in the same state.
	Deregister(ctx context.Context, mac string) error
	// Check tells whether the MAC points at this account, is free or is
	// held by another account.
	Check(ctx context.Context, mac string) (Status, error)
}

// Device is what a service needs to know about a phone to register it.
type Device struct {
	// MAC in any common notation; connectors parse it with ParseMAC.
	MAC string
	// Code is printed on the device label beside the MAC and is required
	// by some services to prove that the caller holds the device:
	// Grandstream GDMS asks for the serial number, Gigaset for the
	// four-character check code of the MAC-ID. Others ignore it.
	Code string
}

// State is where a MAC stands at a redirect service.
type State int

// The states Check reports.
const (
	// Free: no account holds the MAC.
	Free State = iota + 1
	// Ours: the connector's account holds the MAC; Status.URL says where it
	// points.
	Ours
	// Other: another account holds the MAC; registering it will fail until
	// that account releases it.
	Other
)

// String names the state for logs and the API.
func (s State) String() string {
	switch s {
	case Free:
		return "free"
	case Ours:
		return "ours"
	case Other:
		return "other"
	}
	return "unknown"
}

// Status is the answer of Check.
type Status struct {
	State State
	// URL is the provisioning URL the MAC points at when State is Ours and
	// the service tells it; empty otherwise.
	URL string
}
