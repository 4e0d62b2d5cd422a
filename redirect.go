package switchboard

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// RedirectAccount is an account at a vendor's redirect service (Yealink
// RPS, Snom SRAPS, …) through which Switchboard points factory-fresh phones
// at its /ztp/ URL. An operator account (CustomerID empty) serves every
// customer; a customer's own account at the vendor is preferred for that
// customer's devices. One account per service and owner keeps the choice
// unambiguous.
type RedirectAccount struct {
	ID string `json:"id"`
	// CustomerID is empty for an operator account.
	CustomerID string `json:"customer,omitempty"`
	// Service names the redirect service (RedirectService.Name), such as
	// "yealink".
	Service string `json:"service"`
	Name    string `json:"name"`
	// URL overrides the service's API base; only operators set it (tests
	// and the simulator point it at a loopback fake), so a customer's
	// administrator cannot make the server call arbitrary addresses.
	URL string `json:"url,omitempty"`
	// Settings are what the service needs besides credentials and may be
	// shown, such as Gigaset's provider name or GDMS's site id.
	Settings map[string]string `json:"settings"`
	// Credentials are the service's secrets by name; sealed at rest, never
	// returned by the API nor logged.
	Credentials map[string]string `json:"-"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// Validate checks the fields every service shares: a known-looking service
// name, a printable name and, when set, an http(s) URL without credentials.
// What each service needs of Settings and Credentials is checked by its
// entry in the list of services.
func (a *RedirectAccount) Validate() error {
	if strings.TrimSpace(a.Service) == "" {
		return FieldErrorf("service", "service is required: one of yealink, snom, gigaset, fanvil, grandstream, poly")
	}
	if n := utf8.RuneCountInString(a.Name); n == 0 || n > 100 || strings.TrimSpace(a.Name) != a.Name {
		return FieldErrorf("name", "name is required: 1 to 100 characters without leading or trailing spaces")
	}
	if strings.ContainsFunc(a.Name, Unprintable) {
		return FieldErrorf("name", "name may not contain control characters")
	}
	if a.URL == "" {
		return nil
	}
	u, err := url.Parse(a.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return FieldErrorf("url", "url must be an http or https URL without user or password, such as https://rps.example.net")
	}
	return nil
}

// RedirectState is where a device stands with its redirect service.
type RedirectState string

// Redirect states shown on a device.
const (
	// RedirectPending: a call to the service is queued or being retried.
	RedirectPending RedirectState = "pending"
	// RedirectRegistered: the service sends the MAC to /ztp/.
	RedirectRegistered RedirectState = "registered"
	// RedirectReleased: the service no longer holds the MAC for us.
	RedirectReleased RedirectState = "released"
	// RedirectFailed: the service refused; Message says what to do.
	RedirectFailed RedirectState = "failed"
	// RedirectUnavailable: nothing was sent, because the model has no
	// redirect service, no account serves it or the label code is missing.
	RedirectUnavailable RedirectState = "unavailable"
)

// RedirectStatus is the outcome of a device's last call to its redirect
// service, in words an administrator can act on.
type RedirectStatus struct {
	State RedirectState `json:"state"`
	// Service is the service's title ("Yealink RPS"); AccountID the
	// account used.
	Service   string `json:"service,omitempty"`
	AccountID string `json:"account,omitempty"`
	// MAC is the MAC the call was about.
	MAC string `json:"mac,omitempty"`
	// Message says what happened and, for a failure, what to do.
	Message string    `json:"message"`
	At      time.Time `json:"at"`
	// NextAttemptAt is when a waiting call is tried again.
	NextAttemptAt time.Time `json:"next_attempt_at,omitzero"`
}

// Redirect calls travel through the outbox as messages of ChannelRedirect:
// To is the device's id (so one device's calls go out in order), Subject
// the account's id and Text the sealed RedirectCall.
const (
	MessageRedirectRegister   = "redirect_register"
	MessageRedirectDeregister = "redirect_deregister"
)

// RedirectCall is the body of a redirect message: what to ask which
// account about which MAC.
type RedirectCall struct {
	AccountID string `json:"account"`
	DeviceID  string `json:"device"`
	MAC       string `json:"mac"`
	// Code is the device's label code (LabelCode) at the time of the call.
	Code string `json:"code,omitempty"`
	// URL is where the MAC is to point, for a registration.
	URL string `json:"url,omitempty"`
}

// RedirectTx is implemented by the Tx of stores that keep redirect service
// accounts. Errors as for Tx.
type RedirectTx interface {
	// CreateRedirectAccount stores a with its credentials sealed;
	// ECONFLICT when the owner already has an account for the service,
	// ENOTFOUND for an unknown customer.
	CreateRedirectAccount(a *RedirectAccount) error
	RedirectAccount(id string) (*RedirectAccount, error)
	// UpdateRedirectAccount writes name, URL, settings, credentials and
	// UpdatedAt.
	UpdateRedirectAccount(a *RedirectAccount) error
	// DeleteRedirectAccount fails with ECONFLICT while redirect messages
	// for the account wait in the outbox.
	DeleteRedirectAccount(id string) error
	// RedirectAccounts lists the accounts whose owner is exactly
	// customerID: an empty id lists the operator's accounts.
	RedirectAccounts(customerID string, p Page) ([]*RedirectAccount, string, error)
	// RedirectAccountFor returns the account of service that serves the
	// customer's devices: the customer's own, else the operator's;
	// ENOTFOUND when neither exists.
	RedirectAccountFor(customerID, service string) (*RedirectAccount, error)
	// SetDeviceRedirect records the outcome of a redirect call on a
	// device without touching its other fields; ENOTFOUND for a device
	// that no longer exists.
	SetDeviceRedirect(deviceID string, st RedirectStatus) error
}
