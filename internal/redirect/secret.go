package redirect

import "log/slog"

// Secret holds a password or key of a service account. It prints, formats
// and logs as "[redacted]" so a credentials struct can be logged or wrapped
// into an error whole without leaking; Reveal gives the value to the code
// that signs a request.
type Secret string

const redacted = "[redacted]"

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// String redacts the secret for fmt's %v and %s.
func (s Secret) String() string { return redacted }

// GoString redacts the secret for fmt's %#v.
func (s Secret) GoString() string { return redacted }

// LogValue redacts the secret for log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText redacts the secret for encoding/json and encoding/xml, which
// slog's JSON handler uses for structs; storing a secret takes Reveal.
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// Login is a user name and password, the credentials of the services that
// take HTTP Basic authentication (Snom, Gigaset, Fanvil).
type Login struct {
	User     string
	Password Secret
}

// String shows the user and hides the password.
func (l Login) String() string { return l.User + ":" + redacted }

// LogValue shows the user and hides the password.
func (l Login) LogValue() slog.Value { return slog.StringValue(l.String()) }
