package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

// constraint names the constraint err violated, as the dialect reports it.
func (t *tx) constraint(err error) string {
	if err == nil {
		return ""
	}
	return t.db.d.Constraint(err)
}

// conflictf returns an ECONFLICT application error.
func conflictf(format string, args ...any) error {
	return switchboard.Errorf(switchboard.ECONFLICT, format, args...)
}

// notFound returns the ENOTFOUND error for a missing record of kind.
func notFound(kind, id string) error {
	return switchboard.Errorf(switchboard.ENOTFOUND, "%s %q not found", kind, id)
}

// noRow maps sql.ErrNoRows to ENOTFOUND and wraps anything else.
func noRow(err error, kind, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(kind, id)
	}
	var e *switchboard.Error
	if errors.As(err, &e) {
		return err
	}
	return fmt.Errorf("read %s %s: %w", kind, id, err)
}

// affected turns an UPDATE or DELETE that touched no row into ENOTFOUND.
func affected(n int64, kind, id string) error {
	if n == 0 {
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
		if err := t.present(r); err != nil {
			return err
		}
	}
	return switchboard.Errorf(switchboard.ENOTFOUND, "a referenced record does not exist or belongs to another customer")
}

// present returns ENOTFOUND when the record r names does not exist.
func (t *tx) present(r ref) error {
	ok, err := t.exists(r.query, r.args...)
	if err != nil {
		return fmt.Errorf("check %s %s: %w", r.kind, r.id, err)
	}
	if !ok {
		return notFound(r.kind, r.id)
	}
	return nil
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

// exists reports whether query (a SELECT of one row) finds anything.
func (t *tx) exists(query string, args ...any) (bool, error) {
	var one int
	err := t.queryRow(query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// dependant is a table whose rows refer to a record through column, with
// what a deletion refused for them says (given the record's id and their
// number).
type dependant struct{ table, column, refusal string }

// deleteRecord deletes the record id of kind from table; ECONFLICT while
// rows of deps refer to it, or with inUse (given the id) when a foreign key
// refuses the deletion; ENOTFOUND when there is no such record.
func (t *tx) deleteRecord(kind, table, id, inUse string, deps ...dependant) error {
	for _, dep := range deps {
		var n int
		if err := t.queryRow(`SELECT count(*) FROM `+dep.table+` WHERE `+dep.column+` = ?`, id).Scan(&n); err != nil {
			return fmt.Errorf("delete %s %s: %w", kind, id, err)
		}
		if n > 0 {
			return conflictf(dep.refusal, id, n)
		}
	}
	n, err := t.exec(`DELETE FROM `+table+` WHERE id = ?`, id)
	if t.constraint(err) == "foreign key" {
		return conflictf(inUse, id)
	} else if err != nil {
		return fmt.Errorf("delete %s %s: %w", kind, id, err)
	}
	return affected(n, kind, id)
}

// unique says, by the names of unique constraints, what a write refused by
// each conflicts with.
type unique map[string]string

// refused turns the error of a refused write of the record id of kind, in
// table, into what it means to the caller: ECONFLICT saying what u gives
// for the unique constraint violated, or that the record exists for its
// primary key (table_pkey) missing from u; ENOTFOUND naming the first of
// refs missing when a foreign key refused the write; otherwise err wrapped.
func (t *tx) refused(err error, kind, table, id string, u unique, refs ...ref) error {
	c := t.constraint(err)
	if msg, ok := u[c]; ok {
		return conflictf("%s", msg)
	}
	switch {
	case c == table+"_pkey":
		return conflictf("%s %q already exists", kind, id)
	case c == "foreign key" && len(refs) > 0:
		return t.missingRef(refs...)
	}
	return fmt.Errorf("write %s %s: %w", kind, id, err)
}
