package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/switchboard-pbx/switchboard"
)

// constraint names the constraint err violated: the name of the unique
// constraint or index (see the migrations), "foreign key" for a foreign
// key, and "" when err is not a constraint violation.
func constraint(err error) string {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return ""
	}
	switch pe.Code {
	case "23505":
		return pe.ConstraintName
	case "23503":
		return "foreign key"
	}
	return ""
}

// conflictf returns an ECONFLICT application error.
func conflictf(format string, args ...any) error {
	return switchboard.Errorf(switchboard.ECONFLICT, format, args...)
}

// notFound returns the ENOTFOUND error for a missing record of kind.
func notFound(kind, id string) error {
	return switchboard.Errorf(switchboard.ENOTFOUND, "%s %q not found", kind, id)
}

// noRow maps pgx.ErrNoRows to ENOTFOUND and wraps anything else.
func noRow(err error, kind, id string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound(kind, id)
	}
	var e *switchboard.Error
	if errors.As(err, &e) {
		return err
	}
	return fmt.Errorf("read %s %s: %w", kind, id, err)
}

// affected turns an UPDATE or DELETE that touched no row into ENOTFOUND.
func affected(tag pgconn.CommandTag, kind, id string) error {
	if tag.RowsAffected() == 0 {
		return notFound(kind, id)
	}
	return nil
}

// ref is a record a write refers to, checked after a foreign key failure
// to tell which one is missing.
type ref struct {
	kind, id, query string
	args            []any
}

// missingRef names the first referenced record that does not exist, for a
// write refused by a foreign key. If all exist, the reference crossed
// customers, which reads the same to the caller: not found.
func (t *tx) missingRef(refs ...ref) error {
	for _, r := range refs {
		if r.id == "" {
			continue
		}
		ok, err := t.exists(r.query, r.args...)
		if err != nil {
			return fmt.Errorf("check %s %s: %w", r.kind, r.id, err)
		}
		if !ok {
			return notFound(r.kind, r.id)
		}
	}
	return switchboard.Errorf(switchboard.ENOTFOUND, "a referenced record does not exist or belongs to another customer")
}

func customerRef(id string) ref {
	return ref{kind: "customer", id: id, query: `SELECT 1 FROM customers WHERE id = ?`, args: []any{id}}
}

func siteRef(customerID, id string) ref {
	return ref{kind: "site", id: id, query: `SELECT 1 FROM sites WHERE customer_id = ? AND id = ?`, args: []any{customerID, id}}
}

func workplaceRef(customerID, id string) ref {
	return ref{kind: "workplace", id: id, query: `SELECT 1 FROM workplaces WHERE customer_id = ? AND id = ?`, args: []any{customerID, id}}
}

func deviceRef(customerID, id string) ref {
	return ref{kind: "device", id: id, query: `SELECT 1 FROM devices WHERE customer_id = ? AND id = ?`, args: []any{customerID, id}}
}
