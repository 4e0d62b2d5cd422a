package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// timeLayout is how TextTime writes a time: fixed-width UTC text, which
// sorts as text and keeps nanoseconds.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// TextTime encodes t for a TEXT time column, for a database without a time
// type; the zero time becomes "", which sorts before every other time.
func TextTime(t time.Time) any {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// NativeTime encodes t for a TIMESTAMPTZ column; the zero time becomes
// NULL.
func NativeTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// timeCol scans a time column written by TextTime or NativeTime; NULL and
// "" read as the zero time and every other value in UTC.
type timeCol struct{ t *time.Time }

// Scan implements sql.Scanner.
func (c timeCol) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case nil:
	case time.Time:
		*c.t = v.UTC()
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("time column: unexpected %T", v)
	}
	if s == "" {
		*c.t = time.Time{}
		return nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return fmt.Errorf("time column: %w", err)
	}
	*c.t = t.UTC()
	return nil
}

// nullable stores an empty reference as NULL, so foreign keys and unique
// indexes ignore it.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// strCol scans a TEXT column that may be NULL; NULL reads as "".
type strCol struct{ s *string }

// Scan implements sql.Scanner.
func (c strCol) Scan(v any) error {
	var ns sql.NullString
	if err := ns.Scan(v); err != nil {
		return err
	}
	*c.s = ns.String
	return nil
}

// encList encodes a slice as JSON text; nil becomes "[]".
func encList[T any](v []T) (string, error) {
	if v == nil {
		v = []T{}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode list: %w", err)
	}
	return string(b), nil
}

// encJSON encodes an optional value as JSON text; the zero value
// becomes "".
func encJSON[T comparable](v T) (string, error) {
	var zero T
	if v == zero {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode value: %w", err)
	}
	return string(b), nil
}

// jsonCol scans a JSON text column written by encJSON; "" is the zero
// value.
type jsonCol[T any] struct{ v *T }

// Scan implements sql.Scanner.
func (c jsonCol[T]) Scan(v any) error {
	var b []byte
	switch v := v.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	case nil:
	default:
		return fmt.Errorf("JSON column: unexpected %T", v)
	}
	var out T
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			return fmt.Errorf("JSON column: %w", err)
		}
	}
	*c.v = out
	return nil
}

// listCol scans a JSON text column into a slice, never leaving it nil.
type listCol[T any] struct{ v *[]T }

// Scan implements sql.Scanner.
func (c listCol[T]) Scan(v any) error {
	var out []T
	if err := (jsonCol[[]T]{&out}).Scan(v); err != nil {
		return err
	}
	if out == nil {
		out = []T{}
	}
	*c.v = out
	return nil
}

// seal encrypts the secrets for their BYTEA or BLOB columns; an empty
// secret is stored as NULL.
func (t *tx) seal(secrets ...string) ([]any, error) {
	out := make([]any, len(secrets))
	for i, s := range secrets {
		if s == "" {
			continue
		}
		b, err := t.db.kr.Seal([]byte(s))
		if err != nil {
			return nil, fmt.Errorf("seal secret: %w", err)
		}
		out[i] = b
	}
	return out, nil
}

// secretCol scans a sealed BYTEA or BLOB column and opens it with the
// keyring.
type secretCol struct {
	kr switchboard.Keyring
	s  *string
}

// Scan implements sql.Scanner.
func (c secretCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.s = ""
		return nil
	case []byte:
		if len(v) == 0 {
			*c.s = ""
			return nil
		}
		p, err := c.kr.Open(v)
		if err != nil {
			return err
		}
		*c.s = string(p)
		return nil
	}
	return fmt.Errorf("secret column: unexpected %T", v)
}

func (t *tx) secret(s *string) secretCol { return secretCol{kr: t.db.kr, s: s} }

// index returns the keyed hash of a secret used to find it, or NULL for an
// empty one.
func (t *tx) index(secret string) any {
	if secret == "" {
		return nil
	}
	return t.db.kr.Index(secret)
}
