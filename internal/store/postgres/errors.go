package postgres

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// Constraint names the constraint err violated: the name of the unique
// constraint or index (see the migrations), "foreign key" for a foreign
// key, and "" when err is not a constraint violation.
func (dialect) Constraint(err error) string {
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

// retryable reports whether err is a serialization failure or deadlock,
// after which the whole transaction may simply be run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}
