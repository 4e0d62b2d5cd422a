package switchboard

import (
	"errors"
	"fmt"
	"log/slog"
)

// Error codes are the only failure categories a client ever sees. Adapters map
// them to protocol status codes (HTTP, SIP) in one table each, so that a rule
// written once in the domain yields the same answer on every interface.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ERATELIMIT    = "rate_limited"
	EINTERNAL     = "internal"
	// EUNAVAILABLE says that something the request needs, such as the
	// database, cannot be reached for now: the same request may succeed
	// when it is sent again a little later.
	EUNAVAILABLE = "unavailable"
)

// Error is an application error: a code from the list above and a message a
// person can act on. Anything that is not an *Error is reported to clients as
// an internal error and its details are only logged.
type Error struct {
	Code    string
	Message string
	// Field names the input field that failed, when there is one, so forms
	// and API clients can point at it.
	Field string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an application error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf builds an invalid-input error tied to one input field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first application error in err's chain,
// EINTERNAL for any other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first application error in err's
// chain. Other errors yield a generic text so internals never leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorField returns the input field an application error refers to, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// Severity is the level a failed background round is logged at: warn
// while something it needs is unavailable (the round is retried and the
// outage is reported where it is seen), error for anything else.
func Severity(err error) slog.Level {
	if ErrorCode(err) == EUNAVAILABLE {
		return slog.LevelWarn
	}
	return slog.LevelError
}
