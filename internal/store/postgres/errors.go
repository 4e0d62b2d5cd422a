package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"
	"github.com/switchboard-pbx/switchboard"
)

// errUnavailable is what callers are told when the database cannot be
// reached; the cause stays in the chain for the log.
var errUnavailable = switchboard.Errorf(switchboard.EUNAVAILABLE, "The database cannot be reached at the moment; try again in a few seconds.")

// unavailable marks err as EUNAVAILABLE when it says that the database
// cannot be reached: a connection refused, reset, broken or timed out, the
// server shutting down or refusing connections, a pool closed while
// stopping. The request may then succeed when sent again (the pool drops a
// broken connection and opens a new one), unlike after a failure of its
// own. A cancellation by the caller is left as it is: the caller knows.
func unavailable(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || !unreachable(err) {
		return err
	}
	return fmt.Errorf("%w (cause: %w)", errUnavailable, err)
}

// unreachable reports whether err comes from reaching the database rather
// than from what was asked of it.
func unreachable(err error) bool {
	var (
		ce *pgconn.ConnectError
		ne net.Error
		pe *pgconn.PgError
	)
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.Timeout(err),
		errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, puddle.ErrClosedPool),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	case errors.As(err, &pe):
		// Class 08 is "connection exception"; 57P01–57P03 a server
		// shutting down, crashed or starting; 53300 too many connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" || pe.Code == "53300"
	}
	return false
}

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
