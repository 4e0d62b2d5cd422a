package redirect

import (
	"errors"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Error is a failed call to a redirect service, classified for the caller:
// the outbox retries what is Retryable (after RetryAfter when the service
// asked for a pause) and shows Message on the device for anything else.
type Error struct {
	// Code is a switchboard error code: EUNAVAILABLE or ERATELIMIT for a
	// failure another attempt may fix; ECONFLICT for a MAC held by another
	// account, EUNAUTHORIZED for refused credentials, EINVALID for input
	// the service refuses.
	Code string
	// Message is a plain English sentence an administrator can act on.
	Message string
	// RetryAfter is the pause the service asked for (HTTP Retry-After),
	// zero when it named none.
	RetryAfter time.Duration
	// Err is the underlying cause, for logs.
	Err error
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s (%v)", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

// Unwrap exposes the cause and an application error with the same code and
// message, so switchboard.ErrorCode and switchboard.ErrorMessage read it
// like any domain error.
func (e *Error) Unwrap() []error {
	return []error{&switchboard.Error{Code: e.Code, Message: e.Message}, e.Err}
}

// Errorf builds an Error with a formatted message and no cause.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Unavailable reports that a service could not be reached or failed on its
// side; the call may succeed later.
func Unavailable(service string, cause error) *Error {
	return &Error{
		Code:    switchboard.EUNAVAILABLE,
		Message: service + " could not be reached or failed; the call is repeated later.",
		Err:     cause,
	}
}

// Unreadable reports an answer that does not follow the service's API. It
// is retried: a service in the middle of an update may answer this way, and
// the outbox gives up after its attempts run out.
func Unreadable(service string, cause error) *Error {
	return &Error{
		Code:    switchboard.EUNAVAILABLE,
		Message: service + " gave an answer Switchboard cannot read; the call is repeated later.",
		Err:     cause,
	}
}

// Unauthorized reports credentials the service refuses.
func Unauthorized(service string, cause error) *Error {
	return &Error{
		Code:    switchboard.EUNAUTHORIZED,
		Message: service + " refused the service account's credentials; correct them in the redirect service account.",
		Err:     cause,
	}
}

// Retryable reports whether another attempt of the call may succeed: the
// service was unreachable, failed on its side or asked to slow down. Errors
// that are not *Error (a bug, not the service) are not retried.
func Retryable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code == switchboard.EUNAVAILABLE || e.Code == switchboard.ERATELIMIT
}

// RetryAfter returns the pause the service asked for before the next
// attempt, zero if it named none.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// ErrNoLookup is wrapped by the error of Check at a service whose API has
// no look-up of a MAC; the caller keeps what it registered as the truth.
var ErrNoLookup = errors.New("the service offers no look-up of a MAC")

// NoLookup is Check at a service without a look-up: EINVALID for a
// malformed MAC, else an error wrapping ErrNoLookup.
func NoLookup(service, mac string) (Status, error) {
	if _, err := ParseMAC(mac); err != nil {
		return Status{}, err
	}
	return Status{}, &Error{Code: switchboard.EINVALID, Err: ErrNoLookup,
		Message: service + " offers no look-up of a MAC; its web portal shows where the MAC points."}
}

// Owned reports a MAC that another account of the service holds. vendor is
// whom the administrator can ask when the other account is not theirs.
func Owned(service, vendor string, mac MAC) *Error {
	return Errorf(switchboard.ECONFLICT,
		"The phone's MAC %s is registered to another %s account; release it there or ask %s to release it.",
		mac.Format(":", true), service, vendor)
}
